"""The five methods: the values of one competition group's units that have data → points.

Each function receives only the units with data, returns points before rounding, and
never sees a unit without data (the engine applies ``when_empty`` to those).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal

from .params import Params
from .ranking import competition_ranks
from .rounding import ZERO, clamp
from .types import MethodName, UnitId

Values = Mapping[UnitId, Decimal]
Method = Callable[[Values, Decimal, Params, bool], dict[UnitId, Decimal]]


def score_target(
    values: Values, maximum: Decimal, params: Params, lower_is_better: bool
) -> dict[UnitId, Decimal]:
    """M × clamp(r / target, 0, 1); lower is better: M × clamp(target / r, 0, 1), r ≤ 0 → M."""
    target: Decimal = params["target"]
    points: dict[UnitId, Decimal] = {}
    for unit, r in values.items():
        if lower_is_better:
            points[unit] = maximum if r <= ZERO else maximum * clamp(target / r, ZERO, Decimal(1))
        else:
            # M × r / target, clamped: multiplying first keeps exact halves exact.
            points[unit] = clamp(maximum * r / target, ZERO, maximum)
    return points


def score_relative(
    values: Values, maximum: Decimal, params: Params, lower_is_better: bool
) -> dict[UnitId, Decimal]:
    """M × (r − lo) / (hi − lo) within the group (lower is better: (hi − r)); all equal → M."""
    if not values:
        return {}
    lo, hi = min(values.values()), max(values.values())
    if hi == lo:
        return dict.fromkeys(values, maximum)
    span = hi - lo
    return {
        unit: maximum * ((hi - r) if lower_is_better else (r - lo)) / span
        for unit, r in values.items()
    }


def score_rank(
    values: Values, maximum: Decimal, params: Params, lower_is_better: bool
) -> dict[UnitId, Decimal]:
    """Competition rank k of n: M × (n − k) / (n − 1); n = 1 → M."""
    n = len(values)
    if n == 1:
        return dict.fromkeys(values, maximum)
    ranks = competition_ranks(values, higher_is_better=not lower_is_better)
    return {unit: maximum * (n - k) / (n - 1) for unit, k in ranks.items()}


def score_bands(
    values: Values, maximum: Decimal, params: Params, lower_is_better: bool
) -> dict[UnitId, Decimal]:
    """The points of the first band reached (r ≥ min, or r ≤ max when lower is better)."""
    bands: list[dict[str, Decimal]] = params["bands"]
    points: dict[UnitId, Decimal] = {}
    for unit, r in values.items():
        reached = (
            band["points"]
            for band in bands
            if (r <= band["max"] if lower_is_better else r >= band["min"])
        )
        points[unit] = next(reached, ZERO)
    return points


def score_manual(
    values: Values, maximum: Decimal, params: Params, lower_is_better: bool
) -> dict[UnitId, Decimal]:
    """The evaluator's points, already checked to lie in 0 … M."""
    return dict(values)


METHODS: dict[MethodName, Method] = {
    "target": score_target,
    "relative": score_relative,
    "rank": score_rank,
    "bands": score_bands,
    "manual": score_manual,
}
