"""Fast inserts: explicit ids, ``executemany`` in large batches, no signals (so no audit rows
for synthetic data), no per-row save().

A `Table` is one model written through raw SQL: the caller gives a tuple per row for the
fields it names (ids included); every other concrete field gets its default (``auto_now``
fields one fixed timestamp), computed once. Ids are allocated from ``max(id) + 1`` when the
builder starts, so rows can point at each other before they are written, and the same seed
gives the same rows. PostgreSQL sequences are reset afterwards (`reset_sequences`).
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.management.color import no_style
from django.db import connection, models

from .progress import Progress

BATCH = 20_000


class Stamp:
    """Dates and timestamps as the database takes them, written as strings once per value."""

    def __init__(self) -> None:
        self.sqlite = connection.vendor == "sqlite"

    def at(self, day: dt.date, minute_of_day: int) -> str:
        """A moment of ``day`` (local time, Asia/Shanghai) in UTC, as the backend stores it."""
        moment = dt.datetime(day.year, day.month, day.day) + dt.timedelta(
            minutes=minute_of_day - 8 * 60
        )
        text = moment.strftime("%Y-%m-%d %H:%M:%S")
        return text if self.sqlite else text + "+00:00"


class Table:
    def __init__(
        self,
        model: type[models.Model],
        fields: Sequence[str],
        progress: Progress,
        name: str | None = None,
        stamp: str | None = None,
    ) -> None:
        self.model = model
        self.name = name or model._meta.db_table.split("_", 1)[-1]
        self.progress = progress
        meta = model._meta
        by_attname = {f.attname: f for f in meta.concrete_fields}
        missing = [f for f in by_attname if f not in fields]
        tail: list[Any] = []
        for attname in missing:
            field = by_attname[attname]
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                value = stamp
            elif field.has_default() or not field.null:
                value = field.get_db_prep_save(field.get_default(), connection)
                if value is None and not field.null:
                    raise ValueError(f"{meta.label}.{attname} has no default: give it")
            else:
                value = None
            tail.append(value)
        self.tail = tuple(tail)
        columns = [by_attname[f].column for f in fields] + [by_attname[f].column for f in missing]
        quote = connection.ops.quote_name
        self.sql = (
            f"INSERT INTO {quote(meta.db_table)} ({', '.join(quote(c) for c in columns)}) "
            f"VALUES ({', '.join(['%s'] * len(columns))})"
        )
        self.buffer: list[tuple[Any, ...]] = []
        self.next_id = next_id(model)

    def ids(self, n: int = 1) -> int:
        """Reserves ``n`` consecutive ids; returns the first."""
        first = self.next_id
        self.next_id += n
        return first

    def add(self, row: tuple[Any, ...]) -> None:
        self.buffer.append(row + self.tail)
        if len(self.buffer) >= BATCH:
            self.flush()

    def extend(self, rows: Iterable[tuple[Any, ...]]) -> None:
        for row in rows:
            self.add(row)

    def flush(self) -> None:
        if not self.buffer:
            return
        started = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.executemany(self.sql, self.buffer)
        self.progress.advance(self.name, len(self.buffer), time.perf_counter() - started)
        self.buffer = []


def next_id(model: type[models.Model]) -> int:
    with connection.cursor() as cursor:
        table = connection.ops.quote_name(model._meta.db_table)
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")
        return int(cursor.fetchone()[0]) + 1


def reset_sequences(model_classes: Iterable[type[models.Model]]) -> None:
    """After inserts with explicit ids, PostgreSQL's sequences must start past them."""
    statements = connection.ops.sequence_reset_sql(no_style(), list(model_classes))
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)


def analyze() -> None:
    """Fresh statistics for the planner once the data is in."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def vacuum_analyze() -> None:
    """VACUUM ANALYZE on PostgreSQL (outside a transaction); ANALYZE on SQLite."""
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        previous = connection.get_autocommit()
        connection.set_autocommit(True)
        try:
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
        finally:
            connection.set_autocommit(previous)
    else:
        analyze()
