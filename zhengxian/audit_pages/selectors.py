"""Reads of the audit log for its page.

The log grows by millions of entries a year, so the page never counts or skips over all of
them: it pages from the entry at the page's edge (`entry_page`: "newer" and "older", a range
on an index whatever the page), and counts at most the list cap + 1 matching entries
(`zhengxian.core.pagination.capped_count`). The filters are ranges or equalities on indexed
columns (the scope's unit path, the action, the object type, the time; migration
audit/0004), except the user, a substring of the actor's label.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from zhengxian.audit.models import AuditEntry
from zhengxian.orgs.roles import Perm
from zhengxian.orgs.scope import scope_for

PAGE_SIZE = 50


def _local_midnight(day: dt.date) -> dt.datetime:
    """The start of ``day`` in the site's time zone: a date filter is a range on ``at``, which
    its index serves (``at__date`` would convert every row's time first)."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def entries_visible_to(
    user: Any,
    *,
    actor: str = "",
    action: str = "",
    model: str = "",
    object_id: str = "",
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> QuerySet[AuditEntry]:
    """Entries about objects in the units where the user may read the audit log, newest first."""
    scope = scope_for(user)
    entries = AuditEntry.objects.all()
    if not scope.is_superuser:
        q = Q(pk__in=[])
        for path in scope.paths(Perm.VIEW_AUDIT):
            q |= Q(unit_path__startswith=path)
        entries = entries.filter(q)
    if actor:
        entries = entries.filter(actor_label__icontains=actor)
    if action:
        entries = entries.filter(action=action)
    if model:
        entries = entries.filter(model=model)
    if object_id:
        entries = entries.filter(object_id=object_id)
    if date_from:
        entries = entries.filter(at__gte=_local_midnight(date_from))
    if date_to:
        entries = entries.filter(at__lt=_local_midnight(date_to + dt.timedelta(days=1)))
    return entries.order_by("-seq")


@dataclass(frozen=True)
class EntryPage:
    """One page of the log, newest first, and the seqs that open its neighbours: the page
    just newer is ``?after=newer_after``, the page just older ``?before=older_before``; None
    where there is none. ``is_newest``: the page starts at the newest matching entry."""

    object_list: list[AuditEntry]
    newer_after: int | None
    older_before: int | None
    is_newest: bool


@dataclass(frozen=True)
class _Edge:
    """Where a page ends: an entry's seq, and its time when the page is ordered by time."""

    seq: int
    at: dt.datetime | None = None


def _older_than(edge: _Edge | AuditEntry, by_time: bool) -> Q:
    if not by_time:
        return Q(seq__lt=edge.seq)
    # The bound on ``at`` alone lets the index of (at, seq) start the scan at the edge.
    return Q(at__lte=edge.at) & (Q(at__lt=edge.at) | Q(seq__lt=edge.seq))


def _newer_than(edge: _Edge | AuditEntry, by_time: bool) -> Q:
    if not by_time:
        return Q(seq__gt=edge.seq)
    return Q(at__gte=edge.at) & (Q(at__gt=edge.at) | Q(seq__gt=edge.seq))


def entry_page(
    entries: QuerySet[AuditEntry],
    *,
    before: int | None = None,
    after: int | None = None,
    by_time: bool = False,
    size: int = PAGE_SIZE,
) -> EntryPage:
    """The ``size`` matching entries just older than the entry ``before`` (a seq), or just
    newer than the entry ``after``, or else the newest ones; never an OFFSET, so the
    thousandth page costs what the first does.

    Newest first means by ``seq``, the chain's order, read on its index; ``by_time`` (a date
    filter is set) orders by (at, seq) instead, read on that index within the dates, since
    walking ``seq`` would pass over every entry newer than the dates. The two orders agree
    but for clocks that disagree by a moment across servers. At most three queries: the
    time of the edge (``by_time`` only), the page, and whether anything lies beyond it.
    """
    newest_first = ("-at", "-seq") if by_time else ("-seq",)
    oldest_first = tuple(name.lstrip("-") for name in newest_first)
    cursor = after if after is not None else before
    edge: _Edge | None = None
    if cursor is not None:
        edge = _Edge(seq=cursor)
        if by_time:
            at = AuditEntry.objects.filter(seq=cursor).values_list("at", flat=True).first()
            edge = _Edge(seq=cursor, at=at) if at is not None else None
    if edge is None:  # the newest page (also for a cursor that names no entry)
        rows = list(entries.order_by(*newest_first)[: size + 1])
        return EntryPage(
            object_list=rows[:size],
            newer_after=None,
            older_before=rows[size - 1].seq if len(rows) > size else None,
            is_newest=True,
        )
    if after is not None:
        nearest = list(
            entries.filter(_newer_than(edge, by_time)).order_by(*oldest_first)[: size + 1]
        )
        rows = nearest[:size][::-1]
        has_newer = len(nearest) > size
        has_older = bool(rows) and entries.filter(_older_than(rows[-1], by_time)).exists()
    else:
        nearest = list(
            entries.filter(_older_than(edge, by_time)).order_by(*newest_first)[: size + 1]
        )
        rows = nearest[:size]
        has_older = len(nearest) > size
        has_newer = bool(rows) and entries.filter(_newer_than(rows[0], by_time)).exists()
    return EntryPage(
        object_list=rows,
        newer_after=rows[0].seq if has_newer else None,
        older_before=rows[-1].seq if has_older else None,
        is_newest=False,
    )


def audited_model_choices() -> list[tuple[str, str]]:
    from django.apps import apps

    from zhengxian.audit.registry import _registry

    choices = []
    for model_class in _registry:
        if apps.is_installed(model_class._meta.app_config.name):
            choices.append((model_class._meta.label_lower, str(model_class._meta.verbose_name)))
    return sorted(choices, key=lambda c: c[1])
