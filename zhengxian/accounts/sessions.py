"""Session expiry: idle (no request for a while) and absolute (hours since the login).

Django's own expiry is a cookie age, renewed or not; neither limits a session that stays in
use all day nor one left open on a shared office computer. The times live in the session
itself, read from the one clock, so tests pin them with time-machine.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django_htmx.http import HttpResponseClientRedirect

from zhengxian.core import clock

STARTED = "zx_session_started"
SEEN = "zx_session_seen"
# Writing the session on every request costs a database write; a minute of slack is enough.
SEEN_RESOLUTION = 60


def idle_seconds() -> int:
    return int(getattr(settings, "ZHENGXIAN_SESSION_IDLE_MINUTES", 30)) * 60


def max_seconds() -> int:
    return int(getattr(settings, "ZHENGXIAN_SESSION_MAX_HOURS", 12)) * 3600


def expiry_reason(started: float, seen: float, now: float) -> str:
    """ "idle", "absolute" or "" when the session may go on."""
    if now - started >= max_seconds():
        return "absolute"
    if now - seen >= idle_seconds():
        return "idle"
    return ""


def mark_started(request: HttpRequest) -> None:
    """Called at login: the absolute limit counts from here."""
    session = getattr(request, "session", None)
    if session is not None:
        now = clock.now().timestamp()
        session[STARTED] = now
        session[SEEN] = now


class SessionExpiryMiddleware:
    """Logs out a session idle too long or open too long, and says so on the login page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or hasattr(request, "api_token"):
            return self.get_response(request)  # an API token is no session
        now = clock.now().timestamp()
        session = request.session
        started = float(session.setdefault(STARTED, now))
        seen = float(session.get(SEEN, now))
        reason = expiry_reason(started, seen, now)
        if reason:
            request.zhengxian_logout_reason = reason  # type: ignore[attr-defined]
            logout(request)
            if request.path.startswith("/api/"):
                return self.get_response(request)  # the API answers 401 in JSON
            messages.info(
                request,
                _("Your session ended after %(minutes)s minutes without activity; log in again.")
                % {"minutes": idle_seconds() // 60}
                if reason == "idle"
                else _("Your session reached its limit of %(hours)s hours; log in again.")
                % {"hours": max_seconds() // 3600},
            )
            response = redirect_to_login(request.get_full_path())
            if request.headers.get("HX-Request") == "true":
                # htmx would swap the login page into a fragment: make it load the page.
                return HttpResponseClientRedirect(response["Location"])
            return response
        if now - seen >= SEEN_RESOLUTION or SEEN not in session:
            session[SEEN] = now
        return self.get_response(request)
