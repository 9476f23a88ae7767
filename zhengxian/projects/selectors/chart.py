"""The battle chart (作战图): every visible project's plan and milestones on a 12-month timeline,
a page of rows at a time.

Colours are derived live for the day shown (the same pure rules as the stored status), so
the chart is right even before the daily refresh has run. Up to ``LIVE_LIMIT`` projects in
the window, the counts and the status filter use those live colours; beyond it (a province
has tens of thousands) they use the stored colour — refreshed by every write to a project,
its milestones and reports, and each morning — counted and filtered by the database, and
only the page's rows are derived.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import cached_property, partial
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import (
    Case,
    Count,
    IntegerField,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
    prefetch_related_objects,
)
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from zhengxian.core.links import reversed_once

from .. import status as rules
from ..kept import ChartWindow, kept_window, window_key
from ..models import Category, Milestone, Project
from ..services.status import verdict_of, warn_days_of
from .lists import ProjectFilters, filter_projects


def state_labels() -> dict[str, str]:
    """Each milestone state in words, in the active language."""
    return {
        rules.DONE: _("Done on time"),
        rules.DONE_LATE: _("Done late"),
        rules.OVERDUE: _("Overdue"),
        rules.DUE_SOON: _("Due soon"),
        rules.PENDING: _("Not yet due"),
    }


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

    @property
    def when(self) -> str:
        """The planned day as the mark's label writes it (month-day)."""
        return f"{self.planned:%m-%d}"


@dataclass
class Row:
    project: Project
    status: str
    reason: str
    bar_left: float
    bar_width: float
    marks: list[Mark] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)  # every reason, worst first
    url: str = ""  # the project's page


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
    counts: dict[str, int]
    page: Page | None = None  # the rows' page (its paginator counts every row filtered)
    live_counts: bool = True  # False: counts and the status filter read the stored colour
    key: str = ""  # the window, page and day, under which its rows are kept as drawn
    rows: Callable[[], list[Row]] = list  # the page's rows, derived when first asked

    @cached_property
    def groups(self) -> list[Group]:
        """The page's rows by category, in the chart's order (categories without rows left
        out)."""
        labels = dict(Category.choices)
        rows = self.rows()
        groups = [
            Group(
                category, str(labels[category]), [r for r in rows if r.project.category == category]
            )
            for category in Category.values
        ]
        return [group for group in groups if group.rows]


LIVE_LIMIT = 500
PAGE_SIZE = 50


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
    user: Any,
    *,
    filters: ProjectFilters,
    start: dt.date,
    today: dt.date,
    page_number: str | int | None = None,
) -> BattleChart:
    """Twelve months from ``start`` (the first day of a month)."""
    start = start.replace(day=1)
    end = add_months(start, MONTHS_SHOWN) - dt.timedelta(days=1)
    days = (end - start).days + 1
    live_filters = replace(filters, status="")  # the status filter applies to live colours
    # A milestone in the window brings its project in by a subquery, not a join: a join
    # repeats the project per milestone and needs DISTINCT over every column.
    in_window = Q(planned_start__lte=end, planned_end__gte=start) | Q(
        pk__in=Milestone.objects.filter(planned_date__range=(start, end)).values("project_id")
    )
    projects = filter_projects(user, live_filters).filter(in_window)
    milestones = Prefetch("milestones", queryset=Milestone.objects.order_by("planned_date", "id"))
    key = window_key(user, filters=filters, start=start)
    window = kept_window(
        key, live_limit=LIVE_LIMIT, count=lambda: _window(projects, status=filters.status)
    )
    stored = window.stored
    live = window.ids is None
    row = partial(
        _row,
        start=start,
        end=end,
        days=days,
        today=today,
        labels=state_labels(),
        url_of=reversed_once("projects:project_detail"),
    )
    if live:
        rows, counts, page = _live_page(
            _in_display_order(projects).prefetch_related(milestones),
            status=filters.status,
            page_number=page_number,
            row=row,
        )
        page_rows: Callable[[], list[Row]] = rows.copy
    else:
        counts = stored
        page = Paginator(window.ids or [], PAGE_SIZE).get_page(page_number)
        page_rows = partial(_stored_page_rows, list(page.object_list), milestones, row)
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
        counts={s: counts.get(s, 0) for s in (rules.RED, rules.YELLOW, rules.GREEN)},
        page=page,
        live_counts=live,
        key=f"{key}:{page.number}:{today.isoformat()}",
        rows=page_rows,
    )


def _stored_page_rows(
    ids: list[int], milestones: Prefetch, row: Callable[[Project], Row]
) -> list[Row]:
    by_id = Project.objects.select_related("unit", "lead").in_bulk(ids)
    shown = [by_id[pk] for pk in ids if pk in by_id]  # one deleted since they were kept
    prefetch_related_objects(shown, milestones)
    return [row(p) for p in shown]


def _window(projects: QuerySet[Project], *, status: str) -> ChartWindow:
    """One aggregate gives the stored colours' counts and the total that decides live or
    not; beyond ``LIVE_LIMIT``, the ids in display order (sorted on narrow rows without
    joins; only the page is read whole)."""
    stored = Counter(dict(projects.order_by().values_list("status").annotate(n=Count("pk"))))
    if stored.total() <= LIVE_LIMIT:
        return ChartWindow(stored=stored, ids=None)
    if status:
        projects = projects.filter(status=status)
    return ChartWindow(
        stored=stored, ids=list(_in_display_order(projects).values_list("pk", flat=True))
    )


def _live_page(
    projects: Iterable[Project],
    *,
    status: str,
    page_number: str | int | None,
    row: Callable[[Project], Row],
) -> tuple[list[Row], Counter[str], Page]:
    """Every project's row derived live; the counts of all, then the page of those of
    ``status`` (all when empty)."""
    rows = [row(project) for project in projects]
    counts = Counter(r.status for r in rows)
    if status:
        rows = [r for r in rows if r.status == status]
    page = Paginator(rows, PAGE_SIZE).get_page(page_number)
    return list(page.object_list), counts, page


def _in_display_order(projects: QuerySet[Project]) -> QuerySet[Project]:
    """Category by category in the order the chart groups them, then as the list orders."""
    order = Case(
        *(When(category=value, then=Value(index)) for index, value in enumerate(Category.values)),
        default=Value(len(Category.values)),
        output_field=IntegerField(),
    )
    return projects.annotate(category_order=order).order_by(
        "category_order", "planned_start", "code"
    )


def _row(
    project: Project,
    *,
    start: dt.date,
    end: dt.date,
    days: int,
    today: dt.date,
    labels: dict[str, str],
    url_of: Callable[[int], str],
) -> Row:
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
        label = labels.get(state, state)
        title = f"{milestone.name} · {milestone.planned_date:%m-%d} · {label}"
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
                label=label,
            )
        )
    return Row(
        project=project,
        url=url_of(project.pk),
        status=verdict.status,
        reason=verdict.reason,
        reasons=[reason.text() for reason in verdict.reasons],
        bar_left=bar_left,
        bar_width=max(0.3, round(bar_right - bar_left, 3)),
        marks=marks,
    )
