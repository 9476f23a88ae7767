"""Matters by state, with the overdue and on-time rates, through the matter list's selector."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, Q
from django.urls import reverse

from zhengxian.matters.deadlines import overdue_q
from zhengxian.matters.models import MatterState
from zhengxian.matters.selectors.matters import MatterFilters, matter_list
from zhengxian.matters.workflow import OPEN_STATES


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


RESOLVED_WITH_DEADLINE = Q(resolved_on__isnull=False, deadline__isnull=False)


def matter_figures(user: Any, *, today: dt.date) -> MatterFigures:
    """The counts the matter list shows for its state, "open" and "overdue" filters: the
    list's own queryset, counted by state in one query (the same rows its filters keep)."""
    rows = (
        matter_list(user, MatterFilters(), today=today)
        .order_by()
        .values("state")
        .annotate(
            n=Count("pk"),
            overdue=Count("pk", filter=overdue_q(today)),
            with_deadline=Count("pk", filter=RESOLVED_WITH_DEADLINE),
            on_time=Count("pk", filter=RESOLVED_WITH_DEADLINE & Q(resolved_on__lte=F("deadline"))),
        )
    )
    by_state: dict[str, Any] = {row["state"]: row for row in rows}
    states = [
        StateCount(
            value,
            str(label),
            by_state[value]["n"] if value in by_state else 0,
            matter_list_url(state=value),
        )
        for value, label in MatterState.choices
    ]
    open_rows = [row for state, row in by_state.items() if state in OPEN_STATES]
    return MatterFigures(
        states=states,
        open_count=sum(row["n"] for row in open_rows),
        overdue=sum(row["overdue"] for row in open_rows),
        resolved_with_deadline=sum(row["with_deadline"] for row in by_state.values()),
        resolved_on_time=sum(row["on_time"] for row in by_state.values()),
    )
