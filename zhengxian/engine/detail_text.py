"""A unit's explanation as its canonical JSON text, written directly.

Storing a province's sheet writes 250,000 leaf scores. Building each as a dict
(``LeafScore.to_canonical``) and encoding it with ``json.dumps`` was most of the store's
time, and most of each text repeats what every unit's score of a leaf shares: its method,
maximum, parameters. ``DetailWriter`` writes the same text — what ``canonical_json`` (compact,
keys sorted, non-ASCII kept) gives for the detail keys of ``UnitResult.to_canonical`` — with
those shared parts encoded once per leaf. A test compares the two texts for every kind of
leaf score (tests/test_detail_text.py), so the digests cannot drift.
"""

from __future__ import annotations

import json
from collections.abc import Hashable
from decimal import Decimal
from typing import Any

from .results import LeafScore, UnitResult, _plain, _points
from .types import RecordSet


def canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


class DetailWriter:
    """Writes units' detail texts; keeps each leaf's shared parts for as long as it lives,
    so one writer serves the units of one result (the memo is keyed by the parameters'
    identity, which the result keeps alive)."""

    def __init__(self) -> None:
        self._leaf_parts: dict[Hashable, tuple[str, str, str]] = {}
        self._records_tail: dict[Hashable, str] = {}
        self._codes: dict[str, str] = {}

    def unit_detail(self, unit: UnitResult) -> str:
        """The text of {"bonus_claimed", "dimensions", "leaves", "penalty_claimed"}."""
        leaves = ",".join(
            f"{self._code(code)}:{self.leaf(score)}" for code, score in sorted(unit.leaves.items())
        )
        dimensions = ",".join(
            f'{self._code(code)}:"{_points(points)}"'
            for code, points in sorted(unit.dimensions.items())
        )
        return (
            f'{{"bonus_claimed":"{_points(unit.bonus_claimed)}","dimensions":{{{dimensions}}},'
            f'"leaves":{{{leaves}}},"penalty_claimed":"{_points(unit.penalty_claimed)}"}}'
        )

    def leaf(self, score: LeafScore) -> str:
        """The text of ``score.to_canonical()``."""
        key = (
            score.leaf,
            score.maximum,
            score.method,
            score.lower_is_better,
            score.when_empty,
            id(score.params),
        )
        parts = self._leaf_parts.get(key)
        if parts is None:
            parts = self._leaf_parts[key] = (
                f',"lower_is_better":{_bool(score.lower_is_better)},'
                f'"maximum":"{_points(score.maximum)}","method":{canonical(score.method)},'
                '"numerator":',
                f',"params":{canonical(_plain(score.params))},"points":"',
                f',"when_empty":{canonical(score.when_empty)},"when_empty_applied":',
            )
        before_numerator, before_points, before_applied = parts
        evidence = canonical(list(score.evidence)) if score.evidence else "[]"
        records = "" if score.records is None else f',"records":{self._records(score.records)}'
        return (
            f'{{"denominator":{_number(score.denominator)},"evidence":{evidence}'
            f"{before_numerator}{_number(score.numerator)}"
            f',"overridden":{_bool(score.overridden)}{before_points}{_points(score.points)}"'
            f',"raw":{_number(score.raw)}{records}'
            f"{before_applied}{_bool(score.when_empty_applied)}}}"
        )

    def _records(self, records: RecordSet) -> str:
        key = (records.source, records.model, id(records.params))
        tail = self._records_tail.get(key)
        if tail is None:
            tail = self._records_tail[key] = (
                f',"model":{canonical(records.model)},"params":{canonical(_plain(records.params))}'
                f',"source":{canonical(records.source)}}}'
            )
        return f'{{"count":{records.count},"id_sum":{records.id_sum}{tail}'

    def _code(self, code: str) -> str:
        text = self._codes.get(code)
        if text is None:
            text = self._codes[code] = canonical(code)
        return text


def points_text(value: Decimal) -> str:
    """Points as the canonical form writes them: exactly 2 places."""
    return _points(value)


def _number(value: Decimal | None) -> str:
    # A Decimal's fixed-point text is digits, a sign and a point: nothing to escape.
    return "null" if value is None else f'"{value:f}"'


def _bool(value: bool) -> str:
    return "true" if value else "false"
