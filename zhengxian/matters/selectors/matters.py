"""Reads of matters, always from the user's scope.

A matter is visible to a user whose scope (VIEW_ORG) covers its responsible unit, its
reporting unit or the unit it waits at (dispatching unit), so a community never sees
another community's matters.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from zhengxian.orgs.models import Unit
from zhengxian.orgs.roles import Perm
from zhengxian.orgs.scope import scope_for

from ..deadlines import due_soon_q, overdue_q
from ..duplicates import Candidate, likely_duplicates
from ..models import Matter, MatterTransition
from ..workflow import OPEN_STATES


def matters_visible_to(user: Any) -> QuerySet[Matter]:
    scope = scope_for(user)
    if scope.is_superuser:
        return Matter.objects.all()
    q = (
        scope.unit_q(Perm.VIEW_ORG, via="responsible_unit")
        | scope.unit_q(Perm.VIEW_ORG, via="reporting_unit")
        | scope.unit_q(Perm.VIEW_ORG, via="dispatch_unit")
    )
    return Matter.objects.filter(q)


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


@dataclass
class UnitDeadlines:
    unit: Unit | None
    overdue: list[Matter] = field(default_factory=list)
    due_soon: list[Matter] = field(default_factory=list)


def deadline_board(user: Any, *, today: dt.date, unit: Unit | None = None) -> list[UnitDeadlines]:
    """What is overdue or due soon, grouped by the unit that holds it (the responsible unit,
    or the dispatching unit while it waits to be assigned), most overdue first; one query."""
    matters = matters_visible_to(user).filter(overdue_q(today) | due_soon_q(today))
    if unit is not None:
        matters = matters.filter(
            Q(responsible_unit__path__startswith=unit.path)
            | Q(dispatch_unit__path__startswith=unit.path)
        )
    matters = matters.select_related("responsible_unit", "dispatch_unit").order_by("deadline", "id")
    groups: dict[int, UnitDeadlines] = {}
    for matter in matters:
        holder = matter.responsible_unit or matter.dispatch_unit
        group = groups.setdefault(holder.pk, UnitDeadlines(unit=holder))
        late = matter.deadline is not None and matter.deadline < today
        (group.overdue if late else group.due_soon).append(matter)
    return sorted(
        groups.values(),
        key=lambda g: (-len(g.overdue), -len(g.due_soon), g.unit.path if g.unit else ""),
    )
