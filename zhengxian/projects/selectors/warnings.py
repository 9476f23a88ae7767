"""For leadership: what turned yellow or red this week, and the escalation ladder by unit."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet

from zhengxian.orgs.models import Unit
from zhengxian.orgs.roles import Perm
from zhengxian.orgs.scope import scope_for

from .. import status as rules
from ..escalation import Rung, ladder, rung_for
from ..models import StatusChange


def week_start(today: dt.date) -> dt.date:
    """The Monday of ``today``'s week."""
    return today - dt.timedelta(days=today.weekday())


def changes_visible_to(user: Any) -> QuerySet[StatusChange]:
    scope = scope_for(user)
    return StatusChange.objects.filter(scope.unit_q(Perm.VIEW_COCKPIT, via="unit"))


def turned_this_week(user: Any, *, today: dt.date) -> list[StatusChange]:
    """Items that turned yellow or red since Monday, newest first: each item once, with its
    latest such change (the item's colour now is ``change.project.status`` or
    ``change.task.status``)."""
    rows = (
        changes_visible_to(user)
        .filter(
            day__gte=week_start(today), day__lte=today, new_status__in=[rules.YELLOW, rules.RED]
        )
        .select_related("unit", "project", "task", "task__action")
        .order_by("-day", "-id")
    )
    seen: set[tuple[str, int]] = set()
    latest = []
    for change in rows:
        key = ("project", change.project_id) if change.project_id else ("task", change.task_id or 0)
        if key not in seen:
            seen.add(key)
            latest.append(change)
    return latest


@dataclass
class Climb:
    unit: Unit
    reds: int
    rung: Rung | None
    changes: list[StatusChange] = field(default_factory=list)


def escalation_for(user: Any, *, month: int) -> list[Climb]:
    """Units with at least one red in the calendar ``month`` (yyyymm), most reds first."""
    return _climbs(changes_visible_to(user).filter(month=month, new_status=rules.RED))


def escalation_between(user: Any, *, start: dt.date, end: dt.date) -> list[Climb]:
    """Units with at least one red from ``start`` to ``end`` (both included), most reds
    first: the ladder of a scoring period, whose bounds need not be a calendar month's (a
    quarter, or a campaign's first period that starts mid-month)."""
    return _climbs(
        changes_visible_to(user).filter(day__gte=start, day__lte=end, new_status=rules.RED)
    )


def _climbs(reds: QuerySet[StatusChange]) -> list[Climb]:
    rows = reds.select_related("unit", "project", "task", "task__action").order_by("day", "id")
    by_unit: dict[int, list[StatusChange]] = defaultdict(list)
    units: dict[int, Unit] = {}
    for change in rows:
        by_unit[change.unit_id].append(change)
        units[change.unit_id] = change.unit
    rungs = ladder()
    climbs = [
        Climb(units[unit_id], len(changes), rung_for(len(changes), rungs), changes)
        for unit_id, changes in by_unit.items()
    ]
    return sorted(climbs, key=lambda c: (-c.reds, c.unit.path))
