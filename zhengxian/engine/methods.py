"""The five methods: the values of one competition group's units that have data → points.

Each function receives only the units with data, as exact rationals, and returns exact
points before rounding (the engine rounds each once, half-up); it never sees a unit without
data (the engine applies ``when_empty`` to those). Computing with Fractions means every
product and quotient is exact: the order of operations cannot move a value across a
rounding boundary, and an exact half is never lost to a 28-digit intermediate.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from fractions import Fraction

from .params import Params
from .ranking import competition_ranks
from .rounding import exact
from .types import MethodName, UnitId

Values = Mapping[UnitId, Fraction]
Method = Callable[[Values, Fraction, Params, bool], dict[UnitId, Fraction]]

_ZERO = Fraction(0)


def score_target(
    values: Values, maximum: Fraction, params: Params, lower_is_better: bool
) -> dict[UnitId, Fraction]:
    """M × clamp(r / target, 0, 1); lower is better: M × clamp(target / r, 0, 1), r ≤ 0 → M.

    Worked in integers (the target is checked > 0, so each denominator is positive) with one
    Fraction made per unit: the same exact values as multiplying and dividing Fractions, a
    third of the time for a province's 8,000 units a leaf."""
    target = exact(params["target"])
    m_n, m_d = maximum.numerator, maximum.denominator
    t_n, t_d = target.numerator, target.denominator
    points: dict[UnitId, Fraction] = {}
    for unit, r in values.items():
        r_n, r_d = r.numerator, r.denominator
        if lower_is_better:
            if r_n <= 0:
                points[unit] = maximum
                continue
            num, den = m_n * t_n * r_d, m_d * t_d * r_n  # M × target / r
        else:
            num, den = m_n * r_n * t_d, m_d * r_d * t_n  # M × r / target
        if num <= 0:
            points[unit] = _ZERO
        elif num * m_d >= m_n * den:
            points[unit] = maximum
        else:
            points[unit] = Fraction(num, den)
    return points


def score_relative(
    values: Values, maximum: Fraction, params: Params, lower_is_better: bool
) -> dict[UnitId, Fraction]:
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
    values: Values, maximum: Fraction, params: Params, lower_is_better: bool
) -> dict[UnitId, Fraction]:
    """Competition rank k of n: M × (n − k) / (n − 1); n = 1 → M."""
    n = len(values)
    if n == 1:
        return dict.fromkeys(values, maximum)
    ranks = competition_ranks(values, higher_is_better=not lower_is_better)
    return {unit: maximum * (n - k) / (n - 1) for unit, k in ranks.items()}


def score_bands(
    values: Values, maximum: Fraction, params: Params, lower_is_better: bool
) -> dict[UnitId, Fraction]:
    """The points of the first band reached (r ≥ min, or r ≤ max when lower is better)."""
    bound = "max" if lower_is_better else "min"
    bands = [(exact(band[bound]), exact(band["points"])) for band in params["bands"]]
    points: dict[UnitId, Fraction] = {}
    for unit, r in values.items():
        reached = (
            band_points
            for threshold, band_points in bands
            if (r <= threshold if lower_is_better else r >= threshold)
        )
        points[unit] = next(reached, _ZERO)
    return points


def score_manual(
    values: Values, maximum: Fraction, params: Params, lower_is_better: bool
) -> dict[UnitId, Fraction]:
    """The evaluator's points, already checked to lie in 0 … M."""
    return dict(values)


METHODS: dict[MethodName, Method] = {
    "target": score_target,
    "relative": score_relative,
    "rank": score_rank,
    "bands": score_bands,
    "manual": score_manual,
}

# The methods whose points for a unit depend on its own value and on which values its group
# holds, not on how many units hold each (rank does: n and the places taken by ties): the
# engine scores each distinct value of a group once (tested).
DISTINCT_VALUE_METHODS: frozenset[MethodName] = frozenset({"target", "relative", "bands", "manual"})
