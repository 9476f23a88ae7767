"""The cockpit page (驾驶舱) and its wall-screen mode: thin, one call to the dashboard."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from zhengxian.core import clock

from .dashboard.board import dashboard_for


def _unit_id(request: HttpRequest) -> int | None:
    raw = request.GET.get("unit", "")
    return int(raw) if raw.isdigit() and len(raw) < 10 else None


@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    """The cockpit; ``?wall=1`` is the wall screen: no navigation, large type, refreshing."""
    context = dashboard_for(request.user, today=clock.today(), unit_id=_unit_id(request))
    context["wall"] = request.GET.get("wall") == "1"
    template = "cockpit/wall.html" if context["wall"] else "cockpit/dashboard.html"
    if getattr(request, "htmx", False):
        template = "cockpit/_panels.html"
    return render(request, template, context)
