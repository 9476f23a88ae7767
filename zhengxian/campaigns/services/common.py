"""Helpers shared by the services: values fit for JSON, the locked campaign row, and a
stored campaign as campaign-file data checked by the file's own rules."""

from __future__ import annotations

import datetime as dt
from typing import Any

import yaml

from zhengxian.engine.sources import registry
from zhengxian.orgs.models import UnitKind

from ..campaign_file import CampaignSpec, campaign_to_data, load_campaign_file
from ..campaign_file.export import _Dumper as CampaignFileDumper
from ..campaign_file.export import with_declared_codes
from ..models import Campaign
from ..selectors import campaign_to_spec


def _json_safe(value: Any) -> Any:
    """Decimals become strings so that JSON keeps them exact; dates become ISO strings."""
    from decimal import Decimal

    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict) or hasattr(value, "items"):
        return {str(k): _json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json_safe(v) for v in value]
    return value


def _locked_campaign(campaign: Campaign) -> Campaign:
    """The campaign row, locked, so that concurrent edits of its tree run one at a time."""
    return (
        Campaign.objects.select_for_update(of=("self",))
        .select_related("owner_unit")
        .get(pk=campaign.pk)
    )


def _campaign_data(campaign: Campaign) -> dict[str, Any]:
    return campaign_to_data(campaign_to_spec(campaign))


def _load_data(data: dict[str, Any]) -> CampaignSpec:
    """Checks campaign-file data by the file's own rules: dumps it and loads it again.
    The editor's leaves declare the checklist and panel codes they name."""
    data = with_declared_codes(data)
    text = yaml.dump(data, Dumper=CampaignFileDumper, allow_unicode=True, sort_keys=False)
    return load_campaign_file(text, sources=registry, unit_kinds=UnitKind.values)
