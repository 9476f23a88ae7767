"""The status tables of score sheets and periods (see `zhengxian.core.workflow`)."""

from __future__ import annotations

from dataclasses import dataclass

from zhengxian.campaigns.models import Period, PeriodStatus
from zhengxian.core.workflow import allowed, workflow
from zhengxian.scoring.models import ScoreSheet, SheetStatus

SHEET_FLOW = workflow(
    [
        (SheetStatus.PREVIEW, SheetStatus.PUBLISHED),
        (SheetStatus.PREVIEW, SheetStatus.SUPERSEDED),  # a newer version replaced the preview
        (SheetStatus.PUBLISHED, SheetStatus.SUPERSEDED),  # a correction was published
    ],
    labels=dict(SheetStatus.choices),
)

PERIOD_FLOW = workflow(
    [
        (PeriodStatus.OPEN, PeriodStatus.PREVIEW),  # scored
        (PeriodStatus.PREVIEW, PeriodStatus.PUBLISHED),
    ],
    labels=dict(PeriodStatus.choices),
)


@dataclass(frozen=True)
class PeriodActions:
    score: bool
    publish: bool
    correct: bool


def period_actions(period: Period, preview_sheet: ScoreSheet | None) -> PeriodActions:
    """Which of the period page's actions the tables allow now."""
    return PeriodActions(
        # Scoring (again) is possible while the period still has moves ahead of it.
        score=bool(allowed(PERIOD_FLOW, period)),
        publish=preview_sheet is not None
        and SheetStatus.PUBLISHED in allowed(SHEET_FLOW, preview_sheet),
        correct=period.status == PeriodStatus.PUBLISHED,
    )
