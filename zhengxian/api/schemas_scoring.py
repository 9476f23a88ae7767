"""The shapes of scores, rankings and publications (routers/scoring.py). Points are decimal
text with two places ("93.00"), as stored and as the digests cover them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Schema

from .pagination import DEFAULT_LIMIT


class PeriodRef(Schema):
    id: int
    key: str
    label: str
    campaign_id: int


class UnitRef(Schema):
    id: int
    code: str
    name: str


class SheetOut(Schema):
    """The version of a period's result the answer comes from."""

    version: int
    status: str  # preview (公示) or published
    preview_until: dt.date | None
    published_at: dt.datetime | None
    digest: str | None  # published only


class StandingOut(Schema):
    """A unit's place as a tiers-only or lists-only campaign publishes it, shown instead of
    its rank to whom the mode withholds ranks."""

    mode: str  # tiers or lists
    tier: str | None
    red: bool
    black: bool


class RankingRowOut(Schema):
    unit: UnitRef
    total: str
    rank: int
    group_size: int
    previous_rank: int | None
    movement: int | None  # previous period's published rank − this rank; null: new
    own: bool  # the caller belongs to this unit (or to a unit below it)
    can_open: bool  # the caller may open this unit's score card


class RankingGroupOut(Schema):
    code: str
    name: str
    size: int
    rows: list[RankingRowOut]


class ModeUnitOut(Schema):
    unit: UnitRef
    own: bool


class ModeTierOut(Schema):
    name: str
    min: str | None
    units: list[ModeUnitOut]


class ModeGroupOut(Schema):
    code: str
    name: str
    tiers: list[ModeTierOut]  # tiers mode: each tier, best first, units by code
    red: list[ModeUnitOut]  # lists mode: units by code (no order inside a list)
    black: list[ModeUnitOut]


class PreviewRowOut(Schema):
    unit: UnitRef
    total: str
    rank: int | None  # null where the mode withholds ranks from the caller
    group_size: int | None
    may_appeal: bool
    appeal_until: dt.date | None
    own: bool


class PeriodRankingOut(Schema):
    period: PeriodRef
    view: str  # full | tiers | lists | own_preview | none
    sheet: SheetOut | None
    groups: list[RankingGroupOut]  # view full
    mode_groups: list[ModeGroupOut]  # view tiers or lists
    list_size: int | None  # view lists
    own_preview: list[PreviewRowOut]  # view own_preview


class ScoreParams(Schema):
    """``cursor``: the ``next_cursor`` of the page before; ``limit``: items per page (1–200,
    50 by default); ``unit``: only this unit and the units below it (outside the caller's
    scope: 404); ``group``: only this competition group's units."""

    cursor: str | None = None
    limit: int = DEFAULT_LIMIT
    unit: int | None = None
    group: str = ""


class ScoreOut(Schema):
    unit: UnitRef
    group: str
    version: int
    status: str  # preview or published: the sheet this unit's figures come from
    total: str
    leaf_sum: str
    bonus: str
    penalty: str
    rank: int | None  # null where the mode withholds ranks from the caller
    group_size: int | None
    standing: StandingOut | None


class LineOut(Schema):
    """A dimension (``kind`` dimension: ``points`` its subtotal, ``maximum`` its weight) or a
    leaf (``kind`` leaf, with how its points came about), in tree order."""

    kind: str
    code: str
    name: str
    depth: int
    points: str
    maximum: str
    percent: str
    raw: str | None = None
    numerator: str | None = None
    denominator: str | None = None
    method: str | None = None
    method_label: str | None = None
    explanation: str | None = None  # the method in words, as the score card says it
    value: str | None = None
    ratio: str | None = None
    source_label: str | None = None
    when_empty_applied: bool = False
    when_empty: str | None = None  # the missing-data rule that gave the points, in words
    overridden: bool = False
    evidence_count: int = 0
    evidence_refs: list[str] = []  # the first 100 references ("app_label.model:pk")
    evidence_url: str | None = None


class PointsLostOut(Schema):
    code: str
    name: str
    lost: str
    why: str


class PointsLostBlockOut(Schema):
    shown: list[PointsLostOut]  # the largest losses first, as many as the card shows
    more: int  # how many more leaves lost points
    total: str


class RadarOut(Schema):
    code: str
    name: str
    percent: str
    group_percent: str


class ScorecardOut(Schema):
    period: PeriodRef
    unit: UnitRef
    sheet: SheetOut | None  # null: nothing the caller may see has been computed yet
    group: str | None
    group_name: str | None
    total: str | None
    leaf_sum: str | None
    bonus: str | None
    penalty: str | None
    bonus_claimed: str | None  # the claimed bonus, when the cap cut it
    penalty_claimed: str | None
    rank: int | None
    group_size: int | None
    standing: StandingOut | None
    may_appeal: bool
    lines: list[LineOut]
    points_lost: PointsLostBlockOut | None
    radar: list[RadarOut]


class EvidenceOut(Schema):
    ref: str
    kind: str
    title: str
    day: dt.date | None
    url: str
    detail: str


class EvidenceParams(Schema):
    """``cursor``: the ``next_cursor`` of the page before; ``limit``: records per page
    (1–100, 100 by default, as the page)."""

    cursor: str | None = None
    limit: int = 100


class EvidencePageOut(Schema):
    period: PeriodRef
    unit: UnitRef
    leaf: LineOut
    sheet: SheetOut | None
    count: int
    items: list[EvidenceOut]
    next_cursor: str | None = None


class TrendPointOut(Schema):
    period: PeriodRef
    version: int
    total: str
    rank: int | None
    group_size: int | None
    movement: int | None
    group_mean: str | None
    standing: StandingOut | None


class TrendOut(Schema):
    campaign_id: int
    unit: UnitRef
    shows_ranks: bool
    points: list[TrendPointOut]


class PublicationParams(Schema):
    """``cursor``, ``limit`` as every list; ``campaign``, ``period``: only that campaign's or
    period's publications (outside the caller's scope: 404)."""

    cursor: str | None = None
    limit: int = DEFAULT_LIMIT
    campaign: int | None = None
    period: int | None = None


class PublicationOut(Schema):
    id: int
    publication_seq: int
    campaign_id: int
    campaign_code: str
    period: PeriodRef
    version: int
    status: str  # published, or superseded by a correction (the campaign office only)
    reason: str
    published_at: dt.datetime | None
    digest: str
    prev_digest: str


class PublishedRowOut(Schema):
    """One unit's row of the snapshot. ``row_digest`` is there for a caller who sees the
    full ranking; ``content`` (the exact object the row digest covers) for a unit whose score
    card the caller may open, where the caller reads ranks."""

    unit: UnitRef
    group: str
    total: str | None
    rank: int | None
    group_size: int | None
    standing: StandingOut | None
    row_digest: str | None
    content: dict[str, Any] | None


class PublicationDetailOut(PublicationOut):
    mode: str  # full, tiers or lists: what this answer shows the caller
    rows: list[PublishedRowOut]  # in the order the digest takes them (unit code)


class VerificationOut(Schema):
    publication_id: int
    publication_seq: int
    digest: str
    prev_digest: str
    digest_holds: bool  # every row and the sheet recompute to their stored digests
    chain_holds: bool  # it follows the publication before it, none missing in between
    intact: bool
    problems: list[str]  # what manage.py verify_publications says of this publication
    earlier_problems: int  # problems found in the publications before it
    publications_checked: int
