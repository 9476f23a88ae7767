"""Matters by state, with the overdue and on-time rates, through the matter list's selector."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F
from django.urls import reverse

from zhengxian.matters.models import MatterState
from zhengxian.matters.selectors.matters import MatterFilters, matter_list


def matter_list_url(**query: str) -> str:
    from urllib.parse import urlencode

    return f"{reverse('matters:matter_list')}?{urlencode(query)}"


@dataclass(frozen=True)
class StateCount:
    state: str
    label: str
    count: int
    url: str


@dataclass(frozen=True)
class MatterFigures:
    states: list[StateCount]
    open_count: int
    overdue: int
    resolved_with_deadline: int
    resolved_on_time: int

    @property
    def overdue_rate(self) -> float | None:
        """Overdue matters as a share of the open ones (not closed), 0 … 100."""
        return round(100 * self.overdue / self.open_count, 1) if self.open_count else None

    @property
    def on_time_rate(self) -> float | None:
        """Resolved matters with a deadline that were resolved by it, 0 … 100."""
        if not self.resolved_with_deadline:
            return None
        return round(100 * self.resolved_on_time / self.resolved_with_deadline, 1)

    @property
    def open_url(self) -> str:
        return matter_list_url(state="open")

    @property
    def overdue_url(self) -> str:
        return matter_list_url(state="open", deadline="overdue")


def matter_figures(user: Any, *, today: dt.date) -> MatterFigures:
    """The counts the matter list shows for each state filter: the list's own queryset,
    counted by state in one query (the same rows its state filter keeps)."""
    by_state = dict(
        matter_list(user, MatterFilters(), today=today)
        .order_by()
        .values("state")
        .annotate(n=Count("pk"))
        .values_list("state", "n")
    )
    states = [
        StateCount(value, str(label), by_state.get(value, 0), matter_list_url(state=value))
        for value, label in MatterState.choices
    ]
    open_count = matter_list(user, MatterFilters(open_only=True), today=today).count()
    overdue = matter_list(
        user, MatterFilters(open_only=True, deadline="overdue"), today=today
    ).count()
    resolved = matter_list(user, MatterFilters(), today=today).filter(
        resolved_on__isnull=False, deadline__isnull=False
    )
    return MatterFigures(
        states=states,
        open_count=open_count,
        overdue=overdue,
        resolved_with_deadline=resolved.count(),
        resolved_on_time=resolved.filter(resolved_on__lte=F("deadline")).count(),
    )
