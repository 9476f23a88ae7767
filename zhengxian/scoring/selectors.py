"""Reads of scoring results: which sheet a user may see, rankings, score cards, trends, 减负.

Who sees what (product.md, "Preview and appeal"): a published sheet is seen by everyone the
campaign is visible to; a sheet in preview (公示) only by the campaign office and the
evaluators, and, as a unit's own score card, by users whose scope covers that unit. A score
card of a unit outside the user's scope is a 404, published or not.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Avg, Count, DecimalField, Sum
from django.db.models.fields.json import KeyTextTransform, KeyTransform
from django.db.models.functions import Cast
from django.http import Http404

from zhengxian.campaigns.models import (
    Campaign,
    CompetitionGroup,
    GroupMembership,
    IndicatorNode,
    Period,
)
from zhengxian.campaigns.selectors import campaigns_visible_to
from zhengxian.orgs.models import Unit
from zhengxian.orgs.roles import Perm
from zhengxian.orgs.scope import Scope, access_unit, scope_for

from .models import Adjustment, Appeal, ManualAssessment, ScoreSheet, SheetStatus, UnitScore

RANKING_PAGE_SIZE = 100
HUNDRED = Decimal(100)


# --- Which campaign, period and sheet ---------------------------------------------------


def period_get_for(user: Any, period_id: int) -> Period:
    period = (
        Period.objects.select_related("campaign__owner_unit")
        .filter(campaign__in=campaigns_visible_to(user).values("pk"), pk=period_id)
        .first()
    )
    if period is None:
        raise Http404
    return period


def manages_campaign(user: Any, campaign: Campaign) -> bool:
    """The campaign office or an evaluator over the campaign's organising unit."""
    scope = scope_for(user)
    owner = campaign.owner_unit
    return scope.can(Perm.MANAGE_CAMPAIGN, owner) or scope.can(Perm.ASSESS, owner)


def published_sheet(period: Period) -> ScoreSheet | None:
    return period.sheets.filter(status=SheetStatus.PUBLISHED).order_by("-version").first()


def preview_sheet(period: Period) -> ScoreSheet | None:
    return period.sheets.filter(status=SheetStatus.PREVIEW).order_by("-version").first()


def current_sheet_for(user: Any, period: Period, unit: Unit | None = None) -> ScoreSheet | None:
    """The sheet of ``period`` the user sees: the one in preview, where they may see it,
    else the published one. With ``unit``, for that unit's own score card."""
    scope = scope_for(user)
    may_preview = manages_campaign(user, period.campaign) or (
        unit is not None and scope.can(Perm.VIEW_SCORES, unit)
    )
    if may_preview:
        preview = preview_sheet(period)
        if preview is not None:
            return preview
    return published_sheet(period)


@dataclass(frozen=True)
class PeriodChoice:
    period: Period
    published: bool
    in_preview: bool
    visible: bool  # the user sees a ranking for it


def period_choices(user: Any, campaign: Campaign) -> list[PeriodChoice]:
    """The campaign's periods for a period picker, with what the user can see of each."""
    manages = manages_campaign(user, campaign)
    statuses: dict[int, set[str]] = defaultdict(set)
    rows = ScoreSheet.objects.filter(
        period__campaign=campaign, status__in=[SheetStatus.PREVIEW, SheetStatus.PUBLISHED]
    ).values_list("period_id", "status")
    for period_id, status in rows:
        statuses[period_id].add(status)
    choices = []
    for period in campaign.periods.order_by("index"):
        published = SheetStatus.PUBLISHED in statuses[period.pk]
        in_preview = SheetStatus.PREVIEW in statuses[period.pk]
        choices.append(
            PeriodChoice(period, published, in_preview, published or (manages and in_preview))
        )
    return choices


def previous_published_sheet(period: Period) -> ScoreSheet | None:
    """The publication of the latest earlier period: what movement is measured against."""
    return (
        ScoreSheet.objects.filter(
            period__campaign_id=period.campaign_id,
            period__index__lt=period.index,
            status=SheetStatus.PUBLISHED,
        )
        .select_related("period")
        .order_by("-period__index", "-version")
        .first()
    )


def full_score(campaign: Campaign) -> Decimal:
    """The sum of the top-level weights: the most a unit earns before bonus and penalty."""
    total = IndicatorNode.objects.filter(campaign=campaign, parent__isnull=True).aggregate(
        s=Sum("weight")
    )["s"]
    return total or Decimal(0)


# --- Ranking ----------------------------------------------------------------------------


@dataclass(frozen=True)
class RankingRow:
    unit_id: int
    code: str
    name: str
    total: Decimal
    rank: int
    group_size: int
    previous_rank: int | None
    movement: int | None  # previous period's published rank − this rank; None: new
    percent: Decimal  # the total as a share of the full score, 0 … 100, for bars
    can_open: bool  # the user may open this unit's score card

    @property
    def movement_size(self) -> int:
        return abs(self.movement or 0)


@dataclass(frozen=True)
class GroupTab:
    code: str
    name: str
    size: int


@dataclass(frozen=True)
class Ranking:
    sheet: ScoreSheet
    previous: ScoreSheet | None
    groups: list[GroupTab]
    group: GroupTab
    page: Page
    rows: list[RankingRow]
    full_score: Decimal


def ranking_for(user: Any, period: Period, *, group: str = "", page: Any = 1) -> Ranking | None:
    """One group's ranking, a page at a time, with movement; None when the user sees no sheet."""
    sheet = current_sheet_for(user, period)
    if sheet is None:
        return None
    names = dict(
        CompetitionGroup.objects.filter(campaign_id=period.campaign_id).values_list("code", "name")
    )
    order = list(
        CompetitionGroup.objects.filter(campaign_id=period.campaign_id)
        .order_by("order", "code")
        .values_list("code", flat=True)
    )
    sizes = dict(
        UnitScore.objects.filter(sheet=sheet)
        .values("group_code")
        .annotate(n=Count("pk"))
        .values_list("group_code", "n")
    )
    codes = [code for code in order if code in sizes] + sorted(c for c in sizes if c not in order)
    tabs = [GroupTab(code, names.get(code, code), sizes[code]) for code in codes]
    if not tabs:
        return None
    chosen = next((tab for tab in tabs if tab.code == group), tabs[0])
    rows_qs = (
        UnitScore.objects.filter(sheet=sheet, group_code=chosen.code)
        .select_related("unit")
        .defer("detail")
        .order_by("rank", "unit__code")
    )
    paged = Paginator(rows_qs, RANKING_PAGE_SIZE).get_page(page)
    previous = previous_published_sheet(period)
    unit_ids = [row.unit_id for row in paged.object_list]
    before: dict[int, tuple[str, int]] = {}
    if previous is not None:
        before = {
            unit_id: (group_code, rank)
            for unit_id, group_code, rank in UnitScore.objects.filter(
                sheet=previous, unit_id__in=unit_ids
            ).values_list("unit_id", "group_code", "rank")
        }
    scope = scope_for(user)
    most = full_score(period.campaign)
    rows = []
    for row in paged.object_list:
        earlier = before.get(row.unit_id)
        previous_rank = earlier[1] if earlier and earlier[0] == row.group_code else None
        rows.append(
            RankingRow(
                unit_id=row.unit_id,
                code=row.unit.code,
                name=row.unit.name,
                total=row.total,
                rank=row.rank,
                group_size=row.group_size,
                previous_rank=previous_rank,
                movement=None if previous_rank is None else previous_rank - row.rank,
                percent=_percent(row.total, most),
                can_open=scope.can(Perm.VIEW_SCORES, row.unit),
            )
        )
    return Ranking(sheet, previous, tabs, chosen, paged, rows, most)


def own_preview_units(user: Any, period: Period, *, limit: int = 50) -> list[Unit]:
    """Units in the user's scope with a score in the period's preview: their own cards."""
    sheet = preview_sheet(period)
    if sheet is None:
        return []
    rows = (
        scope_for(user)
        .filter(UnitScore.objects.filter(sheet=sheet), Perm.VIEW_SCORES, via="unit")
        .select_related("unit")
        .order_by("unit__code")[:limit]
    )
    return [row.unit for row in rows]


def _percent(part: Decimal, whole: Decimal) -> Decimal:
    if whole <= 0:
        return Decimal(0)
    return max(Decimal(0), min(HUNDRED, part * HUNDRED / whole)).quantize(
        Decimal("0.1"), rounding=ROUND_HALF_UP
    )


# --- Score card -------------------------------------------------------------------------


@dataclass(frozen=True)
class DimensionLine:
    code: str
    name: str
    depth: int
    subtotal: Decimal
    weight: Decimal
    percent: Decimal
    kind: str = "dimension"


@dataclass(frozen=True)
class LeafLine:
    code: str
    name: str
    depth: int
    source: str
    points: Decimal
    maximum: Decimal
    percent: Decimal
    raw: Decimal | None
    numerator: Decimal | None
    denominator: Decimal | None
    method: str
    params: dict[str, Any]
    lower_is_better: bool
    when_empty: str
    when_empty_applied: bool
    overridden: bool
    evidence: tuple[str, ...]
    kind: str = "leaf"

    @property
    def evidence_count(self) -> int:
        return len(self.evidence)


@dataclass(frozen=True)
class RadarAxis:
    code: str
    name: str
    percent: Decimal  # the unit's points as a share of the node's weight
    group_percent: Decimal


@dataclass
class ScoreCard:
    unit: Unit
    period: Period
    sheet: ScoreSheet | None
    row: UnitScore | None
    group_name: str = ""
    lines: list[DimensionLine | LeafLine] = field(default_factory=list)
    top: list[DimensionLine | LeafLine] = field(default_factory=list)
    radar: list[RadarAxis] = field(default_factory=list)

    def leaf(self, code: str) -> LeafLine | None:
        return next(
            (line for line in self.lines if isinstance(line, LeafLine) and line.code == code), None
        )


def scorecard_for(user: Any, period: Period, unit_id: int, *, with_means: bool = True) -> ScoreCard:
    """A unit's card for the period: 404 outside the user's scope; ``sheet`` None when
    nothing the user may see has been computed yet."""
    unit = access_unit(user, unit_id, Perm.VIEW_SCORES)
    sheet = current_sheet_for(user, period, unit)
    row = UnitScore.objects.filter(sheet=sheet, unit=unit).first() if sheet else None
    card = ScoreCard(unit=unit, period=period, sheet=sheet if row else None, row=row)
    if row is None:
        return card
    group = CompetitionGroup.objects.filter(
        campaign_id=period.campaign_id, code=row.group_code
    ).first()
    card.group_name = group.name if group else row.group_code
    nodes = list(
        IndicatorNode.objects.filter(campaign_id=period.campaign_id).order_by("order", "id")
    )
    card.lines = _card_lines(nodes, row.detail)
    card.top = [line for line in card.lines if line.depth == 0]
    if with_means:
        means = group_means(row.sheet_id, row.group_code, card.top)
        card.radar = [
            RadarAxis(
                code=line.code,
                name=line.name,
                percent=line.percent,
                group_percent=_percent(means.get(line.code, Decimal(0)), _weight(line)),
            )
            for line in card.top
        ]
    return card


def _weight(line: DimensionLine | LeafLine) -> Decimal:
    return line.weight if isinstance(line, DimensionLine) else line.maximum


def _card_lines(
    nodes: list[IndicatorNode], detail: dict[str, Any]
) -> list[DimensionLine | LeafLine]:
    """The indicator tree in depth-first order, each node with the unit's stored result."""
    children: dict[int | None, list[IndicatorNode]] = defaultdict(list)
    for node in nodes:
        children[node.parent_id].append(node)
    dimensions = detail.get("dimensions", {})
    leaves = detail.get("leaves", {})
    lines: list[DimensionLine | LeafLine] = []

    def visit(node: IndicatorNode, depth: int) -> None:
        if node.is_leaf:
            stored = leaves.get(node.code)
            if stored is None:  # a node added after this sheet was computed
                return
            points = Decimal(stored["points"])
            maximum = Decimal(stored["maximum"])
            lines.append(
                LeafLine(
                    code=node.code,
                    name=node.name,
                    depth=depth,
                    source=node.source,
                    points=points,
                    maximum=maximum,
                    percent=_percent(points, maximum),
                    raw=_decimal(stored.get("raw")),
                    numerator=_decimal(stored.get("numerator")),
                    denominator=_decimal(stored.get("denominator")),
                    method=stored.get("method", ""),
                    params=stored.get("params") or {},
                    lower_is_better=bool(stored.get("lower_is_better")),
                    when_empty=stored.get("when_empty", "full"),
                    when_empty_applied=bool(stored.get("when_empty_applied")),
                    overridden=bool(stored.get("overridden")),
                    evidence=tuple(stored.get("evidence") or ()),
                )
            )
            return
        if node.code not in dimensions:
            return
        subtotal = Decimal(dimensions[node.code])
        lines.append(
            DimensionLine(
                code=node.code,
                name=node.name,
                depth=depth,
                subtotal=subtotal,
                weight=node.weight,
                percent=_percent(subtotal, node.weight),
            )
        )
        for child in children[node.pk]:
            visit(child, depth + 1)

    for root in children[None]:
        visit(root, 0)
    return lines


def _decimal(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def group_means(
    sheet_id: int, group_code: str, top: Iterable[DimensionLine | LeafLine]
) -> dict[str, Decimal]:
    """The group's mean points per top-level node, aggregated in the database (one query)."""
    aggregates = {}
    for index, line in enumerate(top):
        if isinstance(line, DimensionLine):
            path = KeyTextTransform(line.code, KeyTransform("dimensions", "detail"))
        else:
            path = KeyTextTransform(
                "points", KeyTransform(line.code, KeyTransform("leaves", "detail"))
            )
        aggregates[f"m{index}"] = Avg(Cast(path, DecimalField(max_digits=9, decimal_places=2)))
    if not aggregates:
        return {}
    result = UnitScore.objects.filter(sheet_id=sheet_id, group_code=group_code).aggregate(
        **aggregates
    )
    means = {}
    for index, line in enumerate(top):
        value = result[f"m{index}"]
        means[line.code] = (
            Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
            if value is not None
            else Decimal(0)
        )
    return means


# --- Trend ------------------------------------------------------------------------------


@dataclass(frozen=True)
class TrendPoint:
    period: Period
    version: int
    total: Decimal
    rank: int
    group_size: int
    group_mean: Decimal | None
    movement: int | None

    @property
    def movement_size(self) -> int:
        return abs(self.movement or 0)


def unit_trend_for(user: Any, campaign: Campaign, unit_id: int) -> tuple[Unit, list[TrendPoint]]:
    """The unit's published totals and ranks, period by period (404 outside the scope)."""
    unit = access_unit(user, unit_id, Perm.VIEW_SCORES)
    rows = list(
        UnitScore.objects.filter(
            unit=unit, sheet__status=SheetStatus.PUBLISHED, sheet__period__campaign=campaign
        )
        .select_related("sheet__period")
        .defer("detail")
        .order_by("sheet__period__index")
    )
    means: dict[tuple[int, str], Decimal] = {}
    if rows:
        for sheet_id, group_code, mean in (
            UnitScore.objects.filter(sheet_id__in=[row.sheet_id for row in rows])
            .values("sheet_id", "group_code")
            .annotate(mean=Avg("total"))
            .values_list("sheet_id", "group_code", "mean")
        ):
            means[(sheet_id, group_code)] = Decimal(str(mean)).quantize(
                Decimal("0.01"), rounding=ROUND_HALF_UP
            )
    points: list[TrendPoint] = []
    for row in rows:
        previous = points[-1] if points else None
        movement = previous.rank - row.rank if previous is not None else None
        points.append(
            TrendPoint(
                period=row.sheet.period,
                version=row.sheet.version,
                total=row.total,
                rank=row.rank,
                group_size=row.group_size,
                group_mean=means.get((row.sheet_id, row.group_code)),
                movement=movement,
            )
        )
    return unit, points


# --- 减负: where the points came from, and the forms units had to fill -------------------


@dataclass(frozen=True)
class BurdenPeriod:
    period: Period
    sheet: ScoreSheet | None
    record_share: Decimal | None  # 0 … 1
    manual: int
    adjustments: int
    appeals: int

    @property
    def forms(self) -> int:
        return self.manual + self.adjustments + self.appeals

    @property
    def record_percent(self) -> Decimal | None:
        if self.record_share is None:
            return None
        return (self.record_share * HUNDRED).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class BurdenUnit:
    unit_id: int
    code: str
    name: str
    group: str
    manual: int
    adjustments: int
    appeals: int

    @property
    def forms(self) -> int:
        return self.manual + self.adjustments + self.appeals


@dataclass(frozen=True)
class Burden:
    periods: list[BurdenPeriod]
    selected: Period | None
    units: list[BurdenUnit]


def burden_for(user: Any, campaign: Campaign, *, period_id: int | None = None) -> Burden:
    """Per period, the share of points from records and the forms filled; per unit, the
    forms filled in the chosen period (default: the latest scored one)."""
    periods = list(campaign.periods.order_by("index"))
    sheets: dict[int, ScoreSheet] = {}
    for sheet in ScoreSheet.objects.filter(
        period__campaign=campaign, status__in=[SheetStatus.PREVIEW, SheetStatus.PUBLISHED]
    ).order_by("version"):
        # The preview (a later version) wins over the publication it would correct.
        if sheet.period_id not in sheets or sheet.status == SheetStatus.PREVIEW:
            sheets[sheet.period_id] = sheet
    scope = scope_for(user)
    counts = {
        name: _form_counts(model, scope, campaign=campaign)
        for name, model in (
            ("manual", ManualAssessment),
            ("adjustments", Adjustment),
            ("appeals", Appeal),
        )
    }
    rows = []
    for period in periods:
        shown = sheets.get(period.pk)
        rows.append(
            BurdenPeriod(
                period=period,
                sheet=shown,
                record_share=shown.record_share if shown else None,
                manual=counts["manual"].get(period.pk, 0),
                adjustments=counts["adjustments"].get(period.pk, 0),
                appeals=counts["appeals"].get(period.pk, 0),
            )
        )
    selected = next((p for p in periods if p.pk == period_id), None)
    if selected is None:
        scored = [p for p in periods if p.pk in sheets]
        selected = scored[-1] if scored else (periods[0] if periods else None)
    units = _burden_units(scope, campaign, selected) if selected else []
    return Burden(periods=rows, selected=selected, units=units)


def _form_counts(model: Any, scope: Scope, *, campaign: Campaign) -> dict[int, int]:
    rows = (
        scope.filter(model.objects.filter(period__campaign=campaign), Perm.VIEW_SCORES, via="unit")
        .values("period_id")
        .annotate(n=Count("pk"))
        .values_list("period_id", "n")
    )
    return dict(rows)


def _burden_units(scope: Scope, campaign: Campaign, period: Period) -> list[BurdenUnit]:
    per_unit: dict[str, dict[int, int]] = {}
    for name, model in (
        ("manual", ManualAssessment),
        ("adjustments", Adjustment),
        ("appeals", Appeal),
    ):
        per_unit[name] = dict(
            scope.filter(model.objects.filter(period=period), Perm.VIEW_SCORES, via="unit")
            .values("unit_id")
            .annotate(n=Count("pk"))
            .values_list("unit_id", "n")
        )
    members = (
        scope.filter(
            GroupMembership.objects.filter(campaign=campaign), Perm.VIEW_SCORES, via="unit"
        )
        .select_related("unit", "group")
        .order_by("group__order", "unit__code")
    )
    units = [
        BurdenUnit(
            unit_id=member.unit_id,
            code=member.unit.code,
            name=member.unit.name,
            group=member.group.name,
            manual=per_unit["manual"].get(member.unit_id, 0),
            adjustments=per_unit["adjustments"].get(member.unit_id, 0),
            appeals=per_unit["appeals"].get(member.unit_id, 0),
        )
        for member in members
    ]
    units.sort(key=lambda u: (-u.forms, u.code))
    return units


# --- Export -----------------------------------------------------------------------------


class UnknownPeriod(LookupError):
    """No campaign with that code, or no period with that key; the message says which."""


def period_by_keys(campaign_code: str, period_key: str) -> Period:
    campaign = Campaign.objects.filter(code=campaign_code).first()
    if campaign is None:
        known = (
            ", ".join(Campaign.objects.order_by("code").values_list("code", flat=True)) or "(none)"
        )
        raise UnknownPeriod(f"Unknown campaign {campaign_code!r}. Known campaigns: {known}.")
    period = campaign.periods.select_related("campaign").filter(key=period_key).first()
    if period is None:
        keys = list(campaign.periods.order_by("index").values_list("key", flat=True))
        listed = f"{keys[0]} … {keys[-1]}" if len(keys) > 2 else ", ".join(keys) or "(none)"
        raise UnknownPeriod(
            f"Campaign {campaign_code!r} has no period {period_key!r}. Its periods: {listed}."
        )
    return period


def period_results_document(
    sheet: ScoreSheet, *, with_detail: Callable[[Unit], bool] | None = None
) -> dict[str, Any]:
    """The sheet as plain data, units in group order, rank and code. ``with_detail`` says
    for which units dimensions and leaves are included (default: all)."""
    period = sheet.period
    campaign = period.campaign
    group_order = {
        code: index
        for index, code in enumerate(
            CompetitionGroup.objects.filter(campaign=campaign)
            .order_by("order", "code")
            .values_list("code", flat=True)
        )
    }
    rows = sorted(
        UnitScore.objects.filter(sheet=sheet).select_related("unit"),
        key=lambda row: (
            group_order.get(row.group_code, len(group_order)),
            row.group_code,
            row.rank,
            row.unit.code,
        ),
    )
    units = []
    for row in rows:
        entry: dict[str, Any] = {
            "code": row.unit.code,
            "name": row.unit.name,
            "group": row.group_code,
            "total": f"{row.total:f}",
            "rank": row.rank,
            "group_size": row.group_size,
            "leaf_sum": f"{row.leaf_sum:f}",
            "bonus": f"{row.bonus:f}",
            "penalty": f"{row.penalty:f}",
        }
        if with_detail is None or with_detail(row.unit):
            entry["dimensions"] = row.detail.get("dimensions", {})
            entry["leaves"] = row.detail.get("leaves", {})
        units.append(entry)
    return {
        "campaign": campaign.code,
        "campaign_name": campaign.name,
        "period": period.key,
        "period_label": period.label,
        "status": sheet.status,
        "version": sheet.version,
        "reason": sheet.reason,
        "digest": sheet.digest,
        "prev_digest": sheet.prev_digest,
        "published_at": _utc(sheet.published_at),
        "record_share": None if sheet.record_share is None else f"{sheet.record_share:f}",
        "units": units,
    }


def results_json(document: dict[str, Any]) -> str:
    """Deterministic JSON text: sorted keys, UTF-8 text kept, a final newline."""
    return json.dumps(document, sort_keys=True, ensure_ascii=False, indent=2) + "\n"


def period_export_for(user: Any, period: Period, *, preview: bool = False) -> dict[str, Any] | None:
    """What the user may export: the published sheet (the preview one for the office and
    evaluators when asked), every unit's total and rank, details only for units in scope."""
    manages = manages_campaign(user, period.campaign)
    sheet = preview_sheet(period) if preview and manages else published_sheet(period)
    if sheet is None:
        return None
    scope = scope_for(user)
    return period_results_document(
        sheet, with_detail=None if manages else (lambda unit: scope.can(Perm.VIEW_SCORES, unit))
    )


def _utc(moment: dt.datetime | None) -> str | None:
    return None if moment is None else moment.astimezone(dt.UTC).isoformat()
