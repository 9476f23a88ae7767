"""Outgoing webhooks: queue a delivery per subscribed endpoint, send due ones with retries.

`enqueue` only writes `WebhookDelivery` rows (called by `notify`, inside the request);
`deliver_due` (the command ``deliver_webhooks``, or a background job) claims the due rows,
posts each with a short timeout and records the outcome: sent, or retried after
`BACKOFF_SECONDS[attempt - 1]`, or given up after `MAX_ATTEMPTS`. Nothing here raises into
its caller because an endpoint failed.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import translation

from . import clock, dingtalk
from .models import DeliveryStatus, WebhookDelivery, WebhookEndpoint
from .notification_kinds import Kind, kind_label

logger = logging.getLogger(__name__)

# Seconds to wait after the 1st, 2nd, … failed attempt; one more attempt than waits.
BACKOFF_SECONDS: tuple[int, ...] = (60, 300, 1800, 7200, 21600)
MAX_ATTEMPTS = len(BACKOFF_SECONDS) + 1
CLAIM_SECONDS = 120  # a claimed delivery is not claimed again for this long
DEFAULT_TIMEOUT = 5.0


def timeout() -> float:
    return float(getattr(settings, "ZHENGXIAN_WEBHOOK_TIMEOUT", DEFAULT_TIMEOUT))


def absolute(url: str) -> str:
    """A link the chat can open: the site's address (``ZHENGXIAN_SITE_URL``) before a path."""
    base = str(getattr(settings, "ZHENGXIAN_SITE_URL", "") or "").rstrip("/")
    if url.startswith("/") and base:
        return base + url
    return url if url.startswith(("http://", "https://")) else ""


def payload_for(endpoint: WebhookEndpoint, *, kind: str, text: str, url: str) -> dict[str, Any]:
    with translation.override(settings.LANGUAGE_CODE):
        title = kind_label(kind)
    return dingtalk.message(msgtype=endpoint.msgtype, title=title, text=text, link=absolute(url))


def endpoints_for(*, kind: str, recipient_ids: set[int], unit: Any = None) -> list[WebhookEndpoint]:
    """The enabled endpoints that receive a notification of ``kind``: personal channels of
    its recipients, and (except for digests) unit channels at or above ``unit``."""
    return _receiving(_candidates(recipient_ids), kind=kind, recipient_ids=recipient_ids, unit=unit)


def _candidates(recipient_ids: set[int]) -> list[WebhookEndpoint]:
    candidates = WebhookEndpoint.objects.filter(enabled=True).select_related("owner_unit")
    return list(
        candidates.filter(Q(recipient_id__in=recipient_ids) | Q(recipient__isnull=True)).order_by(
            "pk"
        )
    )


def _receiving(
    candidates: Iterable[WebhookEndpoint], *, kind: str, recipient_ids: set[int], unit: Any
) -> list[WebhookEndpoint]:
    path = getattr(unit, "path", "") or ""
    chosen = []
    for endpoint in candidates:
        if not endpoint.receives(kind):
            continue
        if endpoint.recipient_id is not None:
            if endpoint.recipient_id in recipient_ids:
                chosen.append(endpoint)
        elif kind != Kind.DIGEST and path and path.startswith(endpoint.owner_unit.path):
            chosen.append(endpoint)
    return chosen


def enqueue(
    *, kind: str, text: str, url: str, recipients: Iterable[Any], unit: Any = None
) -> list[WebhookDelivery]:
    """Queues one delivery per receiving endpoint; no network I/O."""
    return enqueue_many([Outgoing(kind, text, url, {user.pk for user in recipients}, unit)])


@dataclass(frozen=True)
class Outgoing:
    kind: str
    text: str
    url: str
    recipient_ids: set[int]
    unit: Any = None


def enqueue_many(messages: Iterable[Outgoing]) -> list[WebhookDelivery]:
    """`enqueue` for many messages with one lookup of the endpoints and one insert."""
    messages = list(messages)
    everyone = set().union(*(message.recipient_ids for message in messages))
    candidates = _candidates(everyone)
    if not candidates:
        return []
    now = clock.now()
    rows = [
        WebhookDelivery(
            endpoint=endpoint,
            kind=message.kind,
            payload=payload_for(endpoint, kind=message.kind, text=message.text, url=message.url),
            next_attempt_at=now,
        )
        for message in messages
        for endpoint in _receiving(
            candidates, kind=message.kind, recipient_ids=message.recipient_ids, unit=message.unit
        )
    ]
    return WebhookDelivery.objects.bulk_create(rows, batch_size=1000)


def enqueue_test(endpoint: WebhookEndpoint, *, text: str) -> WebhookDelivery:
    return WebhookDelivery.objects.create(
        endpoint=endpoint,
        kind=Kind.TEST,
        payload=payload_for(endpoint, kind=Kind.TEST, text=text, url=""),
        next_attempt_at=clock.now(),
    )


@dataclass(frozen=True)
class Attempt:
    ok: bool
    code: int | None
    error: str


def post(endpoint: WebhookEndpoint, payload: dict[str, Any]) -> Attempt:
    """One POST of ``payload`` to the endpoint, signed when it has a secret. Never raises."""
    stamp = int(clock.now().timestamp() * 1000)
    body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    try:
        request = urllib.request.Request(
            dingtalk.signed_url(endpoint.url, endpoint.secret, stamp),
            data=body,
            headers={"Content-Type": "application/json; charset=utf-8"},
            method="POST",
        )
        with urllib.request.urlopen(request, timeout=timeout()) as response:
            ok, error = dingtalk.accepted(response.status, response.read(65536))
            return Attempt(ok, response.status, error)
    except urllib.error.HTTPError as error:
        return Attempt(False, error.code, f"HTTP {error.code}")
    except urllib.error.URLError as error:
        return Attempt(False, None, _scrub(str(error.reason), endpoint)[:500])
    except Exception as error:  # timeouts, resets, bad addresses: all a failed attempt
        return Attempt(False, None, _scrub(f"{type(error).__name__}: {error}", endpoint)[:500])


def _scrub(text: str, endpoint: WebhookEndpoint) -> str:
    """An error for the delivery log, without the address's query (its access_token, the
    sign) or the secret, which some errors quote."""
    query = urllib.parse.urlsplit(endpoint.url).query
    for secret in (query, endpoint.secret):
        if secret:
            text = text.replace(secret, "…")
    return re.sub(r"(access_token|sign|timestamp)=[^&\s'\"]*", r"\1=…", text)


def record(delivery: WebhookDelivery, attempt: Attempt, *, at: dt.datetime) -> None:
    """Stores one attempt's outcome and when to try again (or that it gave up)."""
    delivery.attempts += 1
    delivery.response_code = attempt.code
    delivery.last_error = attempt.error[:500]
    delivery.history = [
        *delivery.history,
        {"at": at.isoformat(), "ok": attempt.ok, "code": attempt.code, "error": attempt.error},
    ]
    if attempt.ok:
        delivery.status = DeliveryStatus.SENT
        delivery.sent_at = at
        delivery.next_attempt_at = None
    elif delivery.attempts >= MAX_ATTEMPTS:
        delivery.status = DeliveryStatus.FAILED
        delivery.next_attempt_at = None
    else:
        wait = BACKOFF_SECONDS[delivery.attempts - 1]
        delivery.next_attempt_at = at + dt.timedelta(seconds=wait)
    delivery.save(
        update_fields=[
            "attempts",
            "response_code",
            "last_error",
            "history",
            "status",
            "sent_at",
            "next_attempt_at",
        ]
    )


@dataclass(frozen=True)
class DeliveryRun:
    sent: int = 0
    retrying: int = 0
    failed: int = 0


def _claim(now: dt.datetime, limit: int) -> list[WebhookDelivery]:
    """Takes the due deliveries and holds them for `CLAIM_SECONDS`, so that two runners
    (on PostgreSQL, with SKIP LOCKED) never send one twice."""
    with transaction.atomic():
        due = list(
            WebhookDelivery.objects.select_for_update(skip_locked=True)
            .filter(status=DeliveryStatus.PENDING, next_attempt_at__lte=now, endpoint__enabled=True)
            .order_by("next_attempt_at", "pk")[:limit]
        )
        held = now + dt.timedelta(seconds=CLAIM_SECONDS)
        WebhookDelivery.objects.filter(pk__in=[d.pk for d in due]).update(next_attempt_at=held)
    return due


def deliver_due(*, limit: int = 200) -> DeliveryRun:
    """Sends every delivery that is due now; returns how many were sent, will be retried,
    were given up. Each endpoint failure is recorded on its row, never raised."""
    now = clock.now()
    deliveries = _claim(now, limit)
    endpoints = WebhookEndpoint.objects.in_bulk({d.endpoint_id for d in deliveries})
    sent = retrying = failed = 0
    for delivery in deliveries:
        delivery.endpoint = endpoints[delivery.endpoint_id]
        attempt = post(delivery.endpoint, delivery.payload)
        try:
            record(delivery, attempt, at=clock.now())
        except Exception:
            logger.exception("Could not record webhook delivery %s", delivery.pk)
            continue
        if delivery.status == DeliveryStatus.SENT:
            sent += 1
        elif delivery.status == DeliveryStatus.FAILED:
            failed += 1
        else:
            retrying += 1
    return DeliveryRun(sent=sent, retrying=retrying, failed=failed)
