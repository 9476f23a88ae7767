"""减负: where a campaign's points came from, and the forms units had to fill."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count

from zhengxian.campaigns.models import Campaign, GroupMembership, Period
from zhengxian.campaigns.selectors import campaigns_visible_to
from zhengxian.core import clock
from zhengxian.orgs.roles import Perm
from zhengxian.orgs.scope import Scope, scope_for

from ..models import Adjustment, Appeal, ManualAssessment, ScoreSheet, SheetStatus
from ._numbers import HUNDRED


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


FORMS = (("manual", ManualAssessment), ("adjustments", Adjustment), ("appeals", Appeal))


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
    counts = {name: _form_counts(model, scope, campaign=campaign) for name, model in FORMS}
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
        selected = _last_with_data(rows)
    units = _burden_units(scope, campaign, selected) if selected else []
    return Burden(periods=rows, selected=selected, units=units)


def _last_with_data(rows: list[BurdenPeriod]) -> Period | None:
    """The last period with data (a result, or forms filled), else the last one begun, else
    the first: the page opens where there is something to read."""
    with_data = [row.period for row in rows if row.sheet is not None or row.forms]
    if with_data:
        return with_data[-1]
    today = clock.today()
    begun = [row.period for row in rows if row.period.start <= today]
    if begun:
        return begun[-1]
    return rows[0].period if rows else None


def sees_burden(user: Any, campaign: Campaign) -> bool:
    """Whether the user may open the campaign's 减负 page: MANAGE_CAMPAIGN over the
    organising unit (the campaign office; not its evaluators)."""
    return scope_for(user).can(Perm.MANAGE_CAMPAIGN, campaign.owner_unit)


def managed_campaigns(user: Any) -> list[Campaign]:
    """The campaigns whose 减负 page the user may open, latest year first."""
    campaigns = (
        campaigns_visible_to(user).select_related("owner_unit").order_by("-year", "name", "code")
    )
    return [c for c in campaigns if sees_burden(user, c)]


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
    for name, model in FORMS:
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
