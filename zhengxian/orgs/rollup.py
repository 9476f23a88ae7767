"""Records counted per unit by the database, then added up for every unit above; and
`Owners`, the asked-for units a record counts for.

A record belongs to one unit and counts for that unit and every unit above it. Counting
per unit in SQL (``GROUP BY``) and adding the few thousand counts up each unit's path reads
one row per unit instead of one per record: a province's month of visits is 1.6 million
records but 24,000 units.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import Aggregate, Count, QuerySet, Sum
from django.db.models.sql.constants import GET_ITERATOR_CHUNK_SIZE

from .paths import path_ids

UnitId = int


class Owners:
    """The asked-for units a record of the unit at a path counts for: itself and its
    ancestors. Records share a few thousand paths, and a score run asks every source for
    the same units: each path is read once per run, not once per source."""

    def __init__(self, wanted: Collection[UnitId]) -> None:
        self._wanted = frozenset(wanted)
        self._known = _owners_known(self._wanted)

    def __call__(self, path: str | None) -> tuple[UnitId, ...]:
        found = self._known.get(path or "")
        if found is None:
            found = tuple(unit for unit in path_ids(path or "") if unit in self._wanted)
            self._known[path or ""] = found
        return found


# A path's owners among a set of units never change (a moved unit has a new path), so the
# paths read for a set are kept for the next ``Owners`` of the same set: a few sets are in
# use at once (a run's competing units, a correction's changed ones).
@lru_cache(maxsize=4)
def _owners_known(wanted: frozenset[UnitId]) -> dict[str, tuple[UnitId, ...]]:
    return {}


@dataclass
class Counted:
    """How many records a unit's subtree has, and the sum of their primary keys: with the
    count, a cheap description of the set that changes when a record is added or removed."""

    count: int = 0
    id_sum: int = 0
    # The ``extra`` aggregates asked of ``counted_by_unit``, added up the same way (a
    # rate's numerator: the records of the set that meet its condition).
    extra: dict[str, int] = field(default_factory=dict)


NONE = Counted()


def counted_by_unit(
    records: QuerySet,
    unit_field: str,
    wanted: Collection[int],
    extra: Mapping[str, Aggregate] | None = None,
) -> dict[int, Counted]:
    """``records`` counted for each of the ``wanted`` units at or above the record's unit
    (``unit_field``, a foreign key to a unit); a wanted unit without records is left out.

    ``extra`` names further integer aggregates of the same rows (``Count("pk",
    filter=Q(...))``, ``Sum("rating")``), computed in the same ``GROUP BY`` and added up
    each path like the count: a unit's ``extra[name]`` (0 when the unit had no rows)."""
    names = list(extra or {})
    # Prefixed so that no name given can clash with a field of the records' model.
    named = {f"extra_{name}": aggregate for name, aggregate in (extra or {}).items()}
    rows = (
        records.order_by()
        .values(f"{unit_field}__path")
        .annotate(count=Count("pk"), id_sum=Sum("pk"), **named)
        .values_list(f"{unit_field}__path", "count", "id_sum", *named)
    )
    # unit -> [count, id_sum, *extra sums], in the order of ``names``
    totals: dict[int, list[int]] = {}
    owners = Owners(wanted)
    for path, *sums in integer_rows(rows):
        for unit in owners(path):
            total = totals.get(unit)
            if total is None:
                totals[unit] = list(sums)
            else:
                for n, summed in enumerate(sums):
                    total[n] += summed
    return {
        unit: Counted(count, id_sum, dict(zip(names, sums, strict=True)))
        for unit, (count, id_sum, *sums) in totals.items()
    }


def integer_rows(rows: QuerySet) -> Iterator[tuple]:
    """The rows of a ``values_list`` of a text column and integer aggregates, read by the
    database cursor without the ORM's conversion of every value: the aggregates of a
    province's roll-ups are 100,000 rows a run, and converting each value by a Python call
    cost as much as reading them. A NULL sum (no row met the aggregate's filter) reads 0;
    PostgreSQL's sum of a bigint column (a numeric) reads as an int. A filter that matches
    nothing (no units asked) reads no rows, as the ORM would, without a query."""
    try:
        sql, params = rows.query.get_compiler(rows.db).as_sql()
    except EmptyResultSet:
        return
    with connections[rows.db].cursor() as cursor:
        cursor.execute(sql, params)
        while batch := cursor.fetchmany(GET_ITERATOR_CHUNK_SIZE):
            for first, *numbers in batch:
                yield (first, *[int(number or 0) for number in numbers])
