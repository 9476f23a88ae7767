"""Reads of matters, always from the user's scope.

A matter is visible to a user whose scope (VIEW_ORG) covers its responsible unit, its
reporting unit or the unit it waits at (dispatching unit), so a community never sees
another community's matters.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, F, Q, QuerySet, Window
from django.db.models.functions import Coalesce, RowNumber
from django.http import Http404

from zhengxian.core.links import reversed_once
from zhengxian.orgs.models import Unit
from zhengxian.orgs.roles import Perm
from zhengxian.orgs.scope import scope_for

from ..deadline_counts import kept_holder_counts
from ..deadlines import due_soon_q, late_or_due_q, overdue_q
from ..duplicates import Candidate, likely_duplicates
from ..models import Matter, MatterState, MatterTransition
from ..workflow import OPEN_STATES


def matters_visible_to(user: Any) -> QuerySet[Matter]:
    seen = scope_for(user).visible_q(
        Matter, "responsible_unit", "reporting_unit", "dispatch_unit", perm=Perm.VIEW_ORG
    )
    return Matter.objects.filter(seen)


def matter_get_for(user: Any, matter_id: int) -> Matter:
    matter = (
        matters_visible_to(user)
        .select_related(
            "reporting_unit",
            "responsible_unit",
            "dispatch_unit",
            "target_unit",
            "enterprise",
            "site",
            "visit",
            "supervision_day",
            "repeat_of",
            "reported_by__person",
            "assigned_by__person",
        )
        .filter(pk=matter_id)
        .first()
    )
    if matter is None:
        raise Http404
    return matter


@dataclass(frozen=True)
class MatterFilters:
    search: str = ""
    state: str = ""
    origin: str = ""
    category: str = ""
    unit: Unit | None = None
    deadline: str = ""  # "overdue", "due_soon" or ""
    open_only: bool = False
    mine: bool = False
    closed_by: str = ""  # "self", "unconfirmed" or ""


def matter_list(user: Any, filters: MatterFilters, *, today: dt.date) -> QuerySet[Matter]:
    matters = matters_visible_to(user)
    if filters.search:
        matters = matters.filter(
            Q(title__icontains=filters.search)
            | Q(description__icontains=filters.search)
            | Q(requester_name__icontains=filters.search)
            | Q(place__icontains=filters.search)
        )
    if filters.state:
        matters = matters.filter(state=filters.state)
    if filters.open_only:
        matters = matters.filter(state__in=OPEN_STATES)
    if filters.origin:
        matters = matters.filter(origin=filters.origin)
    if filters.category:
        matters = matters.filter(category=filters.category)
    if filters.unit is not None:
        path = filters.unit.path
        matters = matters.filter(
            Q(responsible_unit__path__startswith=path) | Q(reporting_unit__path__startswith=path)
        )
    if filters.deadline == "overdue":
        matters = matters.filter(overdue_q(today))
    elif filters.deadline == "due_soon":
        matters = matters.filter(due_soon_q(today))
    if filters.mine:
        matters = matters.filter(Q(reported_by=user) | Q(assigned_by=user))
    if filters.closed_by in {"self", "unconfirmed"}:
        matters = matters.filter(self_closed=True)
    if filters.closed_by == "unconfirmed":
        matters = matters.filter(requester_confirmed_at__isnull=True)
    return matters.select_related("responsible_unit", "reporting_unit").order_by(
        "-reported_on", "-id"
    )


def matter_history(matter: Matter) -> QuerySet[MatterTransition]:
    return matter.history.select_related("actor").order_by("at", "id")


def duplicates_for(user: Any, *, text: str, exclude: int | None = None) -> list[Candidate]:
    """Open matters the user can see that look like ``text``."""
    candidates = matters_visible_to(user).filter(state__in=OPEN_STATES)
    if exclude is not None:
        candidates = candidates.exclude(pk=exclude)
    return likely_duplicates(text=text, candidates=candidates)


# The board shows a page of holding units, each with its first rows: at province scale a
# scope holds tens of thousands of late matters and thousands of units holding them.
BOARD_GROUPS_PER_PAGE = 20
BOARD_ROWS_PER_GROUP = 5
HOLDER = "holder_id"  # the annotation of the holding unit's id (a name, for the type checker)


@dataclass(frozen=True)
class BoardMatter:
    """A matter on the deadline board: what its line shows."""

    pk: int
    title: str
    deadline: dt.date
    state_label: str
    url: str
    days_late: int  # days past the deadline; 0 or less: due soon


@dataclass
class UnitDeadlines:
    unit: Unit | None
    overdue: list[BoardMatter] = field(default_factory=list)
    due_soon: list[BoardMatter] = field(default_factory=list)
    overdue_count: int = 0
    due_soon_count: int = 0

    @property
    def more(self) -> int:
        """How many of the group's matters the board does not show."""
        return self.overdue_count + self.due_soon_count - len(self.overdue) - len(self.due_soon)


@dataclass
class DeadlineBoard:
    groups: list[UnitDeadlines]
    page: Page
    overdue_total: int
    due_soon_total: int


def _holder() -> Coalesce:
    """The holder: the responsible unit, or the dispatching unit while it waits to be
    assigned."""
    return Coalesce("responsible_unit", "dispatch_unit")


def _late_or_due(user: Any, today: dt.date, unit: Unit | None) -> QuerySet[Matter]:
    matters = matters_visible_to(user).filter(late_or_due_q(today))
    if unit is not None:
        matters = matters.filter(
            Q(responsible_unit__path__startswith=unit.path)
            | Q(dispatch_unit__path__startswith=unit.path)
        )
    return matters.annotate(**{HOLDER: _holder()})


def deadline_board_page(
    user: Any,
    *,
    today: dt.date,
    page: Any = 1,
    unit: Unit | None = None,
    rows: int = BOARD_ROWS_PER_GROUP,
) -> DeadlineBoard:
    """What is overdue or due soon, grouped by the unit that holds it, the units with most
    overdue first; a page of units, each with its ``rows`` most overdue matters. Counted and
    grouped in SQL: a constant number of queries whatever the size of the scope."""
    matters = _late_or_due(user, today, unit)
    late = Q(deadline__lt=today)
    # One aggregate, one row per holding unit (bounded by the units, not the matters): the
    # totals are its sums and the page is a slice of it. It counts `state` (never null), not
    # the id: every column it reads is in the index matters_matter_late, so PostgreSQL can
    # answer from the index alone (213 -> 48 ms at province), as SQLite does.
    # They are kept until a matter or unit is written (`deadline_counts`).
    counts = kept_holder_counts(
        user,
        today=today,
        unit_id=unit.pk if unit is not None else None,
        count=lambda: list(
            matters.order_by()
            .values(HOLDER)
            .annotate(overdue=Count("state", filter=late), due_soon=Count("state", filter=~late))
            .order_by("-overdue", "-due_soon", HOLDER)
            .values_list(HOLDER, "overdue", "due_soon")  # tuples: a province has 12,000 holders
        ),
    )
    board_page = Paginator(counts.rows, BOARD_GROUPS_PER_PAGE).get_page(page)
    rows_of = list(board_page.object_list)
    ids = [holder for holder, _, _ in rows_of]
    units = Unit.objects.in_bulk(ids)
    groups = {
        holder: UnitDeadlines(unit=units.get(holder), overdue_count=late_n, due_soon_count=soon_n)
        for holder, late_n, soon_n in rows_of
    }
    if ids and rows > 0:
        # The holders named by their columns, not by the COALESCE: an index can find them.
        # The first rows' ids from the index matters_matter_held alone (index-only at
        # province: 12 -> 2 ms), then those rows with the columns the board shows.
        held = Q(responsible_unit__in=ids) | Q(responsible_unit__isnull=True, dispatch_unit__in=ids)
        first_ids = (
            matters.filter(held)
            .annotate(
                rank=Window(
                    RowNumber(),
                    partition_by=[F(HOLDER)],
                    order_by=[F("deadline").asc(), F("id").asc()],
                )
            )
            .filter(rank__lte=rows)
            .order_by()  # the list's sort reads a column outside the index
            .values_list("pk", flat=True)
        )
        first_rows = (
            Matter.objects.filter(pk__in=list(first_ids))
            .annotate(**{HOLDER: _holder()})
            .order_by("deadline", "id")
            .values_list("pk", "title", "deadline", "state", HOLDER)
        )
        url_of = reversed_once("matters:matter_detail")
        for pk, title, deadline, state, holder in first_rows:
            group = groups.get(holder)
            if group is None:  # handed to another unit between the two reads
                continue
            row = BoardMatter(
                pk=pk,
                title=title,
                deadline=deadline,
                state_label=str(MatterState(state).label),
                url=url_of(pk),
                days_late=(today - deadline).days,
            )
            (group.overdue if row.days_late > 0 else group.due_soon).append(row)
    return DeadlineBoard(
        groups=list(groups.values()),
        page=board_page,
        overdue_total=counts.overdue_total,
        due_soon_total=counts.due_soon_total,
    )


def deadline_board(user: Any, *, today: dt.date, unit: Unit | None = None) -> list[UnitDeadlines]:
    """The first page of the board's groups (see `deadline_board_page`)."""
    return deadline_board_page(user, today=today, unit=unit).groups
