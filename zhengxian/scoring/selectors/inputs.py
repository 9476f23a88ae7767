"""Reads behind the evaluator and appeal pages (views.inputs and its siblings).

Every read starts from the user's scope (zhengxian.orgs.scope): a ``*_get_for(user, id)``
helper raises Http404 for an object outside it; lists are filtered by it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404

from zhengxian.campaigns.models import Campaign, CompetitionGroup, IndicatorNode, Period
from zhengxian.campaigns.selectors import campaign_leaves, campaigns_visible_to
from zhengxian.orgs.duties import own_unit_paths
from zhengxian.orgs.models import Unit
from zhengxian.orgs.paths import path_prefixes
from zhengxian.orgs.roles import Perm
from zhengxian.orgs.scope import scope_for
from zhengxian.scoring.models import (
    Adjustment,
    AdjustmentKind,
    AdjustmentStatus,
    Appeal,
    AppealAttachment,
    ChecklistItem,
    ManualAssessment,
    ScoreSheet,
    SheetStatus,
    UnitScore,
)
from zhengxian.scoring.selectors.access import preview_sheet

ZERO = Decimal("0.00")
CENT = Decimal("0.01")

# -- campaigns, periods, units ---------------------------------------------------------


def campaigns_with_periods(user: Any) -> list[tuple[Campaign, list[Period]]]:
    campaigns = list(
        campaigns_visible_to(user).select_related("owner_unit").order_by("-year", "code")
    )
    periods: dict[int, list[Period]] = defaultdict(list)
    for period in Period.objects.filter(campaign__in=campaigns).order_by("campaign_id", "index"):
        periods[period.campaign_id].append(period)
    return [(campaign, periods[campaign.pk]) for campaign in campaigns]


def groups_of(campaign: Campaign) -> list[CompetitionGroup]:
    return list(campaign.groups.order_by("order", "code"))


def own_unit_path_prefixes(user: Any) -> set[str]:
    """The paths of the units ``user`` may not score: their own units and every unit above
    them (zhengxian.orgs.duties)."""
    prefixes: set[str] = set()
    for path in own_unit_paths(user):
        prefixes.update(path_prefixes(path))
    return prefixes


def competing_units(
    user: Any,
    campaign: Campaign,
    perm: Perm,
    *,
    group: CompetitionGroup | None = None,
    exclude_own: bool = False,
) -> QuerySet[Unit]:
    """Active units competing in the campaign (in ``group``) over which the user holds ``perm``;
    with ``exclude_own``, without the units the user belongs to (separation of duties)."""
    members = campaign.memberships.all()
    if group is not None:
        members = members.filter(group=group)
    units = Unit.objects.filter(pk__in=members.values("unit_id"), is_active=True)
    if exclude_own:
        units = units.exclude(path__in=own_unit_path_prefixes(user))
    return units.filter(scope_for(user).unit_q(perm)).order_by("sort_order", "code")


def manual_leaves(campaign: Campaign) -> list[IndicatorNode]:
    return [leaf for leaf in campaign_leaves(campaign) if leaf.method == "manual"]


# -- manual assessments ------------------------------------------------------------------


def assessment_cells(
    period: Period, leaves: list[IndicatorNode], units: list[Unit]
) -> dict[tuple[int, int], ManualAssessment]:
    """{(leaf id, unit id): assessment} for the grid, one query."""
    rows = ManualAssessment.objects.filter(
        period=period, leaf__in=leaves, unit__in=units
    ).select_related("assessed_by__person")
    return {(row.leaf_id, row.unit_id): row for row in rows}


def assessment_get_for(user: Any, assessment_id: int) -> ManualAssessment:
    """A manual assessment of a unit whose scores the user may see, else 404."""
    scope = scope_for(user)
    found = (
        scope.filter(ManualAssessment.objects.all(), Perm.VIEW_SCORES)
        .filter(pk=assessment_id)
        .first()
    )
    if found is None:
        raise Http404
    return found


# -- bonus and penalty items ---------------------------------------------------------------


def adjustments_in(
    user: Any, period: Period, *, status: str = "", kind: str = "", unit: Unit | None = None
) -> QuerySet[Adjustment]:
    items = scope_for(user).filter(Adjustment.objects.filter(period=period), Perm.ASSESS)
    if status:
        items = items.filter(status=status)
    if kind:
        items = items.filter(kind=kind)
    if unit is not None:
        items = items.filter(unit=unit)
    return items.select_related("unit", "requested_by__person", "decided_by__person").order_by(
        "-requested_at", "-id"
    )


def adjustment_get_for(user: Any, adjustment_id: int) -> Adjustment:
    """An item of a unit in the user's assessing scope, else 404."""
    found = (
        scope_for(user)
        .filter(Adjustment.objects.select_related("period__campaign", "unit"), Perm.ASSESS)
        .filter(pk=adjustment_id)
        .first()
    )
    if found is None:
        raise Http404
    return found


def adjustment_evidence_get_for(user: Any, adjustment_id: int) -> Adjustment:
    """Evidence of an item: assessors of the unit see any; the unit's own people see it
    once the item is approved (it then counts in their score). 404 otherwise."""
    scope = scope_for(user)
    items = Adjustment.objects.all()
    if not scope.is_superuser:
        items = items.filter(
            scope.unit_q(Perm.ASSESS, via="unit")
            | (scope.unit_q(Perm.VIEW_SCORES, via="unit") & Q(status=AdjustmentStatus.APPROVED))
        )
    found = items.filter(pk=adjustment_id).first()
    if found is None:
        raise Http404
    return found


@dataclass
class CapRow:
    unit: Unit
    bonus_approved: Decimal = ZERO
    bonus_pending: Decimal = ZERO
    penalty_approved: Decimal = ZERO
    penalty_pending: Decimal = ZERO
    bonus_cap: Decimal = ZERO
    penalty_cap: Decimal = ZERO

    @property
    def bonus_applied(self) -> Decimal:
        return min(self.bonus_approved, self.bonus_cap)

    @property
    def penalty_applied(self) -> Decimal:
        return min(self.penalty_approved, self.penalty_cap)

    @property
    def bonus_over_cap(self) -> bool:
        return self.bonus_approved > self.bonus_cap

    @property
    def penalty_over_cap(self) -> bool:
        return self.penalty_approved > self.penalty_cap


def cap_summary(user: Any, period: Period) -> list[CapRow]:
    """Per unit with items: approved and pending sums of bonus and penalty, against the caps
    (the engine applies min(Σ, cap)). One query."""
    campaign = period.campaign
    rows = (
        scope_for(user)
        .filter(Adjustment.objects.filter(period=period), Perm.ASSESS)
        .values("unit_id", "kind", "status")
        .annotate(total=Sum("points"))
        .order_by()
    )
    by_unit: dict[int, dict[tuple[str, str], Decimal]] = defaultdict(dict)
    for row in rows:
        by_unit[row["unit_id"]][(row["kind"], row["status"])] = Decimal(row["total"]).quantize(CENT)
    units = Unit.objects.in_bulk(list(by_unit))
    summary = []
    for unit_id, sums in by_unit.items():
        summary.append(
            CapRow(
                unit=units[unit_id],
                bonus_approved=sums.get((AdjustmentKind.BONUS, AdjustmentStatus.APPROVED), ZERO),
                bonus_pending=sums.get((AdjustmentKind.BONUS, AdjustmentStatus.PENDING), ZERO),
                penalty_approved=sums.get(
                    (AdjustmentKind.PENALTY, AdjustmentStatus.APPROVED), ZERO
                ),
                penalty_pending=sums.get((AdjustmentKind.PENALTY, AdjustmentStatus.PENDING), ZERO),
                bonus_cap=campaign.bonus_cap,
                penalty_cap=campaign.penalty_cap,
            )
        )
    return sorted(summary, key=lambda row: (row.unit.sort_order, row.unit.code))


# -- checklists ---------------------------------------------------------------------------


def checklist_codes(campaign: Campaign) -> dict[str, str]:
    """{checklist code: name of the leaf that scores it} for the campaign's checklist leaves."""
    codes: dict[str, str] = {}
    for leaf in campaign_leaves(campaign):
        if leaf.source != "checklist":
            continue
        code = str((leaf.source_params or {}).get("checklist", ""))
        if code and code not in codes:
            codes[code] = leaf.name
    return codes


@dataclass
class ChecklistUnit:
    unit: Unit
    items: list[ChecklistItem] = field(default_factory=list)

    @property
    def done(self) -> int:
        return sum(1 for item in self.items if item.done_on)


def checklist_board(campaign: Campaign, checklist: str, units: list[Unit]) -> list[ChecklistUnit]:
    """The checklist's items of ``units`` (already narrowed to the user's scope), per unit."""
    board = {unit.pk: ChecklistUnit(unit=unit) for unit in units}
    items = ChecklistItem.objects.filter(
        campaign=campaign, checklist=checklist, unit__in=units
    ).order_by("name", "pk")
    for item in items:
        board[item.unit_id].items.append(item)
    return list(board.values())


def checklist_progress(
    campaign: Campaign, checklist: str, units: QuerySet[Unit]
) -> tuple[int, int]:
    """(items done, items) of the checklist over ``units`` (a scoped queryset), one query."""
    counts = ChecklistItem.objects.filter(
        campaign=campaign, checklist=checklist, unit__in=units
    ).aggregate(total=Count("pk"), done=Count("pk", filter=Q(done_on__isnull=False)))
    return counts["done"], counts["total"]


def checklist_item_get_for(user: Any, item_id: int) -> ChecklistItem:
    """An item of a unit whose scores the user may see, else 404."""
    found = (
        scope_for(user)
        .filter(ChecklistItem.objects.select_related("campaign", "unit"), Perm.VIEW_SCORES)
        .filter(pk=item_id)
        .first()
    )
    if found is None:
        raise Http404
    return found


def campaigns_with_checklists(user: Any) -> list[Campaign]:
    campaign_ids = (
        IndicatorNode.objects.filter(is_leaf=True, source="checklist")
        .values_list("campaign_id", flat=True)
        .distinct()
    )
    return list(campaigns_visible_to(user).filter(pk__in=campaign_ids).order_by("-year", "code"))


# -- score sheets and appeals --------------------------------------------------------------


def current_sheet(period: Period) -> ScoreSheet | None:
    """The version units see now: the one in preview, else the published one."""
    return (
        preview_sheet(period)
        or period.sheets.filter(status=SheetStatus.PUBLISHED).order_by("-version").first()
    )


def leaf_score(sheet: ScoreSheet | None, unit: Unit, code: str) -> dict[str, Any] | None:
    """The stored explanation of one unit's points on one leaf in ``sheet``."""
    if sheet is None:
        return None
    row = UnitScore.objects.filter(sheet=sheet, unit=unit).only("detail").first()
    if row is None:
        return None
    return (row.detail.get("leaves") or {}).get(code)


def _appeal_q(user: Any) -> Q:
    """Evaluators see the appeals of the units they assess; a unit sees its own."""
    scope = scope_for(user)
    return scope.unit_q(Perm.ASSESS, via="unit") | scope.unit_q(Perm.APPEAL, via="unit")


def appeals_visible_to(
    user: Any, *, status: str = "", period: Period | None = None
) -> QuerySet[Appeal]:
    appeals = Appeal.objects.filter(_appeal_q(user))
    if status:
        appeals = appeals.filter(status=status)
    if period is not None:
        appeals = appeals.filter(period=period)
    return appeals.select_related("period__campaign", "unit", "leaf", "filed_by__person").order_by(
        "-filed_at", "-id"
    )


def appeal_get_for(user: Any, appeal_id: int) -> Appeal:
    appeal = (
        Appeal.objects.filter(_appeal_q(user), pk=appeal_id)
        .select_related(
            "period__campaign", "sheet", "unit", "leaf", "filed_by__person", "decided_by__person"
        )
        .first()
    )
    if appeal is None:
        raise Http404
    return appeal


def appeal_attachment_get_for(user: Any, attachment_id: int) -> AppealAttachment:
    found = AppealAttachment.objects.filter(
        appeal__in=Appeal.objects.filter(_appeal_q(user)), pk=attachment_id
    ).first()
    if found is None:
        raise Http404
    return found


def appealable_rows(user: Any, *, limit: int = 50) -> list[UnitScore]:
    """Score rows in preview of units the user may appeal for: where an appeal can start."""
    scope = scope_for(user)
    rows = (
        UnitScore.objects.filter(sheet__status=SheetStatus.PREVIEW)
        .filter(scope.unit_q(Perm.APPEAL, via="unit"))
        .filter(sheet__period__campaign_id__in=campaigns_visible_to(user).values("pk"))
        .select_related("sheet__period__campaign", "unit")
        .order_by("-sheet__period__start", "unit__code")
    )
    return list(rows[:limit])
