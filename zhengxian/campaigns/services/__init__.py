"""Writes of campaigns: loading a campaign file into the database, periods, membership,
and edits of a loaded campaign and its indicator tree."""

from __future__ import annotations

from .drafts import NodeFields
from .loading import campaign_create_from_spec, campaign_load_file
from .memberships import campaign_sync_members
from .periods import campaign_create_periods
from .tree import indicator_node_create, indicator_node_delete, indicator_node_update
from .update import campaign_update

__all__ = [
    "NodeFields",
    "campaign_create_from_spec",
    "campaign_create_periods",
    "campaign_load_file",
    "campaign_sync_members",
    "campaign_update",
    "indicator_node_create",
    "indicator_node_delete",
    "indicator_node_update",
]
