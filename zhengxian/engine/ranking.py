"""Competition ranking ("1224"): ties share a rank and the next rank skips."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction
from typing import TypeVar

from .types import UnitId

N = TypeVar("N", Decimal, Fraction)


def competition_ranks(
    values: Mapping[UnitId, N], *, higher_is_better: bool = True
) -> dict[UnitId, int]:
    """Rank 1 is the best value; units are returned in unit id order."""
    sign = -1 if higher_is_better else 1
    ordered = sorted(values.items(), key=lambda item: (sign * item[1], item[0]))
    ranks: dict[UnitId, int] = {}
    previous: N | None = None
    rank = 0
    for position, (unit, value) in enumerate(ordered, start=1):
        if value != previous:
            rank, previous = position, value
        ranks[unit] = rank
    return dict(sorted(ranks.items()))
