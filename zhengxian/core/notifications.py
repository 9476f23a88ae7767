"""Sending and reading in-app notifications.

`notify` writes one row per recipient with a kind, a priority and a group (the object it is
about), and queues the webhook deliveries of the endpoints that subscribe to the kind
(`zhengxian.core.webhooks.enqueue`): never network I/O here, so a dead endpoint never slows a
page. The page reads `notification_groups`: one entry per kind and object ("5 × new matter ·
湘湖社区"), unread and urgent first; the bell counts unread groups, not rows.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, transaction
from django.db.models import Count, Max, Q, QuerySet

from . import clock
from .bulk_insert import insert_rows
from .models import Notification
from .notification_kinds import Kind, default_priority, kind_label

logger = logging.getLogger(__name__)

UNGROUPED_LIMIT = 300  # ungrouped rows shown on the page, newest first
ITEMS_PER_GROUP = 5


def notify(
    *,
    recipients: Iterable[Any],
    text: str,
    url: str = "",
    kind: str = Kind.GENERAL,
    priority: int | None = None,
    group: str = "",
    group_label: str = "",
    unit: Any = None,
    dedup_key: str = "",
) -> int:
    """One notification per distinct recipient, in one insert; returns how many were new.

    ``group`` names the object the notification is about ("unit:12"), ``group_label`` how a
    person calls it ("湘湖社区"). ``unit`` (an orgs unit, read by its ``path``) routes the
    message to unit webhook channels above it. With ``dedup_key`` a recipient who already
    has a notification with that key gets no second one (reminders, digests)."""
    people = _distinct(recipients)
    if dedup_key and people:
        already = set(
            Notification.objects.filter(
                recipient_id__in=[u.pk for u in people], dedup_key=dedup_key
            ).values_list("recipient_id", flat=True)
        )
        people = [u for u in people if u.pk not in already]
    if not people:
        return 0
    message = Message(
        recipients=people,
        text=text,
        url=url,
        kind=kind,
        priority=priority,
        group=group,
        group_label=group_label,
        unit=unit,
    )
    rows = _rows(message, people, dedup_key=dedup_key)
    Notification.objects.bulk_create(rows, ignore_conflicts=bool(dedup_key))
    _enqueue_webhooks([(message, people)])
    return len(rows)


@dataclass(frozen=True)
class Recipient:
    """A user named by id alone: all a notification needs of its recipient (a province's
    announcement names 25,000 of them; loading each user, person and role took a second)."""

    pk: int


@dataclass(frozen=True)
class Message:
    """One notification to several people, as `notify` takes it (without a dedup key)."""

    recipients: Iterable[Any]
    text: str
    url: str = ""
    kind: str = Kind.GENERAL
    priority: int | None = None
    group: str = ""
    group_label: str = ""
    unit: Any = None


def notify_many(messages: Iterable[Message]) -> int:
    """`notify` for each message, in a constant number of queries whatever their number
    (a period's preview told to every unit of a province); returns the rows written."""
    now = connection.ops.adapt_datetimefield_value(clock.now())
    rows: list[tuple[Any, ...]] = []
    sent: list[tuple[Message, list[Any]]] = []
    for message in messages:
        people = _distinct(message.recipients)
        if people:
            # Values, not model objects: a province's preview is 25,000 rows, and bulk_create
            # preparing each value was most of the announcement's time.
            rows.extend(_values(message, people, created_at=now))
            sent.append((message, people))
    insert_rows(Notification, NOTIFICATION_COLUMNS, rows)
    _enqueue_webhooks(sent)
    return len(rows)


def _distinct(recipients: Iterable[Any]) -> list[Any]:
    seen: set[int] = set()
    people = []
    for user in recipients:
        if user is None or user.pk in seen:
            continue
        seen.add(user.pk)
        people.append(user)
    return people


NOTIFICATION_COLUMNS = (
    "recipient_id",
    "text",
    "url",
    "kind",
    "priority",
    "group",
    "group_label",
    "dedup_key",
    "created_at",
)


def _fields(message: Message, *, dedup_key: str = "") -> dict[str, Any]:
    """What every recipient's row of ``message`` shares, cut to the columns' lengths."""
    return {
        "text": message.text[:300],
        "url": message.url,
        "kind": message.kind,
        "priority": (
            default_priority(message.kind) if message.priority is None else message.priority
        ),
        "group": message.group[:100],
        "group_label": message.group_label[:100],
        "dedup_key": dedup_key[:150],
    }


def _values(message: Message, people: list[Any], *, created_at: Any) -> list[tuple[Any, ...]]:
    """The rows of `_rows`, as values in the order of ``NOTIFICATION_COLUMNS``."""
    fields = {**_fields(message), "created_at": created_at}
    shared = tuple(fields[name] for name in NOTIFICATION_COLUMNS[1:])
    return [(user.pk, *shared) for user in people]


def _rows(message: Message, people: list[Any], *, dedup_key: str = "") -> list[Notification]:
    fields = _fields(message, dedup_key=dedup_key)
    return [Notification(recipient_id=user.pk, **fields) for user in people]


def _enqueue_webhooks(sent: list[tuple[Message, list[Any]]]) -> None:
    """Queues webhook deliveries; a failure here is logged, never raised into the caller."""
    from .webhooks import Outgoing, enqueue_many

    if not sent:
        return
    outgoing = [
        Outgoing(m.kind, m.text, m.url, {user.pk for user in people}, m.unit) for m, people in sent
    ]
    try:
        with transaction.atomic():  # a savepoint: a failed insert leaves the caller's work
            enqueue_many(outgoing)
    except Exception:
        logger.exception("Could not queue webhook deliveries for %s notification(s)", len(sent))


def unread_for(user: Any) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user, read_at__isnull=True)


def notifications_for(user: Any) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user)


def unread_group_count(user: Any) -> int:
    """What the bell shows: unread groups (kind and object), each ungrouped row alone."""
    unread = unread_for(user)
    return (
        unread.filter(group="").count()
        + unread.exclude(group="").values("kind", "group").distinct().count()
    )


def mark_all_read(user: Any) -> int:
    return unread_for(user).update(read_at=clock.now())


def mark_group_read(user: Any, *, kind: str, group: str, pk: int | None = None) -> int:
    """Marks one group read (an ungrouped notification is its own group, named by ``pk``)."""
    unread = unread_for(user).filter(kind=kind, group=group)
    if not group:
        unread = unread.filter(pk=pk or 0)
    return unread.update(read_at=clock.now())


@dataclass
class NotificationGroup:
    kind: str
    group: str
    group_label: str
    count: int
    unread: int
    priority: int
    latest_at: Any
    latest_id: int = 0
    latest: Notification | None = None
    items: list[Notification] = field(default_factory=list)

    @property
    def kind_label(self) -> str:
        return kind_label(self.kind)

    @property
    def single(self) -> bool:
        return self.count == 1

    @property
    def sort_key(self) -> tuple[int, int, float]:
        return (1 if self.unread else 0, self.priority, self.latest_at.timestamp())


def notification_groups(user: Any) -> list[NotificationGroup]:
    """The user's notifications grouped by kind and object: unread groups first, the most
    urgent of those first, then the newest. Three queries."""
    mine = notifications_for(user)
    unread_q = Q(read_at__isnull=True)
    grouped = (
        mine.exclude(group="")
        .values("kind", "group")
        .annotate(
            count=Count("id"),
            unread=Count("id", filter=unread_q),
            latest_at=Max("created_at"),
            top=Max("priority"),
            top_unread=Max("priority", filter=unread_q),
            label=Max("group_label"),
            last_id=Max("id"),
        )
    )
    groups = [
        NotificationGroup(
            kind=row["kind"],
            group=row["group"],
            group_label=row["label"] or "",
            count=row["count"],
            unread=row["unread"],
            priority=row["top_unread"] if row["unread"] else row["top"],
            latest_at=row["latest_at"],
            latest_id=row["last_id"],
        )
        for row in grouped
    ]
    for row in mine.filter(group="")[:UNGROUPED_LIMIT]:
        groups.append(
            NotificationGroup(
                kind=row.kind,
                group="",
                group_label="",
                count=1,
                unread=0 if row.read_at else 1,
                priority=row.priority,
                latest_at=row.created_at,
                latest=row,
                items=[row],
            )
        )
    groups.sort(key=lambda g: g.sort_key, reverse=True)
    return groups


def fill_items(user: Any, groups: list[NotificationGroup]) -> None:
    """Loads the newest notifications of the grouped entries among ``groups`` (two queries):
    the newest of each for sure, a few earlier ones as far as a bounded query reaches."""
    wanted = [g for g in groups if g.group and not g.items]
    if not wanted:
        return
    newest = notifications_for(user).in_bulk([g.latest_id for g in wanted])
    q = Q(pk__in=[])
    for g in wanted:
        q |= Q(kind=g.kind, group=g.group)
    by_key = {(g.kind, g.group): g for g in wanted}
    limit = ITEMS_PER_GROUP * len(wanted) * 4
    for g in wanted:
        g.latest = newest.get(g.latest_id)
        g.items = [g.latest] if g.latest else []
    for row in notifications_for(user).filter(q).exclude(pk__in=list(newest))[:limit]:
        entry = by_key[(row.kind, row.group)]
        if len(entry.items) < ITEMS_PER_GROUP:
            entry.items.append(row)
