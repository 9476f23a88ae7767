"""Sending and reading in-app notifications."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet

from . import clock
from .models import Notification


def notify(*, recipients: Iterable[Any], text: str, url: str = "") -> int:
    """One notification per distinct recipient, in one insert."""
    seen: set[int] = set()
    rows = []
    for user in recipients:
        if user is None or user.pk in seen:
            continue
        seen.add(user.pk)
        rows.append(Notification(recipient=user, text=text[:300], url=url))
    Notification.objects.bulk_create(rows)
    return len(rows)


def unread_for(user: Any) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user, read_at__isnull=True)


def notifications_for(user: Any) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user)


def mark_all_read(user: Any) -> int:
    return unread_for(user).update(read_at=clock.now())
