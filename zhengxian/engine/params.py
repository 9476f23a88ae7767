"""Validation of each method's parameters into a normalised, Decimal-only form.

The normalised parameters are what the engine computes with and what a leaf score keeps as
its explanation, so two campaigns that spell ``target: 90`` and ``target: "90"`` score and
serialise the same.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from .errors import ScoringError
from .rounding import ZERO, as_decimal
from .types import LeafSpec

Params = dict[str, Any]


def parse_params(leaf: LeafSpec) -> Params:
    """Check ``leaf.method.params`` and return them normalised; raise ScoringError."""
    method = leaf.method
    where = f"leaf {leaf.code!r} ({method.name})"
    if not isinstance(method.params, Mapping):
        raise ScoringError(f"{where}: params must be a mapping")
    if method.name == "target":
        _expect_keys(method.params, {"target"}, where=where)
        target = as_decimal(method.params["target"], what=f"{where} target")
        if target <= ZERO:
            raise ScoringError(f"{where}: target must be greater than 0, got {target}")
        return {"target": target}
    if method.name == "bands":
        _expect_keys(method.params, {"bands"}, where=where)
        bands = _parse_bands(
            method.params["bands"],
            maximum=leaf.weight,
            lower_is_better=method.lower_is_better,
            where=where,
        )
        return {"bands": bands}
    _expect_keys(method.params, set(), where=where)  # relative, rank, manual: none
    return {}


def _expect_keys(params: Mapping[str, Any], expected: set[str], *, where: str) -> None:
    given = set(params)
    if missing := sorted(expected - given):
        raise ScoringError(f"{where}: missing parameter(s) {', '.join(missing)}")
    if unknown := sorted(given - expected, key=str):
        raise ScoringError(f"{where}: unknown parameter(s) {', '.join(map(str, unknown))}")


def _parse_bands(
    value: Any, *, maximum: Decimal, lower_is_better: bool, where: str
) -> list[dict[str, Decimal]]:
    """Higher is better: ``[{"min": x, "points": p}, ...]`` with strictly falling minimums.
    Lower is better: ``[{"max": x, "points": p}, ...]`` with strictly rising maximums.
    Points lie in 0 … M and never rise down the list, so a better value never earns less."""
    bound = "max" if lower_is_better else "min"
    if isinstance(value, str | bytes) or not isinstance(value, Sequence) or not value:
        raise ScoringError(f"{where}: bands must be a non-empty list of {{{bound}, points}}")
    bands: list[dict[str, Decimal]] = []
    for index, band in enumerate(value):
        here = f"{where} band {index}"
        if not isinstance(band, Mapping):
            raise ScoringError(f"{here}: expected a mapping with {bound!r} and 'points'")
        if set(band) != {bound, "points"}:
            hint = " (lower_is_better bands use 'max')" if lower_is_better else ""
            raise ScoringError(
                f"{here}: expected exactly the keys {bound!r} and 'points', "
                f"got {sorted(map(str, band))}{hint}"
            )
        threshold = as_decimal(band[bound], what=f"{here} {bound}")
        points = as_decimal(band["points"], what=f"{here} points")
        if not ZERO <= points <= maximum:
            raise ScoringError(f"{here}: points {points} outside 0 … {maximum}")
        if bands:
            previous = bands[-1]
            rising = threshold > previous[bound]
            if rising != lower_is_better or threshold == previous[bound]:
                order = "rise" if lower_is_better else "fall"
                raise ScoringError(f"{here}: thresholds must strictly {order} down the list")
            if points > previous["points"]:
                raise ScoringError(f"{here}: points must not rise down the list")
        bands.append({bound: threshold, "points": points})
    return bands
