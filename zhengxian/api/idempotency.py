"""Creates that a phone on a bad network may send twice: with an ``Idempotency-Key`` the
first answer is kept, and a retry with the same key and the same body gets that answer
again (header ``Idempotent-Replayed: true``) instead of a second record. The same key with
another body is refused (409): a client bug, never silently merged."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Any

from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI

from .errors import ApiRefusal
from .models import IdempotentRequest

HEADER = "Idempotency-Key"
MAX_KEY = 100


def _request_hash(payload: Any) -> str:
    text = json.dumps(payload, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def _replay(
    api: NinjaAPI, request: HttpRequest, kept: IdempotentRequest, digest: str
) -> HttpResponse:
    if kept.request_hash != digest:
        raise ApiRefusal(
            409,
            "idempotency_key_reused",
            _("This Idempotency-Key was already used for a different request."),
        )
    response = api.create_response(request, kept.body, status=kept.status_code)
    response["Idempotent-Replayed"] = "true"
    return response


def _kept(user_id: int, key: str) -> IdempotentRequest | None:
    return IdempotentRequest.objects.filter(user_id=user_id, key=key).first()


def idempotent_create(
    api: NinjaAPI,
    request: HttpRequest,
    *,
    operation: str,
    payload: Any,
    create: Callable[[], dict[str, Any]],
    status: int = 201,
) -> HttpResponse:
    """Runs ``create`` (which returns the response body) once per key; without a key, it
    simply runs. The record and the kept answer commit together or not at all."""
    key = request.headers.get(HEADER, "").strip()
    if not key:
        return api.create_response(request, create(), status=status)
    if len(key) > MAX_KEY:
        raise ApiRefusal(
            400, "bad_idempotency_key", _("An Idempotency-Key is at most 100 characters.")
        )
    user_id: int = request.user.pk  # type: ignore[assignment]  # authenticated by now
    digest = _request_hash({"operation": operation, "payload": payload})
    kept = _kept(user_id, key)
    if kept is not None:
        return _replay(api, request, kept, digest)
    try:
        with transaction.atomic():
            body = create()
            IdempotentRequest.objects.create(
                user_id=user_id,
                key=key,
                operation=operation,
                request_hash=digest,
                status_code=status,
                body=body,
            )
    except IntegrityError:
        # The same key arrived twice at once: the other request's record stands, this
        # one's (rolled back above) never existed.
        kept = _kept(user_id, key)
        if kept is None:
            raise
        return _replay(api, request, kept, digest)
    return api.create_response(request, body, status=status)
