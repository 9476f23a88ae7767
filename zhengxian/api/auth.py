"""Who may call the API: a personal access token (``Authorization: Bearer zx_…``) or the
site's own session (with its CSRF token on writes). Both then meet the same rules: a
read-only token never writes, a password set by someone else must be changed first, and
each caller has a rate limit."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.security import HttpBearer, SessionAuth

from .errors import ApiRefusal
from .ratelimit import check_rate

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def _admit(request: HttpRequest, user: Any, caller: str) -> Any:
    check_rate(caller)  # every request counts, refused ones too
    if getattr(user, "must_change_password", False):
        raise ApiRefusal(
            403,
            "password_change_required",
            _("Change the password someone else set for you before using the API."),
        )
    return user


class TokenAuth(HttpBearer):
    """The middleware has already looked the token up (`ApiTokenMiddleware`)."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        api_token = getattr(request, "api_token", None)
        if api_token is None:
            return None
        user = _admit(request, api_token.user, f"token:{api_token.pk}")
        if api_token.read_only and request.method not in SAFE_METHODS:
            raise ApiRefusal(
                403, "read_only_token", _("This token is read only: it cannot change anything.")
            )
        return user


class SiteSessionAuth(SessionAuth):
    """The site's own pages and scripts: Django's session, CSRF-checked on writes."""

    def _get_key(self, request: HttpRequest) -> str | None:
        if hasattr(request, "api_token"):
            return None  # a request with a bearer token (even a bad one) is no session's
        return super()._get_key(request)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = super().authenticate(request, key)
        if user is None:
            return None
        return _admit(request, user, f"user:{user.pk}")


def api_auth() -> list[Any]:
    return [TokenAuth(), SiteSessionAuth()]
