"""Requests per minute per caller, counted in the database so that every app server
shares the count. A caller over the limit gets 429 with ``Retry-After``."""

from __future__ import annotations

import math
import time

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from .errors import ApiRefusal
from .models import RateWindow


def per_minute() -> int:
    return int(getattr(settings, "ZHENGXIAN_API_RATE_PER_MINUTE", 600))


def count_request(caller: str, *, now: float | None = None) -> int:
    """Counts one request of ``caller`` in the current minute; returns the minute's count."""
    now = time.time() if now is None else now
    minute = math.floor(now / 60)
    updated = RateWindow.objects.filter(caller=caller, minute=minute).update(count=F("count") + 1)
    if not updated:
        try:
            with transaction.atomic():
                RateWindow.objects.create(caller=caller, minute=minute, count=1)
        except IntegrityError:  # another server made the row first
            RateWindow.objects.filter(caller=caller, minute=minute).update(count=F("count") + 1)
    return RateWindow.objects.filter(caller=caller, minute=minute).values_list("count", flat=True)[
        0
    ]


def check_rate(caller: str, *, now: float | None = None) -> None:
    now = time.time() if now is None else now
    limit = per_minute()
    if count_request(caller, now=now) > limit:
        retry = 60 - int(now % 60)
        raise ApiRefusal(
            429,
            "rate_limited",
            _("Too many requests: at most %(limit)s a minute. Try again in %(seconds)s s.")
            % {"limit": limit, "seconds": retry},
            headers={"Retry-After": str(retry)},
        )


def forget_old_windows(*, now: float | None = None) -> int:
    """Deletes the counts of minutes more than an hour ago (run daily)."""
    now = time.time() if now is None else now
    deleted, _detail = RateWindow.objects.filter(minute__lt=math.floor(now / 60) - 60).delete()
    return deleted
