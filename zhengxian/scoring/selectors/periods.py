"""A campaign's periods with their newest sheet and open appeals, and a period as its page
shows it: its score sheets, what still blocks publication, the units competing."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import Count

from zhengxian.campaigns.models import Campaign, GroupMembership, Period
from zhengxian.campaigns.selectors import periods_of

from ..models import AdjustmentStatus, Appeal, AppealStatus, ScoreSheet, SheetStatus


@dataclass(frozen=True)
class PeriodRow:
    period: Period
    sheet: ScoreSheet | None  # the newest version
    sheets: int
    open_appeals: int


def period_rows(campaign: Campaign) -> list[PeriodRow]:
    """Each period with its newest sheet and its open appeals (three queries)."""
    periods = list(periods_of(campaign))
    newest: dict[int, ScoreSheet] = {}
    counts: dict[int, int] = defaultdict(int)
    for sheet in ScoreSheet.objects.filter(period__campaign=campaign).order_by(
        "period_id", "version"
    ):
        newest[sheet.period_id] = sheet
        counts[sheet.period_id] += 1
    appeals = dict(
        Appeal.objects.filter(period__campaign=campaign, status=AppealStatus.OPEN)
        .values("period_id")
        .annotate(n=Count("pk"))
        .values_list("period_id", "n")
    )
    return [
        PeriodRow(
            period=period,
            sheet=newest.get(period.pk),
            sheets=counts[period.pk],
            open_appeals=appeals.get(period.pk, 0),
        )
        for period in periods
    ]


def campaign_periods_section(campaign: Campaign) -> Mapping[str, Any]:
    """The context of the periods card on the campaign page (hook ``campaign_sections``)."""
    return {"periods": period_rows(campaign)}


@dataclass(frozen=True)
class PeriodOverview:
    sheets: list[ScoreSheet]  # newest version first
    preview_sheet: ScoreSheet | None
    published_sheet: ScoreSheet | None
    open_appeals: int
    pending_adjustments: int
    units: int


def period_overview(period: Period) -> PeriodOverview:
    sheets = list(ScoreSheet.objects.filter(period=period).order_by("-version"))
    return PeriodOverview(
        sheets=sheets,
        preview_sheet=next((s for s in sheets if s.status == SheetStatus.PREVIEW), None),
        published_sheet=next((s for s in sheets if s.status == SheetStatus.PUBLISHED), None),
        open_appeals=period.appeals.filter(status=AppealStatus.OPEN).count(),
        pending_adjustments=period.adjustments.filter(status=AdjustmentStatus.PENDING).count(),
        units=GroupMembership.objects.filter(
            campaign_id=period.campaign_id, unit__is_active=True
        ).count(),
    )
