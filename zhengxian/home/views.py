"""The start page: who the user is, their roles, their scope, and a tile per menu entry."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

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
    return render(request, "home/home.html", context)
