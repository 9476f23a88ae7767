"""The live ranking's rows: each group's units by total, with competition ranks.

A refresh after one record moves one unit's total (or a few). Sorting a province's group of
5,000 units again for that took a tenth of the refresh; instead the moved units' rows are
taken out of the group's previous rows (already in rank order) and put back where their new
totals go, by binary search, and the ranks are counted again along the list. Many moved
units (a leaf re-read whole) sort the group as before. Either way the rows are those a full
score would give (tested against each other).
"""

from __future__ import annotations

from bisect import insort
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from zhengxian.engine.compute import unit_total
from zhengxian.engine.ranking import competition_ranks
from zhengxian.engine.rounding import ZERO
from zhengxian.engine.types import UnitId

# Above this many moved units in a group, sorting it whole is as quick as inserting each.
FEW_MOVED = 64

Row = list[Any]  # [unit id, group, total (text), rank]


def ranked_rows(
    sums: Mapping[UnitId, Decimal],
    *,
    groups: Mapping[str, list[UnitId]],
    bonus: Mapping[UnitId, Decimal],
    penalty: Mapping[UnitId, Decimal],
    caps: tuple[Decimal, Decimal],
    only: set[str] | None = None,
    previous: Sequence[Row] = (),
    moved: set[UnitId] | frozenset[UnitId] = frozenset(),
) -> list[Row]:
    """[[unit, group, total, rank], …]: totals as a full score computes them (the same
    engine function), ranked within each group, by group, then rank, then unit id. With
    ``only``, the other groups keep their ``previous`` rows, and in those re-ranked only the
    ``moved`` units' totals are taken again (the others' adjustments and points are as
    before)."""

    def total_of(unit: UnitId) -> Decimal:
        return unit_total(
            sums.get(unit, ZERO),
            bonus_claimed=bonus.get(unit, ZERO),
            penalty_claimed=penalty.get(unit, ZERO),
            bonus_cap=caps[0],
            penalty_cap=caps[1],
        )

    kept: dict[str, list[Row]] = {}
    if only is not None:
        for row in previous:
            kept.setdefault(row[1], []).append(row)
    ranked: list[Row] = []
    for group in sorted(groups):
        members = groups[group]
        before = kept.get(group)
        if only is not None and group not in only and before is not None:
            ranked.extend(before)
            continue
        if only is not None and before is not None:
            again = _reranked(group, before, members, moved, total_of)
            if again is not None:
                ranked.extend(again)
                continue
        totals = {unit: total_of(unit) for unit in members}
        ranks = competition_ranks(totals)
        ranked.extend(
            [unit, group, str(totals[unit]), ranks[unit]]
            for unit in sorted(totals, key=lambda unit: (ranks[unit], unit))
        )
    return ranked


def _reranked(
    group: str,
    before: list[Row],
    members: Sequence[UnitId],
    moved: set[UnitId] | frozenset[UnitId],
    total_of: Any,
) -> list[Row] | None:
    """The group's rows with the ``moved`` units put where their new totals go; None when
    the group's members changed or too many moved (then it is sorted whole)."""
    if len(before) != len(members):
        return None
    moving = [unit for unit in members if unit in moved]
    if len(moving) > FEW_MOVED:
        return None
    if not moving:
        return before
    leaving = set(moving)
    rows = [row for row in before if row[0] not in leaving]
    if len(rows) != len(before) - len(moving):
        return None  # a moved unit had no row: the members changed
    for unit in moving:
        total = total_of(unit)
        insort(rows, [unit, group, str(total), 0], key=_order)
    rank, previous = 0, None
    out: list[Row] = []
    for position, row in enumerate(rows, start=1):
        value = Decimal(row[2])
        if value != previous:
            rank, previous = position, value
        out.append(row if row[3] == rank else [row[0], group, row[2], rank])
    return out


def _order(row: Row) -> tuple[Decimal, UnitId]:
    """A row's place in its group: the higher total first, then the lower unit id."""
    return -Decimal(row[2]), row[0]
