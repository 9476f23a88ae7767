"""The scoring engine: an indicator tree and one period's raw values → points, totals, ranks.

Pure Python, no database: the sources gather raw values, this module only computes
(product.md, "Scoring — the precise rules"; docs/scoring-engine.md).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from decimal import Decimal
from fractions import Fraction

from .errors import ScoringError
from .inputs import check_adjustments, check_manual, check_points_amount, check_raw, index_groups
from .methods import DISTINCT_VALUE_METHODS, METHODS
from .params import Params
from .ranking import competition_ranks
from .results import LeafScore, PeriodResult, UnitResult
from .rounding import ZERO, exact, round_exact, round_points, scoring_context
from .tree import flatten_tree
from .types import DimensionSpec, LeafSpec, RawValue, UnitId

__all__ = [
    "LeafScore",
    "PeriodResult",
    "ScoringError",
    "UnitResult",
    "exact_raw",
    "score_leaf",
    "score_period",
    "unit_total",
]

_NO_DATA = RawValue(value=None)
_Finding = tuple[Decimal, Decimal | None, Decimal | None]  # value, numerator, denominator


def score_period(
    *,
    tree: Sequence[DimensionSpec | LeafSpec],
    groups: Mapping[str, Sequence[UnitId]],
    raw: Mapping[str, Mapping[UnitId, RawValue]],
    manual: Mapping[str, Mapping[UnitId, Decimal]],
    bonus: Mapping[UnitId, Decimal],
    penalty: Mapping[UnitId, Decimal],
    bonus_cap: Decimal,
    penalty_cap: Decimal,
    overrides: Mapping[str, Mapping[UnitId, Decimal]] | None = None,
) -> PeriodResult:
    """Score every unit of every group; raise ScoringError on inconsistent input.

    A unit missing from ``raw[leaf]`` (or with value None) has no data for that leaf, as
    does a unit missing from ``manual[leaf]`` for a manual leaf: ``when_empty`` decides.
    ``overrides`` (leaf code → unit → points, from accepted appeals) replace a unit's
    computed points on a leaf after the method ran; the other units are unaffected.
    """
    overrides = overrides or {}
    with scoring_context():
        flat = flatten_tree(tree)
        unit_group = index_groups(groups)
        check_raw(raw, flat=flat)
        check_manual(manual, flat=flat, unit_group=unit_group)
        check_manual(overrides, flat=flat, unit_group=unit_group, any_method=True)
        check_adjustments(bonus, kind="bonus", unit_group=unit_group)
        check_adjustments(penalty, kind="penalty", unit_group=unit_group)
        check_points_amount(bonus_cap, what="bonus cap")
        check_points_amount(penalty_cap, what="penalty cap")

        leaf_scores: dict[UnitId, dict[str, LeafScore]] = {unit: {} for unit in unit_group}
        for leaf in flat.leaves:
            scores = score_leaf(
                leaf,
                params=flat.params[leaf.code],
                groups=groups,
                raw=raw.get(leaf.code, {}),
                manual=manual.get(leaf.code, {}),
                overrides=overrides.get(leaf.code, {}),
            )
            for unit, score in scores.items():
                leaf_scores[unit][leaf.code] = score

        units = {
            unit: _unit_result(
                unit,
                group=unit_group[unit],
                leaves=leaf_scores[unit],
                dimension_leaves=flat.dimension_leaves,
                bonus_claimed=bonus.get(unit, ZERO),
                penalty_claimed=penalty.get(unit, ZERO),
                bonus_cap=bonus_cap,
                penalty_cap=penalty_cap,
            )
            for unit in sorted(unit_group)
        }
        return PeriodResult(
            units=_with_ranks(units, groups=groups),
            bonus_cap=bonus_cap,
            penalty_cap=penalty_cap,
        )


def score_leaf(
    leaf: LeafSpec,
    *,
    params: Params,
    groups: Mapping[str, Sequence[UnitId]],
    raw: Mapping[UnitId, RawValue],
    manual: Mapping[UnitId, Decimal],
    overrides: Mapping[UnitId, Decimal],
) -> dict[UnitId, LeafScore]:
    """One leaf's score for every unit of every group (a relative method ranks a unit
    against its own group only); ``overrides`` replace a unit's points after the method ran.
    Live rankings re-score only the leaves a write touched with this (scoring/services/live.py).
    Call it inside ``scoring_context()``."""
    scores: dict[UnitId, LeafScore] = {}
    for code in sorted(groups):
        for unit, score in _score_leaf_in_group(
            leaf, params=params, units=sorted(groups[code]), raw=raw, manual=manual
        ).items():
            if unit in overrides:
                score = replace(score, points=round_points(overrides[unit]), overridden=True)
            scores[unit] = score
    return scores


def unit_total(
    leaf_sum: Decimal,
    *,
    bonus_claimed: Decimal,
    penalty_claimed: Decimal,
    bonus_cap: Decimal,
    penalty_cap: Decimal,
) -> Decimal:
    """A unit's total: its leaf points plus its bonus and minus its penalty, each capped."""
    return round_points(
        leaf_sum + min(bonus_claimed, bonus_cap) - min(penalty_claimed, penalty_cap)
    )


def _score_leaf_in_group(
    leaf: LeafSpec,
    *,
    params: Params,
    units: Sequence[UnitId],
    raw: Mapping[UnitId, RawValue],
    manual: Mapping[UnitId, Decimal],
) -> dict[UnitId, LeafScore]:
    method = leaf.method
    is_manual = method.name == "manual"
    values: dict[UnitId, Decimal] = {}
    # Each distinct finding is made exact once (a province's 160,000 values of a month are
    # 13,000 distinct ones): ``label`` numbers them, ``distinct[label]`` is the exact value.
    labels: dict[_Finding, int] = {}
    distinct: list[Fraction] = []
    unit_label: dict[UnitId, int] = {}
    found_by_unit = {unit: raw.get(unit, _NO_DATA) for unit in units}
    for unit, found in found_by_unit.items():
        key: _Finding
        if is_manual:
            value = manual.get(unit)
            if value is None:
                continue
            key = (value, None, None)
        elif found.value is not None:
            value = found.value
            key = (value, found.numerator, found.denominator)
        else:
            continue
        values[unit] = value
        label = labels.get(key)
        if label is None:
            label = labels[key] = len(distinct)
            distinct.append(exact(value) if is_manual else exact_raw(value, found))
        unit_label[unit] = label
    score = METHODS[method.name]
    maximum = exact(leaf.weight)
    if method.name in DISTINCT_VALUE_METHODS:
        by_label = score(dict(enumerate(distinct)), maximum, params, method.lower_is_better)
        rounded = {label: round_exact(points) for label, points in by_label.items()}
        scored = {unit: rounded[label] for unit, label in unit_label.items()}
    else:
        exact_values = {unit: distinct[label] for unit, label in unit_label.items()}
        scored = {
            unit: round_exact(points)
            for unit, points in score(exact_values, maximum, params, method.lower_is_better).items()
        }
    empty_points = _when_empty_points(leaf, scored=scored)

    # Positional, in LeafScore's field order: a province's period makes 250,000 of these,
    # and passing the fields by name took 0.2 s more a run.
    code, weight, name = leaf.code, leaf.weight, method.name
    lower_is_better, when_empty = method.lower_is_better, method.when_empty
    scores: dict[UnitId, LeafScore] = {}
    for unit, found in found_by_unit.items():
        points = scored.get(unit)
        scores[unit] = LeafScore(
            code,  # leaf
            empty_points if points is None else points,  # points
            weight,  # maximum
            values.get(unit),  # raw
            found.numerator,
            found.denominator,
            name,  # method
            params,
            lower_is_better,
            when_empty,
            points is None,  # when_empty_applied
            # evidence: most values name their records by a query now, no list to sort
            tuple(sorted(found.evidence)) if found.evidence else (),
            False,  # overridden
            found.records,
        )
    return scores


def exact_raw(value: Decimal, found: RawValue) -> Fraction:
    """r as an exact rational: a rate numerator ÷ denominator is taken as the fraction itself
    (2 ÷ 3, not 0.666…67), so points computed from it keep exact halves; any other value
    is taken as the Decimal it is."""
    numerator, denominator = found.numerator, found.denominator
    if numerator is not None and denominator and numerator / denominator == value:
        # (a/b) ÷ (c/d) as one fraction a·d / b·c: a third of the time of dividing Fractions.
        a, b = numerator.as_integer_ratio()
        c, d = denominator.as_integer_ratio()
        return Fraction(a * d, b * c)
    return exact(value)


def _when_empty_points(leaf: LeafSpec, *, scored: Mapping[UnitId, Decimal]) -> Decimal:
    """Points for a unit without data: full → M, zero → 0, group_mean → the mean of the
    rounded points of the group's units with data, rounded (M when none has data)."""
    rule = leaf.method.when_empty
    if rule == "zero":
        return round_points(ZERO)
    if rule == "group_mean" and scored:
        return round_exact(sum(map(exact, scored.values()), Fraction(0)) / len(scored))
    return round_points(leaf.weight)  # "full", or "group_mean" with no data in the group


def _unit_result(
    unit: UnitId,
    *,
    group: str,
    leaves: Mapping[str, LeafScore],
    dimension_leaves: Mapping[str, Sequence[str]],
    bonus_claimed: Decimal,
    penalty_claimed: Decimal,
    bonus_cap: Decimal,
    penalty_cap: Decimal,
) -> UnitResult:
    leaf_sum = sum((score.points for score in leaves.values()), ZERO)
    applied_bonus = min(bonus_claimed, bonus_cap)
    applied_penalty = min(penalty_claimed, penalty_cap)
    return UnitResult(
        unit=unit,
        group=group,
        leaves=dict(leaves),
        dimensions={
            code: sum((leaves[leaf].points for leaf in codes), ZERO)
            for code, codes in dimension_leaves.items()
        },
        leaf_sum=leaf_sum,
        bonus_claimed=bonus_claimed,
        bonus=applied_bonus,
        penalty_claimed=penalty_claimed,
        penalty=applied_penalty,
        total=unit_total(
            leaf_sum,
            bonus_claimed=bonus_claimed,
            penalty_claimed=penalty_claimed,
            bonus_cap=bonus_cap,
            penalty_cap=penalty_cap,
        ),
        rank=0,  # set by _with_ranks once every total is known
    )


def _with_ranks(
    units: Mapping[UnitId, UnitResult], *, groups: Mapping[str, Sequence[UnitId]]
) -> tuple[UnitResult, ...]:
    ranks: dict[UnitId, int] = {}
    for code in sorted(groups):
        ranks.update(competition_ranks({unit: units[unit].total for unit in groups[code]}))
    return tuple(replace(units[unit], rank=ranks[unit]) for unit in sorted(units))
