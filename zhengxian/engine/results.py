"""What the engine returns, and its canonical form for byte-identical serialisation."""

from __future__ import annotations

import json
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from decimal import Decimal, localcontext
from functools import cached_property
from typing import Any

from .rounding import ENGINE_CONTEXT, exact, round_exact, round_points
from .types import MethodName, RecordSet, UnitId, WhenEmpty


# Not frozen, unlike the engine's other results: a province's period makes 250,000 of them,
# and a frozen dataclass's __init__ (a guarded setattr per field) cost 0.3 s more a run.
# Treat one as a value all the same: the engine makes a changed copy with replace().
@dataclass(slots=True)
class LeafScore:
    """One unit's points on one leaf, with everything needed to explain them."""

    leaf: str
    points: Decimal  # rounded to 2 places
    maximum: Decimal  # the leaf's weight M
    raw: Decimal | None  # r; for a manual leaf the evaluator's points; None = no data
    numerator: Decimal | None
    denominator: Decimal | None
    method: MethodName
    params: Mapping[str, Any]  # normalised: numbers are Decimals
    lower_is_better: bool
    when_empty: WhenEmpty
    when_empty_applied: bool  # True when the unit had no data and the rule gave the points
    evidence: tuple[str, ...]  # sorted record references
    overridden: bool = False  # points replaced by an accepted appeal's correction
    records: RecordSet | None = None  # the records named by their query instead of listed

    def to_canonical(self, memo: dict[int, Any] | None = None) -> dict[str, Any]:
        """``memo`` keeps the plain form of each parameters object for the caller's loop:
        every unit's score of a leaf shares its leaf's parameters (a province writes
        250,000 leaf scores and 30 distinct parameter sets)."""
        if memo is None:
            params = _plain(self.params)
        else:
            params = memo.get(id(self.params))
            if params is None:
                params = memo[id(self.params)] = _plain(self.params)
        canonical = {
            "points": _points(self.points),
            "maximum": _points(self.maximum),
            "raw": _number(self.raw),
            "numerator": _number(self.numerator),
            "denominator": _number(self.denominator),
            "method": self.method,
            "params": params,
            "lower_is_better": self.lower_is_better,
            "when_empty": self.when_empty,
            "when_empty_applied": self.when_empty_applied,
            "evidence": list(self.evidence),
            "overridden": self.overridden,
        }
        if self.records is not None:
            # Only when present: sheets stored before record sets keep their canonical text.
            canonical["records"] = _record_set(self.records)
        return canonical


@dataclass(frozen=True)
class UnitResult:
    unit: UnitId
    group: str
    leaves: Mapping[str, LeafScore]  # by leaf code, in tree order
    dimensions: Mapping[str, Decimal]  # subtotal by dimension code: Σ of its rounded leaves
    leaf_sum: Decimal
    bonus_claimed: Decimal  # Σ bonus before the cap
    bonus: Decimal  # min(Σ bonus, bonus cap)
    penalty_claimed: Decimal
    penalty: Decimal  # min(Σ penalty, penalty cap)
    total: Decimal  # leaf_sum + bonus − penalty, rounded to 2 places
    rank: int  # competition rank on the total within the group

    def to_canonical(self, memo: dict[int, Any] | None = None) -> dict[str, Any]:
        return {
            "unit": self.unit,
            "group": self.group,
            "rank": self.rank,
            "total": _points(self.total),
            "leaf_sum": _points(self.leaf_sum),
            "bonus_claimed": _points(self.bonus_claimed),
            "bonus": _points(self.bonus),
            "penalty_claimed": _points(self.penalty_claimed),
            "penalty": _points(self.penalty),
            "dimensions": {code: _points(v) for code, v in sorted(self.dimensions.items())},
            "leaves": {code: s.to_canonical(memo) for code, s in sorted(self.leaves.items())},
        }


@dataclass(frozen=True)
class PeriodResult:
    units: tuple[UnitResult, ...]  # sorted by unit id
    bonus_cap: Decimal
    penalty_cap: Decimal

    @cached_property
    def _by_unit(self) -> dict[UnitId, UnitResult]:
        return {result.unit: result for result in self.units}

    def unit(self, unit_id: UnitId) -> UnitResult:
        """One unit's result; KeyError if the unit is in no group."""
        return self._by_unit[unit_id]

    def ranking(self, group: str) -> tuple[UnitResult, ...]:
        """The group's units by rank, ties by unit id."""
        members = (result for result in self.units if result.group == group)
        return tuple(sorted(members, key=lambda result: (result.rank, result.unit)))

    def record_share(self, entered: Collection[str]) -> Decimal | None:
        """The share (0 … 1, 4 places, half-up) of all leaf points that came from records:
        leaves not in ``entered`` (manual, panel, rating) and not replaced by an appeal.
        None when no leaf earned a point. Exact arithmetic: no caller's context applies."""
        # Points have 2 places, so Decimal sums are exact (28 digits hold any real total);
        # only the one division goes through an exact rational.
        total = from_records = Decimal(0)
        with localcontext(ENGINE_CONTEXT):
            for result in self.units:
                for code, score in result.leaves.items():
                    total += score.points
                    if code not in entered and not score.overridden:
                        from_records += score.points
        if not total:
            return None
        return round_exact(exact(from_records) / exact(total), places=4)

    def to_canonical(self) -> dict[str, Any]:
        """Plain dicts, lists, strings, ints and booleans: points as strings with exactly
        2 places, other numbers as plain decimal strings, units in id order."""
        memo: dict[int, Any] = {}
        return {
            "bonus_cap": _points(self.bonus_cap),
            "penalty_cap": _points(self.penalty_cap),
            "units": [result.to_canonical(memo) for result in sorted(self.units, key=_unit_id)],
        }

    def to_canonical_json(self) -> str:
        """The canonical form as compact JSON with sorted keys (encode as UTF-8 to hash)."""
        return json.dumps(
            self.to_canonical(), sort_keys=True, ensure_ascii=False, separators=(",", ":")
        )


def _unit_id(result: UnitResult) -> UnitId:
    return result.unit


# A province's sheet writes 620,000 points and sums, of a few thousand distinct values: each
# is rounded and formatted once (equal Decimals give the same text: 9.5 and 9.50 → "9.50").
# Zero is not kept: -0 and 0 are equal but print differently.
_POINTS_TEXT: dict[Decimal, str] = {}
_POINTS_KEPT = 100_000


def _points(value: Decimal) -> str:
    text = _POINTS_TEXT.get(value) if value else None
    if text is None:
        text = f"{round_points(value):f}"
        if value:
            if len(_POINTS_TEXT) >= _POINTS_KEPT:
                _POINTS_TEXT.clear()
            _POINTS_TEXT[value] = text
    return text


def _number(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:f}"


def _record_set(records: RecordSet) -> dict[str, Any]:
    return {
        "source": records.source,
        "params": _plain(records.params),
        "model": records.model,
        "count": records.count,
        "id_sum": records.id_sum,
    }


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return f"{value:f}"
    if isinstance(value, Mapping):
        return {str(key): _plain(item) for key, item in sorted(value.items())}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value
