"""The facts a circular states about a published period, read once from scoring's selectors:
each group's ranking with movement (``sheet_ranking_pages``, the ranking page's own rule), the
dimension and leaf points (``period_results_document``, the JSON export's), the tiers and the
red and black lists of the campaign's publication mode, the matters overdue at the end of the
period (matters' ``matters_overdue`` rule) and what accepted appeals changed.

Who may ask: the campaign office and the leadership of the campaign's organising unit
(``circular_period_get_for``); the circular names every unit's overdue matters and every
unit's leaf points, which a unit's own cadres never see of another unit.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied

from zhengxian.campaigns.campaign_file.spec import TierSpec, tier_for
from zhengxian.campaigns.models import Campaign, Period
from zhengxian.campaigns.selectors import campaign_nodes, campaign_tiers, period_get_for
from zhengxian.core import clock
from zhengxian.matters.indicator_sources import MattersOverdueSource
from zhengxian.orgs.roles import Perm
from zhengxian.orgs.scope import scope_for
from zhengxian.scoring.models import Appeal, AppealStatus, ScoreSheet, UnitScore
from zhengxian.scoring.selectors import (
    GroupTab,
    RankingRow,
    period_results_document,
    published_sheet,
    sheet_ranking_pages,
)
from zhengxian.scoring.selectors.publication_modes import list_marks

TOP = 3  # the circular names each group's first three
MOVERS = 3  # and its three largest climbers and fallers


@dataclass(frozen=True)
class UnitLine:
    unit_id: int
    code: str
    name: str
    group: str
    total: Decimal
    rank: int
    group_size: int
    previous_rank: int | None
    movement: int | None  # previous published rank − this rank; None: nothing to compare
    bonus: Decimal
    penalty: Decimal
    dimensions: dict[str, Decimal]  # subtotal by dimension code
    leaves: dict[str, Decimal]  # points by leaf code
    tier: str  # "" when the campaign has no tiers
    red: bool = False
    black: bool = False


@dataclass(frozen=True)
class GroupFigures:
    code: str
    name: str
    lines: list[UnitLine]  # by rank, then unit code

    @property
    def top(self) -> list[UnitLine]:
        return [line for line in self.lines if line.rank <= TOP]

    @property
    def climbers(self) -> list[UnitLine]:
        up = [line for line in self.lines if (line.movement or 0) > 0]
        return sorted(up, key=lambda line: (-(line.movement or 0), line.rank, line.code))[:MOVERS]

    @property
    def fallers(self) -> list[UnitLine]:
        down = [line for line in self.lines if (line.movement or 0) < 0]
        return sorted(down, key=lambda line: (line.movement or 0, line.rank, line.code))[:MOVERS]

    @property
    def compared(self) -> bool:
        """Some unit has a rank of the previous publication to move from."""
        return any(line.previous_rank is not None for line in self.lines)

    @property
    def red(self) -> list[UnitLine]:
        return [line for line in self.lines if line.red]

    @property
    def black(self) -> list[UnitLine]:
        return [line for line in self.lines if line.black]

    def by_tier(self, tiers: tuple[TierSpec, ...]) -> list[tuple[str, list[UnitLine]]]:
        """Each tier, best first, with its units by code (no order inside a tier)."""
        return [
            (
                tier.name,
                sorted(
                    (line for line in self.lines if line.tier == tier.name),
                    key=lambda line: line.code,
                ),
            )
            for tier in tiers
        ]


@dataclass(frozen=True)
class Column:
    """A dimension or a leaf of the indicator tree, as a column of the workbook."""

    code: str
    name: str
    weight: Decimal


@dataclass(frozen=True)
class DimensionColumns:
    """A top-level dimension and every leaf below it, in tree order."""

    dimension: Column
    leaves: list[Column]


@dataclass(frozen=True)
class OverdueLine:
    code: str
    name: str
    count: int


@dataclass(frozen=True)
class AppealChange:
    unit: str
    leaf: str
    points_before: Decimal | None
    points_after: Decimal | None
    total_before: Decimal | None
    total_after: Decimal | None
    rank_before: int | None
    rank_after: int | None
    tier_before: str
    tier_after: str


@dataclass(frozen=True)
class CircularFigures:
    campaign: Campaign
    period: Period
    sheet: ScoreSheet
    mode: str  # the campaign's publication mode: full, tiers or lists
    tiers: tuple[TierSpec, ...]
    list_size: int
    groups: list[GroupFigures]
    dimensions: list[DimensionColumns]
    overdue: list[OverdueLine]  # units with matters overdue at the end of the period
    appeals_filed: int
    appeal_changes: list[AppealChange]
    issuer: str
    issued_on: dt.date
    previous: ScoreSheet | None = None  # the publication movement is measured against

    @property
    def unit_count(self) -> int:
        return sum(len(group.lines) for group in self.groups)


def may_issue_circular(user: Any, campaign: Campaign) -> bool:
    """The campaign office, or the leadership, of the campaign's organising unit."""
    scope = scope_for(user)
    owner = campaign.owner_unit
    return scope.can(Perm.MANAGE_CAMPAIGN, owner) or scope.can(Perm.VIEW_COCKPIT, owner)


def circular_period_get_for(user: Any, period_id: int) -> Period:
    """The period, if its campaign is visible to the user (404 otherwise) and the user may
    issue its circular (403 otherwise)."""
    period = period_get_for(user, period_id)
    if not may_issue_circular(user, period.campaign):
        raise PermissionDenied
    return period


def circular_figures(period: Period) -> CircularFigures | None:
    """The facts of the period's current publication; None when it has none."""
    sheet = published_sheet(period)
    if sheet is None:
        return None
    campaign = period.campaign
    tiers = campaign_tiers(campaign)
    document = period_results_document(sheet)
    details = {entry["code"]: entry for entry in document["units"]}
    rows_by_group: dict[str, tuple[GroupTab, list[RankingRow]]] = {}
    previous = None
    for ranking in sheet_ranking_pages(sheet, period):
        previous = ranking.previous
        rows_by_group.setdefault(ranking.group.code, (ranking.group, []))[1].extend(ranking.rows)
    groups = [
        GroupFigures(
            tab.code,
            tab.name,
            _mark_lists(
                [_line(row, tab.code, details.get(row.code, {}), tiers) for row in rows],
                campaign.list_size,
            ),
        )
        for tab, rows in rows_by_group.values()
    ]
    return CircularFigures(
        campaign=campaign,
        period=period,
        sheet=sheet,
        mode=campaign.publication_mode,
        tiers=tiers,
        list_size=campaign.list_size,
        groups=groups,
        dimensions=_dimension_columns(campaign),
        overdue=_overdue(period, groups),
        appeals_filed=Appeal.objects.filter(period=period).count(),
        appeal_changes=_appeal_changes(period, sheet, tiers),
        issuer=campaign.owner_unit.name,
        issued_on=clock.today(),
        previous=previous,
    )


def _line(row: Any, group: str, entry: dict[str, Any], tiers: tuple[TierSpec, ...]) -> UnitLine:
    leaves = entry.get("leaves", {})
    return UnitLine(
        unit_id=row.unit_id,
        code=row.code,
        name=row.name,
        group=group,
        total=row.total,
        rank=row.rank,
        group_size=row.group_size,
        previous_rank=row.previous_rank,
        movement=row.movement,
        bonus=Decimal(entry.get("bonus", "0")),
        penalty=Decimal(entry.get("penalty", "0")),
        dimensions={code: Decimal(value) for code, value in entry.get("dimensions", {}).items()},
        leaves={code: Decimal(leaf["points"]) for code, leaf in leaves.items()},
        tier=tier_for(row.total, tiers),
    )


def _mark_lists(lines: list[UnitLine], size: int) -> list[UnitLine]:
    """Each line marked red or black by scoring's list rule (``list_marks``), the one the
    ranking pages and the export use too."""
    marks = list_marks([(line.rank, line.total) for line in lines], size)
    return [
        replace(line, red=red, black=black) for line, (red, black) in zip(lines, marks, strict=True)
    ]


def _dimension_columns(campaign: Campaign) -> list[DimensionColumns]:
    columns = []
    for root in campaign_nodes(campaign):
        node = root.node
        leaves = [
            Column(tree.node.code, tree.node.name, tree.node.weight)
            for tree in root.walk()
            if tree.node.is_leaf
        ]
        columns.append(DimensionColumns(Column(node.code, node.name, node.weight), leaves))
    return columns


def _overdue(period: Period, groups: list[GroupFigures]) -> list[OverdueLine]:
    """Competing units with matters overdue at the end of the period, most first: the rule
    of matters' ``matters_overdue`` source (deadline in or before the period, no standing
    resolution by its last month), counted for the unit and everything below it."""
    lines = {line.unit_id: line for group in groups for line in group.lines}
    if not lines:
        return []
    counts = MattersOverdueSource().compute(period=period, unit_ids=list(lines), params={})
    found = [
        OverdueLine(lines[unit].code, lines[unit].name, int(value.value or 0))
        for unit, value in counts.items()
        if value.value
    ]
    return sorted(found, key=lambda line: (-line.count, line.code))


def _appeal_changes(
    period: Period, sheet: ScoreSheet, tiers: tuple[TierSpec, ...]
) -> list[AppealChange]:
    """Accepted appeals: the leaf's points, the total and the rank on the sheet appealed
    against, and on the publication."""
    appeals = list(
        Appeal.objects.filter(period=period, status=AppealStatus.ACCEPTED)
        .select_related("unit", "leaf")
        .order_by("decided_at", "pk")
    )
    if not appeals:
        return []
    rows = {
        (row.sheet_id, row.unit_id): row
        for row in UnitScore.objects.filter(
            sheet_id__in={appeal.sheet_id for appeal in appeals} | {sheet.pk},
            unit_id__in={appeal.unit_id for appeal in appeals},
        )
    }
    changes = []
    for appeal in appeals:
        before = rows.get((appeal.sheet_id, appeal.unit_id))
        after = rows.get((sheet.pk, appeal.unit_id))
        if after is None:
            continue
        changes.append(
            AppealChange(
                unit=appeal.unit.name,
                leaf=appeal.leaf.name,
                points_before=_leaf_points(before, appeal.leaf.code),
                points_after=_leaf_points(after, appeal.leaf.code),
                total_before=before.total if before else None,
                total_after=after.total,
                rank_before=before.rank if before else None,
                rank_after=after.rank,
                tier_before=tier_for(before.total, tiers) if before else "",
                tier_after=tier_for(after.total, tiers),
            )
        )
    return changes


def _leaf_points(row: UnitScore | None, code: str) -> Decimal | None:
    if row is None:
        return None
    leaf = row.detail.get("leaves", {}).get(code)
    return None if leaf is None else Decimal(leaf["points"])
