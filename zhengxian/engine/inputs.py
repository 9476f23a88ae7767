"""Defensive checks of score_period's inputs beyond the tree."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal

from .errors import ScoringError
from .rounding import ZERO, check_decimal, has_cents_only
from .tree import FlatTree
from .types import RawValue, UnitId


def index_groups(groups: Mapping[str, Sequence[UnitId]]) -> dict[UnitId, str]:
    """unit id → group code; a unit may belong to one group only."""
    unit_group: dict[UnitId, str] = {}
    for code in sorted(groups):
        if not isinstance(code, str) or not code:
            raise ScoringError(f"group code {code!r} must be a non-empty string")
        for unit in groups[code]:
            _check_unit_id(unit, what=f"group {code!r}")
            if unit in unit_group:
                where = "twice" if unit_group[unit] == code else f"also in {unit_group[unit]!r}"
                raise ScoringError(f"unit {unit} is in group {code!r} {where}")
            unit_group[unit] = code
    return unit_group


def check_raw(raw: Mapping[str, Mapping[UnitId, RawValue]], *, flat: FlatTree) -> None:
    """Raw values for units outside every group are allowed (sources compute for all
    units) and ignored; an unknown leaf code is a mistake."""
    codes = {leaf.code for leaf in flat.leaves}
    for code, by_unit in raw.items():
        if code not in codes:
            raise ScoringError(f"raw values given for unknown leaf {code!r}")
        for unit, value in by_unit.items():
            if type(unit) is not int:
                _check_unit_id(unit, what=f"raw values of leaf {code!r}")
            if not isinstance(value, RawValue):
                raise ScoringError(f"leaf {code!r} unit {unit}: expected a RawValue")
            # A province's period checks 400,000 numbers: the named check (and its message)
            # runs only for a unit with a bad one.
            for number in (value.value, value.numerator, value.denominator):
                if number is not None and not (isinstance(number, Decimal) and number.is_finite()):
                    _check_numbers(value, what=f"leaf {code!r} unit {unit}")


def _check_numbers(value: RawValue, *, what: str) -> None:
    for name in ("value", "numerator", "denominator"):
        number = getattr(value, name)
        if number is not None:
            check_decimal(number, what=f"{what} {name}")


def check_manual(
    manual: Mapping[str, Mapping[UnitId, Decimal]],
    *,
    flat: FlatTree,
    unit_group: Mapping[UnitId, str],
    any_method: bool = False,
) -> None:
    """Points given by people: manual points (manual leaves only) or, with ``any_method``,
    corrected points from accepted appeals; each within 0 … M of its leaf."""
    maxima = {
        leaf.code: leaf.weight for leaf in flat.leaves if any_method or leaf.method.name == "manual"
    }
    kind = "corrected" if any_method else "manual"
    for code, by_unit in manual.items():
        if code not in maxima:
            raise ScoringError(
                f"{kind} points given for {code!r}, which is not a manual leaf"
                if not any_method
                else f"corrected points given for unknown leaf {code!r}"
            )
        for unit, points in by_unit.items():
            what = f"{kind} points of leaf {code!r} unit {unit}"
            _check_known_unit(unit, unit_group=unit_group, what=what)
            check_decimal(points, what=what)
            if not ZERO <= points <= maxima[code]:
                raise ScoringError(f"{what}: {points} outside 0 … {maxima[code]}")


def check_adjustments(
    amounts: Mapping[UnitId, Decimal], *, kind: str, unit_group: Mapping[UnitId, str]
) -> None:
    """Bonus and penalty sums: non-negative points with at most 2 places, so the applied
    amounts shown beside a total add up to it exactly."""
    for unit, amount in amounts.items():
        what = f"{kind} of unit {unit}"
        _check_known_unit(unit, unit_group=unit_group, what=what)
        check_points_amount(amount, what=what)


def check_points_amount(amount: Decimal, *, what: str) -> None:
    check_decimal(amount, what=what)
    if amount < ZERO:
        raise ScoringError(f"{what} is negative: {amount}")
    if not has_cents_only(amount):
        raise ScoringError(f"{what} has more than 2 decimal places: {amount}")


def _check_known_unit(unit: object, *, unit_group: Mapping[UnitId, str], what: str) -> None:
    _check_unit_id(unit, what=what)
    if unit not in unit_group:
        raise ScoringError(f"{what}: unit {unit} is in no competition group")


def _check_unit_id(unit: object, *, what: str) -> None:
    if isinstance(unit, bool) or not isinstance(unit, int):
        raise ScoringError(f"{what}: unit id {unit!r} is not an int")
