"""The shapes of the campaign endpoints (routers/campaigns.py): what they read and take."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, Literal

from ninja import Schema

from zhengxian.campaigns.models import CampaignStatus

from .filters import ListParams
from .schemas import Ref


class CampaignListParams(ListParams):
    """Besides the common ones (``unit``: campaigns organised by, or with a competing unit
    in, this unit's subtree; ``date_from``/``date_to``: campaigns running on some day of the
    range): ``status`` and ``year``."""

    status: CampaignStatus | None = None
    year: int | None = None


class CampaignOut(Schema):
    id: int
    code: str
    name: str
    year: int
    start: dt.date
    end: dt.date
    period_length: str
    status: str
    publication_mode: str
    owner_unit: Ref
    period_count: int
    published_count: int


class TierOut(Schema):
    name: str
    min: str | None


class GroupOut(Schema):
    code: str
    name: str
    members: int


class PeriodOut(Schema):
    id: int
    index: int
    key: str
    label: str
    start: dt.date
    end: dt.date
    status: str


class CampaignDetailOut(CampaignOut):
    preview_days: int
    bonus_cap: str
    penalty_cap: str
    tiers: list[TierOut]
    list_size: int
    groups: list[GroupOut]
    periods: list[PeriodOut]
    can_manage: bool
    tree_frozen_by: int | None


class NodeOut(Schema):
    id: int
    code: str
    name: str
    kind: Literal["dimension", "leaf"]
    weight: str
    order: int
    parent: str | None
    depth: int
    source: str
    source_params: dict[str, Any]
    method: str
    method_params: dict[str, Any]
    lower_is_better: bool
    when_empty: str


class TreeOut(Schema):
    campaign: int
    frozen: bool
    nodes: list[NodeOut]


class TierIn(Schema):
    name: str
    min: Decimal | None = None


class CampaignUpdateIn(Schema):
    """Fields left out keep their value."""

    name: str | None = None
    preview_days: int | None = None
    bonus_cap: Decimal | None = None
    penalty_cap: Decimal | None = None
    status: str | None = None
    publication_mode: str | None = None
    tiers: list[TierIn] | None = None
    list_size: int | None = None


class LeafIn(Schema):
    code: str
    name: str
    order: int | None = None
    weight: Decimal | None = None
    source: str = ""
    source_params: dict[str, Any] | None = None
    method: str = ""
    method_params: dict[str, Any] | None = None
    lower_is_better: bool = False
    when_empty: str = "full"


class NodeCreateIn(LeafIn):
    """A leaf, or a dimension (``kind: "dimension"``, no weight, source or method of its
    own) with its ``first_child`` leaf."""

    kind: Literal["leaf", "dimension"] = "leaf"
    parent: int | None = None
    first_child: LeafIn | None = None


class NodeUpdateIn(Schema):
    """Fields left out keep their value; ``parent: null`` moves the node to the top."""

    code: str | None = None
    name: str | None = None
    parent: int | None = None
    order: int | None = None
    weight: Decimal | None = None
    source: str | None = None
    source_params: dict[str, Any] | None = None
    method: str | None = None
    method_params: dict[str, Any] | None = None
    lower_is_better: bool | None = None
    when_empty: str | None = None


LEAF_ONLY = (
    "weight",
    "source",
    "source_params",
    "method",
    "method_params",
    "lower_is_better",
    "when_empty",
)
