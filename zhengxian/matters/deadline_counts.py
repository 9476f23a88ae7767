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
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

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

    def counted() -> HolderCounts:
        rows = [(holder, late, soon) for holder, late, soon in count()]
        return HolderCounts(
            rows=rows,
            overdue_total=sum(late for _, late, _ in rows),
            due_soon_total=sum(soon for _, _, soon in rows),
        )

    seen = scope_for(user).cache_key(Perm.VIEW_ORG)  # everyone of one scope shares them
    key = f"{today.isoformat()}:{unit_id or ''}:{seen}"
    return DEADLINES.kept(key, counted, seconds=KEEP_SECONDS)


def connect_version() -> None:
    from zhengxian.orgs.models import Unit

    from .models import Matter

    DEADLINES.follow(Matter, Unit)
