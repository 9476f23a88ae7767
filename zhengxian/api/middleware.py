"""Two things every /api/ request needs before the view: the bearer token's owner as
``request.user`` (set here, before the audit middleware, so the log names who acted), and
ETags on reads (Django's ConditionalGetMiddleware, limited to the API)."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.middleware.http import ConditionalGetMiddleware
from django.utils.cache import patch_cache_control, patch_vary_headers

from .tokens import token_find

API_PREFIX = "/api/"


def bearer_of(request: HttpRequest) -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _sep, value = header.partition(" ")
    return value.strip() if scheme.lower() == "bearer" else None


class ApiTokenMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        raw = bearer_of(request) if request.path.startswith(API_PREFIX) else None
        if raw is not None:
            token = token_find(raw)
            request.api_token = token  # type: ignore[attr-defined]
            # A bad token never falls back to the browser's session.
            request.user = token.user if token is not None else AnonymousUser()
        return self.get_response(request)


class ApiConditionalGetMiddleware(ConditionalGetMiddleware):
    """ETag / If-None-Match on the API's reads; answers differ per caller and language, so
    they are private and vary on what names the caller."""

    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        if not request.path.startswith(API_PREFIX):
            return response
        if request.method in ("GET", "HEAD"):
            patch_cache_control(response, private=True, no_cache=True)
            patch_vary_headers(response, ("Authorization", "Cookie", "Accept-Language"))
        return super().process_response(request, response)
