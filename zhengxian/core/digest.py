"""The daily digest: per user, one message summarising yesterday's unread groups.

`send_digest` (the command ``send_digest``, or a background job) writes it in-app and, by
`notify`, queues it to the user's personal webhook channel when one subscribes to digests.
Idempotent: one digest per user and day.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Count, Max
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from . import clock
from .models import Notification
from .notification_kinds import Kind, kind_label
from .notifications import notify


def day_bounds(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    start = timezone.make_aware(dt.datetime.combine(day, dt.time.min))
    return start, start + dt.timedelta(days=1)


def unread_groups_of_day(day: dt.date) -> dict[int, list[dict[str, Any]]]:
    """Per recipient, the unread groups of notifications written on ``day`` (one query),
    the most urgent first; digests themselves are left out."""
    start, end = day_bounds(day)
    rows = (
        Notification.objects.filter(created_at__gte=start, created_at__lt=end, read_at__isnull=True)
        .exclude(kind=Kind.DIGEST)
        .values("recipient_id", "kind", "group")
        .annotate(count=Count("id"), label=Max("group_label"), top=Max("priority"))
        .order_by("recipient_id", "-top", "-count", "kind", "group")
    )
    by_user: dict[int, list[dict[str, Any]]] = {}
    for row in rows:
        by_user.setdefault(row["recipient_id"], []).append(dict(row))
    return by_user


def digest_text(groups: list[dict[str, Any]], day: dt.date) -> str:
    lines = [_("%(day)s: %(count)s unread groups") % {"day": day.isoformat(), "count": len(groups)}]
    for row in groups:
        where = f"（{row['label']}）" if row["label"] else ""
        lines.append(f"· {kind_label(row['kind'])} ×{row['count']}{where}")
    return "\n".join(lines)


def send_digest(*, today: dt.date | None = None) -> int:
    """Sends every user with unread notifications from yesterday their digest; returns how
    many digests were new (0 when run again the same day)."""
    today = today or clock.today()
    day = today - dt.timedelta(days=1)
    groups = unread_groups_of_day(day)
    users = get_user_model().objects.filter(pk__in=list(groups), is_active=True)
    sent = 0
    with translation.override(settings.LANGUAGE_CODE):
        url = reverse("core:notifications")
        for user in users:
            sent += notify(
                recipients=[user],
                text=digest_text(groups[user.pk], day),
                url=url,
                kind=Kind.DIGEST,
                dedup_key=f"digest:{day.isoformat()}",
            )
    return sent
