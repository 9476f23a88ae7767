from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from zhengxian.audit.services import record_denied
from zhengxian.core.errors import NotAllowed
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
    return render(request, "core/home.html", context)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    # A refusal from a service carries a reason written for the user; Django's own carry none.
    reason = str(exception) if isinstance(exception, NotAllowed) and exception.args else ""
    record_denied(request, reason=reason)
    return render(request, "errors/403.html", {"reason": reason}, status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # No context processors: the failure may lie in them.
    from django.template import loader

    return HttpResponse(loader.get_template("errors/500.html").render({}), status=500)


def healthz(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")
