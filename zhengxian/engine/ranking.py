"""Competition ranking ("1224"): ties share a rank and the next rank skips."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction
from operator import itemgetter
from typing import TypeVar

from .types import UnitId

N = TypeVar("N", Decimal, Fraction)


def competition_ranks(
    values: Mapping[UnitId, N], *, higher_is_better: bool = True
) -> dict[UnitId, int]:
    """Rank 1 is the best value; units are returned in unit id order."""
    # Tied units get the same rank whatever their order, so the sort needs the value only
    # (no negated copy of every Fraction, no tie-break on the id).
    ordered = sorted(values.items(), key=itemgetter(1), reverse=higher_is_better)
    ranks: dict[UnitId, int] = {}
    previous: N | None = None
    rank = 0
    for position, (unit, value) in enumerate(ordered, start=1):
        if value != previous:
            rank, previous = position, value
        ranks[unit] = rank
    return dict(sorted(ranks.items()))
