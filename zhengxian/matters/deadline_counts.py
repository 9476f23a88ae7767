"""The deadline board's per-holder counts, kept until a matter or a unit changes.

At province scale a scope holds tens of thousands of late matters in about 12,000 holding
units: the aggregate reads them all (about 50 ms on SQLite) and the page then walks 12,000
rows for its totals, on every opening and every page of the board. The counts change only
when a matter is written (a new one, a transition, a new deadline), when a unit moves (the
scope's paths), or when the day turns: they are kept in the cache under a `WriteVersion`
that every saved or deleted matter or unit renews, per scope and day, for at most
``KEEP_SECONDS`` (a safety for a write that bypasses the model signals).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache

from zhengxian.core.write_version import WriteVersion
from zhengxian.orgs.roles import Perm
from zhengxian.orgs.scope import scope_for

DEADLINES = WriteVersion("matters:deadlines-version")
KEEP_SECONDS = 600


@dataclass(frozen=True)
class HolderCounts:
    rows: list[tuple[int, int, int]]  # (holder unit id, overdue, due soon), most overdue first
    overdue_total: int
    due_soon_total: int


def kept_holder_counts(
    user: Any, *, today: dt.date, unit_id: int | None, count: Callable[[], list[Any]]
) -> HolderCounts:
    """The counts for ``user``'s scope (narrowed to ``unit_id``) on ``today``: as kept, or
    counted now by ``count()`` and kept."""
    key = _key(user, today, unit_id)
    found = cache.get(key)
    if isinstance(found, HolderCounts):
        return found
    rows = [(holder, late, soon) for holder, late, soon in count()]
    counts = HolderCounts(
        rows=rows,
        overdue_total=sum(late for _, late, _ in rows),
        due_soon_total=sum(soon for _, _, soon in rows),
    )
    cache.set(key, counts, KEEP_SECONDS)
    return counts


def _key(user: Any, today: dt.date, unit_id: int | None) -> str:
    # By what decides the rows, not by user: everyone of one scope shares the counts.
    scope = scope_for(user)
    if scope.sees_everything(Perm.VIEW_ORG):
        seen = "all"
    else:
        paths = ",".join(sorted(scope.paths(Perm.VIEW_ORG)))
        seen = hashlib.sha256(paths.encode()).hexdigest()[:32]
    return f"matters:deadlines:{DEADLINES.current()}:{today.isoformat()}:{unit_id or ''}:{seen}"


def connect_version() -> None:
    from zhengxian.orgs.models import Unit

    from .models import Matter

    DEADLINES.follow(Matter, Unit)
