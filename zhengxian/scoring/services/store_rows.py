"""Writing a sheet's unit rows: each explanation written as its canonical JSON text once
(engine.detail_text), stored as that text and hashed as part of the row's canonical text
(canonical.row_text).

At province scale the ORM's per-value preparation and a second JSON encoding cost more than
the scoring itself, so the rows go in with one parameterised INSERT per batch.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any

from django.db import connection

from zhengxian.engine.compute import PeriodResult
from zhengxian.engine.detail_text import DetailWriter, points_text
from zhengxian.orgs.models import Unit
from zhengxian.scoring.models import ScoreSheet, UnitScore

from .canonical import row_text, sha256

# Rows a batch holds: a province's explanation is about 10,000 characters, and as soon as it
# names a record set by a parameter in Chinese (a series, a brand) Python keeps it at two
# bytes a character, so 500 rows are about 10 MB in memory at a time.
BATCH = 500
ID_SLICE = 10_000
COLUMNS = (
    "sheet_id",
    "unit_id",
    "group_code",
    "total",
    "rank",
    "group_size",
    "leaf_sum",
    "bonus",
    "penalty",
    "detail",
    "row_digest",
)


def store_unit_rows(sheet: ScoreSheet, result: PeriodResult) -> None:
    codes = _unit_codes([unit.unit for unit in result.units])
    sizes = Counter(unit.group for unit in result.units)
    rows = _rows(sheet, result, codes, sizes)
    if connection.vendor == "postgresql":
        _copy(rows)
    else:
        _insert(rows)


def _table_and_columns() -> str:
    quote = connection.ops.quote_name
    return f"{quote(UnitScore._meta.db_table)} ({', '.join(quote(c) for c in COLUMNS)})"


def _copy(rows: Iterator[tuple[Any, ...]]) -> None:
    """PostgreSQL: one COPY stream, so the server parses and stores the rows already sent
    while the next explanations are written here (INSERT batches waited for each other)."""
    statement = f"COPY {_table_and_columns()} FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row(row)


def _insert(rows: Iterator[tuple[Any, ...]]) -> None:
    values = ", ".join("%s" for _ in COLUMNS)
    sql = f"INSERT INTO {_table_and_columns()} VALUES ({values})"
    with connection.cursor() as cursor:
        for batch in _batches(rows):
            cursor.executemany(sql, batch)


def _unit_codes(unit_ids: list[int]) -> dict[int, str]:
    """In slices: a province's ids in one IN list would pass SQLite's bound-parameter limit."""
    codes: dict[int, str] = {}
    for start in range(0, len(unit_ids), ID_SLICE):
        chunk = unit_ids[start : start + ID_SLICE]
        codes.update(Unit.objects.filter(pk__in=chunk).values_list("pk", "code"))
    return codes


def _rows(
    sheet: ScoreSheet, result: PeriodResult, codes: dict[int, str], sizes: Counter[str]
) -> Iterator[tuple[Any, ...]]:
    writer = DetailWriter()  # each leaf's shared parts encoded once, for as long as ``result``
    for unit in result.units:
        detail_text = writer.unit_detail(unit)
        text = row_text(
            detail_text=detail_text,
            unit=codes[unit.unit],
            group=unit.group,
            total=points_text(unit.total),
            rank=unit.rank,
            group_size=sizes[unit.group],
            leaf_sum=points_text(unit.leaf_sum),
            bonus=points_text(unit.bonus),
            penalty=points_text(unit.penalty),
        )
        yield (
            sheet.pk,
            unit.unit,
            unit.group,
            unit.total,
            unit.rank,
            sizes[unit.group],
            unit.leaf_sum,
            unit.bonus,
            unit.penalty,
            detail_text,
            sha256(text),
        )


def _batches(rows: Iterator[tuple[Any, ...]]) -> Iterator[list[tuple[Any, ...]]]:
    batch: list[tuple[Any, ...]] = []
    for row in rows:
        batch.append(row)
        if len(batch) == BATCH:
            yield batch
            batch = []
    if batch:
        yield batch
