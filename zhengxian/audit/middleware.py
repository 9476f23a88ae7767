from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from zhengxian.core.acting import acting_as, from_address
from zhengxian.core.client_ip import client_ip


class AuditActorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        with (
            acting_as(user if user is not None and user.is_authenticated else None),
            from_address(client_ip(request)),
        ):
            return self.get_response(request)
