"""The start page: the cockpit for leadership and the office, "my to-dos" first for a unit
leader and a cadre, then who the user is, their roles, their scope and a tile per menu entry."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from zhengxian.cockpit.dashboard.board import dashboard_for
from zhengxian.cockpit.dashboard.scope import may_open_cockpit
from zhengxian.cockpit.todos import shows_todos, todos_for
from zhengxian.core import clock
from zhengxian.orgs.roles import Perm
from zhengxian.orgs.scope import scope_for
from zhengxian.orgs.selectors import people_visible_to, roles_of, units_visible_to


@login_required
def home(request: HttpRequest) -> HttpResponse:
    scope = scope_for(request.user)
    person = getattr(request.user, "person", None)
    context: dict[str, Any] = {
        "person": person,
        "grants": scope.grants,
        "assignments": roles_of(person) if person else [],
        "unit_count": units_visible_to(request.user).filter(is_active=True).count(),
        "people_count": people_visible_to(request.user).count(),
    }
    if may_open_cockpit(request.user):
        context.update(dashboard_for(request.user, today=clock.today()), cockpit=True)
    elif shows_todos(request.user):
        context["todos"] = todos_for(request.user, now=clock.now())
        context["can_visit"] = scope.has(Perm.RECORD_WORK)
    return render(request, "home/home.html", context)
