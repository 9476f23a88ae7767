"""Visit coverage and attendance, through the coverage page's and the attendance report's
selectors."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from zhengxian.activities.selectors.attendance import RateRow, attendance_by_unit_for
from zhengxian.campaigns.models import month_key
from zhengxian.matters.selectors.visits import CoverageCounts, coverage_counts_for
from zhengxian.orgs.models import Unit

MAX_UNITS = 15


@dataclass(frozen=True)
class CoverageFigures:
    coverage: CoverageCounts
    url: str

    @property
    def community_percent(self) -> float:
        return round(100 * self.coverage.community_share, 1)

    @property
    def enterprise_percent(self) -> float:
        return round(100 * self.coverage.enterprise_share, 1)


def visit_coverage(user: Any, *, unit: Unit, today: dt.date) -> CoverageFigures:
    """This month's coverage of ``unit``'s area; the link opens the coverage page, target by
    target (open to whoever sees the cockpit)."""
    month = month_key(today)
    coverage = coverage_counts_for(user, unit=unit, first_month=month, last_month=month)
    return CoverageFigures(coverage, reverse("matters:coverage"))


@dataclass(frozen=True)
class AttendanceFigures:
    units: list[RateRow]
    url: str


def attendance(user: Any, *, today: dt.date) -> AttendanceFigures:
    """Attendance per unit since January, as the attendance report shows it by default (its
    first units, counted by the database: the panel needs neither the people nor the
    evidence)."""
    first, last = month_key(dt.date(today.year, 1, 1)), month_key(today)
    units = attendance_by_unit_for(user, first, last, limit=MAX_UNITS)
    return AttendanceFigures(units, reverse("activities:attendance"))
