"""'My to-dos' on a unit leader's and a cadre's start page: matters waiting on me, appeals I
may file or that await a decision, sign-ins open now, milestones due soon or overdue of my
projects. Each list comes from the owning app's selector, narrowed to the user's own units.
Each matter and milestone carries ``days_late`` (0 unless overdue), so the list marks what is
late where the cadre looks first."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import F, Q

from zhengxian.activities.models import SessionStatus
from zhengxian.activities.selectors.attendance import MySession, my_sessions
from zhengxian.matters.deadlines import deadline_status
from zhengxian.matters.models import Matter
from zhengxian.matters.selectors.matters import matters_visible_to
from zhengxian.matters.workflow import OPEN_STATES
from zhengxian.orgs.roles import Perm
from zhengxian.orgs.scope import scope_for
from zhengxian.projects.models import Milestone
from zhengxian.projects.selectors.access import projects_visible_to
from zhengxian.scoring.models import Appeal, AppealStatus, UnitScore
from zhengxian.scoring.selectors.inputs import appealable_rows, appeals_visible_to

MILESTONE_DAYS = 7  # a milestone due within a week is due soon (the yellow warning's window)
LIMIT = 10
WORK_PERMS = (Perm.RECORD_WORK, Perm.HANDLE_MATTERS, Perm.MANAGE_PROJECTS)


@dataclass
class ToDos:
    matters: list[Matter] = field(default_factory=list)
    matter_count: int = 0
    appealable: list[UnitScore] = field(default_factory=list)
    appeals: list[Appeal] = field(default_factory=list)
    sign_ins: list[MySession] = field(default_factory=list)
    milestones: list[Milestone] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (
            self.matters or self.appealable or self.appeals or self.sign_ins or self.milestones
        )


def shows_todos(user: Any) -> bool:
    """Unit leaders and cadres (whoever records work or handles matters) get the list."""
    scope = scope_for(user)
    return any(scope.has(perm) for perm in WORK_PERMS)


def _own_paths(user: Any) -> list[str]:
    scope = scope_for(user)
    paths: set[str] = set()
    for perm in WORK_PERMS:
        paths.update(scope.paths(perm))
    return sorted(paths)


def _under(paths: list[str], via: str) -> Q:
    q = Q(pk__in=[])
    for path in paths:
        q |= Q(**{f"{via}__path__startswith": path})
    return q


def matters_waiting_on(user: Any) -> Any:
    """Open matters my units hold: responsible for them, or to assign them."""
    paths = _own_paths(user)
    held = _under(paths, "responsible_unit") | (
        Q(responsible_unit__isnull=True) & _under(paths, "dispatch_unit")
    )
    return (
        matters_visible_to(user)
        .filter(held, state__in=OPEN_STATES)
        .select_related("responsible_unit")
        # Not yet assigned (no deadline) first, on PostgreSQL as on SQLite, then by deadline.
        .order_by(F("deadline").asc(nulls_first=True), "id")
    )


def milestones_due(user: Any, *, today: dt.date) -> Any:
    """Milestones not done, due within a week or overdue, of my units' or my own projects."""
    projects = projects_visible_to(user).filter(
        _under(_own_paths(user), "unit") | Q(lead__user=user)
    )
    return (
        Milestone.objects.filter(
            project__in=projects,
            actual_date__isnull=True,
            planned_date__lte=today + dt.timedelta(days=MILESTONE_DAYS),
        )
        .select_related("project")
        .order_by("planned_date", "id")
    )


def _matters_marked(matters: Any, today: dt.date) -> list[Matter]:
    listed = list(matters)
    for matter in listed:
        matter.deadline_status = deadline_status(matter, today)
        late = matter.deadline_status == "overdue"
        matter.days_late = (today - matter.deadline).days if late else 0
    return listed


def _milestones_marked(milestones: Any, today: dt.date) -> list[Milestone]:
    listed = list(milestones)
    for milestone in listed:
        milestone.days_late = max((today - milestone.planned_date).days, 0)
    return listed


def todos_for(user: Any, *, now: dt.datetime) -> ToDos:
    today = now.date()
    waiting = matters_waiting_on(user)
    upcoming, _past = my_sessions(user, now)
    return ToDos(
        matters=_matters_marked(waiting[:LIMIT], today),
        matter_count=waiting.count(),
        appealable=appealable_rows(user, limit=LIMIT),
        appeals=list(appeals_visible_to(user, status=AppealStatus.OPEN)[:LIMIT]),
        sign_ins=[
            s for s in upcoming if s.session.status == SessionStatus.OPEN and s.sign_in is None
        ],
        milestones=_milestones_marked(milestones_due(user, today=today)[:LIMIT], today),
    )
