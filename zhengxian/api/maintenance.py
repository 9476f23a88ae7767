"""The API's daily tidy-up (run by the worker's scheduler, see hooks.py)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings

from zhengxian.core import clock

from .models import IdempotentRequest
from .ratelimit import forget_old_windows


def forget_old_requests() -> dict[str, int]:
    """Drops the rate limit's old minutes and the kept answers older than
    ``ZHENGXIAN_API_IDEMPOTENCY_DAYS`` (a retry after that files the record again)."""
    days = int(getattr(settings, "ZHENGXIAN_API_IDEMPOTENCY_DAYS", 30))
    cutoff = clock.now() - dt.timedelta(days=days)
    answers, _detail = IdempotentRequest.objects.filter(created_at__lt=cutoff).delete()
    return {"rate_windows": forget_old_windows(), "idempotent_answers": answers}
