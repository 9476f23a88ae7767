"""Many rows of one table in few statements, without a model object per row.

For imports of 100,000 rows, where ``bulk_create``'s object per row and its preparation of
each value were half of the time. Values are given ready for the database (the caller
adapts dates and times with ``connection.ops``), in the order of ``columns``.

- SQLite: multi-row ``INSERT … VALUES (…), (…)`` of about ``PARAMETERS_PER_INSERT`` values
  (500 visits of 13 columns), far inside SQLite's limit of 32,766 for any table.
- PostgreSQL: one ``INSERT … SELECT * FROM unnest(%s::type[], …)`` per call, a parameter per
  column: the driver parses a statement of 6,500 placeholders anew each time (it caches only
  short ones), which was a third of a 100,000-row import there.

Returned ids are in the rows' order: one statement numbers its rows in the order it inserts
them, on both databases, so the new ids, sorted, match the rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from django.db import connection
from django.db.models import Model

PARAMETERS_PER_INSERT = 6_500


def rows_per_insert(columns: int) -> int:
    """How many rows of ``columns`` values one SQLite statement carries."""
    return max(1, PARAMETERS_PER_INSERT // columns)


def insert_rows(
    model: type[Model],
    columns: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    return_ids: bool = False,
) -> list[int]:
    """Inserts ``rows`` (values in the order of ``columns``, the table's column names) into
    ``model``'s table; the new primary keys in the rows' order when ``return_ids``."""
    if not rows:
        return []
    ops = connection.ops
    table = ops.quote_name(model._meta.db_table)
    names = ", ".join(ops.quote_name(column) for column in columns)
    pk_column = cast(str, model._meta.pk.column)  # set for every concrete field
    returning = f" RETURNING {ops.quote_name(pk_column)}" if return_ids else ""
    ids: list[int] = []
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            arrays = ", ".join(f"%s::{db_type}[]" for db_type in _cast_types(model, columns))
            cursor.execute(
                f"INSERT INTO {table} ({names}) SELECT * FROM unnest({arrays}){returning}",
                [list(column) for column in zip(*rows, strict=True)],
            )
            if return_ids:
                ids = sorted(pk for (pk,) in cursor.fetchall())
            return ids
        one = "(" + ", ".join(["%s"] * len(columns)) + ")"
        step = rows_per_insert(len(columns))
        for start in range(0, len(rows), step):
            part = rows[start : start + step]
            cursor.execute(
                f"INSERT INTO {table} ({names}) VALUES {', '.join([one] * len(part))}{returning}",
                [value for row in part for value in row],
            )
            if return_ids:
                ids.extend(sorted(pk for (pk,) in cursor.fetchall()))
    return ids


def _cast_types(model: type[Model], columns: Sequence[str]) -> list[str]:
    by_column = {field.column: field for field in model._meta.concrete_fields}
    types = []
    for column in columns:
        db_type = by_column[column].cast_db_type(connection)
        if db_type is None:
            raise ValueError(f"{model._meta.label}.{column} has no database type to cast to.")
        types.append(db_type)
    return types
