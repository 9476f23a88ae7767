"""Records counted per unit by the database, then added up for every unit above; and
`Owners`, the asked-for units a record counts for.

A record belongs to one unit and counts for that unit and every unit above it. Counting
per unit in SQL (``GROUP BY``) and adding the few thousand counts up each unit's path reads
one row per unit instead of one per record: a province's month of visits is 1.6 million
records but 24,000 units.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field

from django.db.models import Aggregate, Count, QuerySet, Sum

from .paths import path_ids

UnitId = int


class Owners:
    """The asked-for units a record of the unit at a path counts for: itself and its
    ancestors. Records share a few thousand paths, so each path is read once per source."""

    def __init__(self, wanted: set[UnitId]) -> None:
        self._wanted = wanted
        self._known: dict[str, list[UnitId]] = {}

    def __call__(self, path: str | None) -> list[UnitId]:
        found = self._known.get(path or "")
        if found is None:
            found = [unit for unit in path_ids(path or "") if unit in self._wanted]
            self._known[path or ""] = found
        return found


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
    wanted = set(wanted)
    extra = dict(extra or {})
    # Prefixed so that no name given can clash with a field of the records' model.
    named = {f"extra_{name}": aggregate for name, aggregate in extra.items()}
    rows = (
        records.order_by()
        .values(f"{unit_field}__path")
        .annotate(count=Count("pk"), id_sum=Sum("pk"), **named)
    )
    counted: dict[int, Counted] = {}
    owners = Owners(wanted)
    for row in rows:
        # PostgreSQL sums a bigint column as numeric (a Decimal): kept as an int.
        id_sum = int(row["id_sum"])
        sums = {name: int(row[f"extra_{name}"] or 0) for name in extra}
        for unit in owners(row[f"{unit_field}__path"]):
            found = counted.get(unit)
            if found is None:
                found = counted[unit] = Counted(extra=dict.fromkeys(extra, 0))
            found.count += row["count"]
            found.id_sum += id_sum
            for name, summed in sums.items():
                found.extra[name] += summed
    return counted
