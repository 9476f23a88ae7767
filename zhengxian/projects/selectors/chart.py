"""The battle chart (作战图): every visible project's plan and milestones on a 12-month timeline.

Colours are derived live for the day shown (the same pure rules as the stored status), so
the chart is right even before the daily refresh has run; the status filter applies to them.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, Q
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .. import status as rules
from ..models import Category, Milestone, Project
from ..services.status import verdict_of, warn_days_of
from .lists import ProjectFilters, filter_projects


def state_label(state: str) -> str:
    labels = {
        rules.DONE: _("Done on time"),
        rules.DONE_LATE: _("Done late"),
        rules.OVERDUE: _("Overdue"),
        rules.DUE_SOON: _("Due soon"),
        rules.PENDING: _("Not yet due"),
    }
    return labels.get(state, state)


@dataclass(frozen=True)
class Mark:
    pk: int
    name: str
    planned: dt.date
    actual: dt.date | None
    state: str
    colour: str
    left: float
    title: str
    label: str = ""  # the state in words


@dataclass
class Row:
    project: Project
    status: str
    reason: str
    bar_left: float
    bar_width: float
    marks: list[Mark] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)  # every reason, worst first


@dataclass(frozen=True)
class Month:
    label: str
    left: float
    width: float
    year: str = ""  # on the first month shown and on January, written under the month


@dataclass
class Group:
    category: str
    label: str
    rows: list[Row]


@dataclass
class BattleChart:
    start: dt.date
    end: dt.date
    today: dt.date
    today_left: float | None
    months: list[Month]
    groups: list[Group]
    counts: dict[str, int]


def _position(day: dt.date, start: dt.date, days: int) -> float:
    offset = (day - start).days
    return round(max(0.0, min(100.0, 100 * offset / days)), 3)


MONTHS_SHOWN = 12


def add_months(first: dt.date, months: int) -> dt.date:
    """The first day of the month ``months`` after (or before) ``first``'s month."""
    index = first.year * 12 + first.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def default_window_start(today: dt.date) -> dt.date:
    """Five months back, six ahead: both sides of today show, whatever the month."""
    return add_months(today.replace(day=1), -5)


def battle_chart(
    user: Any, *, filters: ProjectFilters, start: dt.date, today: dt.date
) -> BattleChart:
    """Twelve months from ``start`` (the first day of a month)."""
    start = start.replace(day=1)
    end = add_months(start, MONTHS_SHOWN) - dt.timedelta(days=1)
    days = (end - start).days + 1
    live_filters = replace(filters, status="")  # the status filter applies to live colours
    projects = (
        filter_projects(user, live_filters)
        .filter(
            Q(planned_start__lte=end, planned_end__gte=start)
            | Q(milestones__planned_date__range=(start, end))
        )
        .distinct()
        .prefetch_related(
            Prefetch("milestones", queryset=Milestone.objects.order_by("planned_date", "id"))
        )
    )
    rows: list[Row] = []
    for project in projects:
        row = _row(project, start=start, end=end, days=days, today=today)
        rows.append(row)
    counts = Counter(row.status for row in rows)
    if filters.status:
        rows = [row for row in rows if row.status == filters.status]
    labels = dict(Category.choices)
    groups = [
        Group(category, str(labels[category]), [r for r in rows if r.project.category == category])
        for category in Category.values
    ]
    months = []
    for index in range(MONTHS_SHOWN):
        first = add_months(start, index)
        year = str(first.year) if index == 0 or first.month == 1 else ""
        width = (add_months(first, 1) - first).days
        months.append(
            Month(
                date_format(first, "M"),
                _position(first, start, days),
                round(100 * width / days, 3),
                year,
            )
        )
    today_left = (_position(today, start, days) + 50 / days) if start <= today <= end else None
    return BattleChart(
        start=start,
        end=end,
        today=today,
        today_left=round(today_left, 3) if today_left is not None else None,
        months=months,
        groups=[g for g in groups if g.rows],
        counts={s: counts.get(s, 0) for s in (rules.RED, rules.YELLOW, rules.GREEN)},
    )


def _row(project: Project, *, start: dt.date, end: dt.date, days: int, today: dt.date) -> Row:
    milestones = list(project.milestones.all())
    reports: list[tuple[dt.date, Decimal]] = []
    if project.progress_on is not None:
        reports.append((project.progress_on, project.progress))
    verdict = verdict_of(project, today=today, milestones=milestones, reports=reports)
    bar_start, bar_end = max(project.planned_start, start), min(project.planned_end, end)
    bar_left = _position(bar_start, start, days)
    bar_right = _position(bar_end + dt.timedelta(days=1), start, days)
    warn_days = warn_days_of(project)
    marks = []
    for milestone in milestones:
        if not start <= milestone.planned_date <= end:
            continue
        state = rules.milestone_state(milestone.fact(), today=today, warn_days=warn_days)
        title = f"{milestone.name} · {milestone.planned_date:%m-%d} · {state_label(state)}"
        if milestone.actual_date:
            title += " · " + _("done %(date)s") % {"date": f"{milestone.actual_date:%m-%d}"}
        marks.append(
            Mark(
                pk=milestone.pk,
                name=milestone.name,
                planned=milestone.planned_date,
                actual=milestone.actual_date,
                state=state,
                colour=rules.STATE_COLOUR[state],
                left=round(_position(milestone.planned_date, start, days) + 50 / days, 3),
                title=title,
                label=state_label(state),
            )
        )
    return Row(
        project=project,
        status=verdict.status,
        reason=verdict.reason,
        reasons=[reason.text() for reason in verdict.reasons],
        bar_left=bar_left,
        bar_width=max(0.3, round(bar_right - bar_left, 3)),
        marks=marks,
    )
