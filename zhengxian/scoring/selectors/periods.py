"""A period as its page shows it: its score sheets, what still blocks publication, the units
competing."""

from __future__ import annotations

from dataclasses import dataclass

from zhengxian.campaigns.models import GroupMembership, Period

from ..models import AdjustmentStatus, AppealStatus, ScoreSheet, SheetStatus


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
