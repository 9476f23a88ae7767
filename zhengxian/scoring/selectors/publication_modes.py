"""What a published period shows in each publication mode (product.md, "Publication modes"):
the full ranking, each unit's tier only (分档), or the red and black lists only; and what a
unit reads of its own place on its score card and trend (`sees_ranks`, `unit_standings`).

The rules are pure and shared: the ranking pages, the public pages and the results export
here, the circular in cockpit (``cockpit/circulars/figures.py``). The campaign office always
sees the full ranking; everyone else sees what the mode publishes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from zhengxian.campaigns.campaign_file.spec import TierSpec, tier_for
from zhengxian.campaigns.models import Campaign, CompetitionGroup, Period, PublicationMode
from zhengxian.campaigns.selectors import campaign_tiers
from zhengxian.orgs.duties import is_own_unit
from zhengxian.orgs.roles import Perm
from zhengxian.orgs.scope import scope_for

from ..models import ScoreSheet, UnitScore


def list_marks(lines: Sequence[tuple[int, Decimal]], size: int) -> list[tuple[bool, bool]]:
    """(red, black) for each (rank, total) of one group. The red list is the group's best
    ``size`` by rank, ties included; the black list its last ``size`` by total from the
    bottom, ties included, never a unit on the red list."""
    totals = [total for _rank, total in lines]
    marks = []
    for rank, total in lines:
        red = rank <= size
        below = sum(1 for other in totals if other < total)
        marks.append((red, not red and below < size))
    return marks


def sees_full_ranking(user: Any, campaign: Campaign) -> bool:
    """The campaign office sees every mode's full ranking; others see what the mode shows."""
    if campaign.publication_mode == PublicationMode.FULL:
        return True
    return scope_for(user).can(Perm.MANAGE_CAMPAIGN, campaign.owner_unit)


def sees_ranks(user: Any, campaign: Campaign) -> bool:
    """Whether ``user`` reads rank numbers on a unit's own pages (score card, trend, preview,
    appeal). In the full mode everyone who sees the card does. In the tiers-only and
    lists-only modes the campaign office (MANAGE_CAMPAIGN) and the leadership (VIEW_COCKPIT)
    over the organising unit still do; a unit's leader and cadres read their points and
    their tier or lists instead, never a rank: a rank number is the ranking the mode
    withholds."""
    if campaign.publication_mode == PublicationMode.FULL:
        return True
    scope = scope_for(user)
    return scope.can(Perm.MANAGE_CAMPAIGN, campaign.owner_unit) or scope.can(
        Perm.VIEW_COCKPIT, campaign.owner_unit
    )


@dataclass(frozen=True)
class Standing:
    """A unit's place in a period as its campaign's mode publishes it, for its own pages."""

    mode: str
    tier: str = ""  # tiers mode
    red: bool = False  # lists mode
    black: bool = False


def unit_standings(campaign: Campaign, rows: Sequence[UnitScore]) -> dict[int, Standing]:
    """The standing of each of ``rows`` (one unit's rows of one or more sheets), by row id:
    its tier from its total, its lists from its group's ranks and totals (one query)."""
    tiers = campaign_tiers(campaign)
    groups: dict[tuple[int, str], list[tuple[int, int, Decimal]]] = {}
    if campaign.publication_mode == PublicationMode.LISTS and rows:
        lines = (
            UnitScore.objects.filter(
                sheet_id__in={row.sheet_id for row in rows},
                group_code__in={row.group_code for row in rows},
            )
            .order_by("rank", "unit_id")
            .values_list("sheet_id", "group_code", "unit_id", "rank", "total")
        )
        for sheet_id, group_code, unit_id, rank, total in lines:
            groups.setdefault((sheet_id, group_code), []).append((unit_id, rank, total))
    standings = {}
    for row in rows:
        members = groups.get((row.sheet_id, row.group_code), [])
        marks = list_marks([(rank, total) for _unit, rank, total in members], campaign.list_size)
        mine = [
            mark
            for (unit_id, *_), mark in zip(members, marks, strict=True)
            if unit_id == row.unit_id
        ]
        red, black = mine[0] if mine else (False, False)
        standings[row.pk] = Standing(
            mode=campaign.publication_mode, tier=tier_for(row.total, tiers), red=red, black=black
        )
    return standings


def standings_for(
    user: Any, campaign: Campaign, rows: Sequence[UnitScore]
) -> dict[int, Standing] | None:
    """None when ``user`` reads ranks (`sees_ranks`); else the standing of each row by id,
    which a unit's own pages show in place of its rank."""
    if sees_ranks(user, campaign):
        return None
    return unit_standings(campaign, rows)


@dataclass(frozen=True)
class ModeUnit:
    unit_id: int
    code: str
    name: str
    group: str
    tier: str
    red: bool
    black: bool
    own: bool = False


@dataclass(frozen=True)
class ModeGroup:
    code: str
    name: str
    tiers: list[tuple[str, list[ModeUnit]]]  # each tier, best first, units by code
    red: list[ModeUnit]  # by code: no order inside a list
    black: list[ModeUnit]


@dataclass(frozen=True)
class ModeView:
    mode: str
    tiers: tuple[TierSpec, ...]
    list_size: int
    groups: list[ModeGroup]


def mode_units(
    sheet: ScoreSheet, period: Period, *, own: Any = None
) -> tuple[tuple[TierSpec, ...], list[tuple[str, str, list[ModeUnit]]]]:
    """Every unit of the sheet with its tier and lists, group by group (two queries)."""
    campaign = period.campaign
    tiers = campaign_tiers(campaign)
    groups = list(
        CompetitionGroup.objects.filter(campaign_id=campaign.pk)
        .order_by("order", "code")
        .values_list("code", "name")
    )
    rows = list(
        UnitScore.objects.filter(sheet=sheet)
        .select_related("unit")
        .defer("detail")
        .order_by("rank", "unit__code")
    )
    known = {code for code, _name in groups}
    groups += sorted({(r.group_code, r.group_code) for r in rows if r.group_code not in known})
    result = []
    for code, name in groups:
        members = [row for row in rows if row.group_code == code]
        if not members:
            continue
        marks = list_marks([(row.rank, row.total) for row in members], campaign.list_size)
        units = [
            ModeUnit(
                unit_id=row.unit_id,
                code=row.unit.code,
                name=row.unit.name,
                group=code,
                tier=tier_for(row.total, tiers),
                red=red,
                black=black,
                own=bool(own and is_own_unit(own, row.unit)),
            )
            for row, (red, black) in zip(members, marks, strict=True)
        ]
        result.append((code, name, sorted(units, key=lambda unit: unit.code)))
    return tiers, result


def mode_view(sheet: ScoreSheet, period: Period, *, user: Any = None) -> ModeView:
    """The sheet as its campaign's mode publishes it: tiers or lists, no points or ranks;
    units inside a tier or a list by code, so that the order gives no rank away."""
    campaign = period.campaign
    tiers, groups = mode_units(sheet, period, own=user)
    return ModeView(
        mode=campaign.publication_mode,
        tiers=tiers,
        list_size=campaign.list_size,
        groups=[
            ModeGroup(
                code=code,
                name=name,
                tiers=[(tier.name, [u for u in units if u.tier == tier.name]) for tier in tiers],
                red=[unit for unit in units if unit.red],
                black=[unit for unit in units if unit.black],
            )
            for code, name, units in groups
        ],
    )
