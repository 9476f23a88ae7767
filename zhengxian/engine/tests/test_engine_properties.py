"""Properties that hold for any valid input (hypothesis)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from zhengxian.engine.compute import PeriodResult, score_period
from zhengxian.engine.methods import DISTINCT_VALUE_METHODS, METHODS, score_target
from zhengxian.engine.tree import flatten_tree
from zhengxian.engine.types import (
    DimensionSpec,
    LeafSpec,
    MethodName,
    MethodSpec,
    RawValue,
    WhenEmpty,
)

CENT = Decimal("0.01")
WHEN_EMPTY: list[WhenEmpty] = ["full", "zero", "group_mean"]


def cents(low: int, high: int) -> st.SearchStrategy[Decimal]:
    return st.integers(low, high).map(lambda n: Decimal(n) * CENT)


def millis(low: int, high: int) -> st.SearchStrategy[Decimal]:
    return st.integers(low, high).map(lambda n: Decimal(n) / 1000)


@st.composite
def leaves(draw: st.DrawFn, code: str) -> LeafSpec:
    method: MethodName = draw(st.sampled_from(["target", "relative", "rank", "bands", "manual"]))
    weight = draw(cents(0, 2000))
    lower = method != "manual" and draw(st.booleans())
    params: dict[str, Any] = {}
    if method == "target":
        params = {"target": draw(cents(1, 20000))}
    elif method == "bands":
        thresholds = draw(st.lists(millis(-10000, 200000), min_size=1, max_size=4, unique=True))
        points = sorted(
            draw(
                st.lists(
                    cents(0, int(weight * 100)), min_size=len(thresholds), max_size=len(thresholds)
                )
            ),
            reverse=True,
        )
        bound = "max" if lower else "min"
        params = {
            "bands": [
                {bound: t, "points": p}
                for t, p in zip(sorted(thresholds, reverse=not lower), points, strict=True)
            ]
        }
    return LeafSpec(
        code=code,
        name=code,
        weight=weight,
        source="test",
        method=MethodSpec(
            name=method,
            params=params,
            lower_is_better=lower,
            when_empty=draw(st.sampled_from(WHEN_EMPTY)),
        ),
    )


@dataclass(frozen=True)
class Case:
    tree: list[DimensionSpec | LeafSpec]
    leaves: list[LeafSpec]
    groups: dict[str, list[int]]
    raw: dict[str, dict[int, RawValue]]
    manual: dict[str, dict[int, Decimal]]
    bonus: dict[int, Decimal]
    penalty: dict[int, Decimal]
    bonus_cap: Decimal
    penalty_cap: Decimal

    def score(self) -> PeriodResult:
        return score_period(
            tree=self.tree,
            groups=self.groups,
            raw=self.raw,
            manual=self.manual,
            bonus=self.bonus,
            penalty=self.penalty,
            bonus_cap=self.bonus_cap,
            penalty_cap=self.penalty_cap,
        )


@st.composite
def cases(draw: st.DrawFn) -> Case:
    specs = [draw(leaves(f"L{i}")) for i in range(draw(st.integers(1, 5)))]
    split = draw(st.integers(0, len(specs)))
    tree: list[DimensionSpec | LeafSpec] = list(specs[split:])
    if split:
        inner = tuple(specs[:split])
        weight = sum((leaf.weight for leaf in inner), Decimal(0))
        tree.insert(0, DimensionSpec(code="D", name="D", weight=weight, children=inner))

    units = draw(st.lists(st.integers(1, 10_000), max_size=12, unique=True))
    group_of = {unit: draw(st.sampled_from(["a", "b", "c"])) for unit in units}
    groups = {code: [u for u in units if group_of[u] == code] for code in ("a", "b", "c")}

    raw: dict[str, dict[int, RawValue]] = {}
    manual: dict[str, dict[int, Decimal]] = {}
    for spec in specs:
        present = draw(st.lists(st.sampled_from(units), unique=True)) if units else []
        if spec.method.name == "manual":
            top = int(spec.weight * 1000)
            manual[spec.code] = {u: draw(millis(0, top)) for u in present}
        else:
            value = st.one_of(st.none(), millis(-5000, 150000), st.sampled_from([Decimal(0)]))
            raw[spec.code] = {u: RawValue(value=draw(value)) for u in present}
    amounts = st.dictionaries(st.sampled_from(units), cents(0, 1500)) if units else st.just({})
    return Case(
        tree=tree,
        leaves=specs,
        groups=groups,
        raw=raw,
        manual=manual,
        bonus=draw(amounts),
        penalty=draw(amounts),
        bonus_cap=draw(cents(0, 1000)),
        penalty_cap=draw(cents(0, 1000)),
    )


@settings(max_examples=300, deadline=None)
@given(cases())
def test_leaf_points_lie_between_zero_and_the_leaf_maximum_with_two_places(case: Case) -> None:
    for unit in case.score().units:
        for spec in case.leaves:
            points = unit.leaves[spec.code].points
            assert Decimal(0) <= points <= spec.weight
            assert points == points.quantize(CENT)


@settings(max_examples=300, deadline=None)
@given(cases())
def test_total_is_leaf_sum_plus_capped_bonus_minus_capped_penalty(case: Case) -> None:
    for unit in case.score().units:
        assert unit.leaf_sum == sum((s.points for s in unit.leaves.values()), Decimal(0))
        assert unit.bonus == min(case.bonus.get(unit.unit, Decimal(0)), case.bonus_cap)
        assert unit.penalty == min(case.penalty.get(unit.unit, Decimal(0)), case.penalty_cap)
        assert unit.total == unit.leaf_sum + unit.bonus - unit.penalty


@settings(max_examples=300, deadline=None)
@given(cases())
def test_rank_is_one_plus_the_number_of_higher_totals_in_the_group(case: Case) -> None:
    result = case.score()
    for unit in result.units:
        peers = [other for other in result.units if other.group == unit.group]
        assert unit.rank == 1 + sum(other.total > unit.total for other in peers)
        for other in peers:
            assert (unit.total > other.total) == (unit.rank < other.rank)


@settings(max_examples=300, deadline=None)
@given(cases())
def test_a_better_raw_value_never_earns_fewer_points_in_the_same_group(case: Case) -> None:
    result = case.score()
    for spec in case.leaves:
        sign = -1 if spec.method.lower_is_better else 1
        scored = [
            (unit.group, sign * s.raw, s.points)
            for unit in result.units
            if not (s := unit.leaves[spec.code]).when_empty_applied and s.raw is not None
        ]
        for group, value, points in scored:
            for other_group, other_value, other_points in scored:
                if group == other_group and value > other_value and spec.method.name != "manual":
                    assert points >= other_points


def _relabel(case: Case, mapping: dict[int, int]) -> Case:
    return Case(
        tree=case.tree,
        leaves=case.leaves,
        groups={code: [mapping[u] for u in units] for code, units in case.groups.items()},
        raw={code: {mapping[u]: v for u, v in by.items()} for code, by in case.raw.items()},
        manual={code: {mapping[u]: v for u, v in by.items()} for code, by in case.manual.items()},
        bonus={mapping[u]: v for u, v in case.bonus.items()},
        penalty={mapping[u]: v for u, v in case.penalty.items()},
        bonus_cap=case.bonus_cap,
        penalty_cap=case.penalty_cap,
    )


def _results_without_ids(result: PeriodResult) -> list[str]:
    rows = []
    for row in result.to_canonical()["units"]:
        del row["unit"]
        rows.append(json.dumps(row, sort_keys=True))
    return sorted(rows)


@settings(max_examples=200, deadline=None)
@given(case=cases(), data=st.data())
def test_relabelling_unit_ids_keeps_the_multiset_of_results(
    case: Case, data: st.DataObject
) -> None:
    units = sorted(u for members in case.groups.values() for u in members)
    new_ids = data.draw(
        st.lists(st.integers(1, 10**9), min_size=len(units), max_size=len(units), unique=True)
    )
    relabelled = _relabel(case, dict(zip(units, new_ids, strict=True)))
    assert _results_without_ids(relabelled.score()) == _results_without_ids(case.score())


@settings(max_examples=200, deadline=None)
@given(cases())
def test_same_inputs_give_byte_identical_canonical_json(case: Case) -> None:
    reordered = Case(
        tree=case.tree,
        leaves=case.leaves,
        groups={code: list(reversed(units)) for code, units in reversed(case.groups.items())},
        raw={code: dict(reversed(by.items())) for code, by in reversed(case.raw.items())},
        manual={code: dict(reversed(by.items())) for code, by in case.manual.items()},
        bonus=dict(reversed(case.bonus.items())),
        penalty=dict(reversed(case.penalty.items())),
        bonus_cap=case.bonus_cap,
        penalty_cap=case.penalty_cap,
    )
    first = case.score().to_canonical_json()
    assert case.score().to_canonical_json() == first
    assert reordered.score().to_canonical_json() == first


_RATIONALS = st.fractions(min_value=-1000, max_value=1000, max_denominator=10_000)


@settings(max_examples=300, deadline=None)
@given(
    values=st.dictionaries(st.integers(1, 10_000), _RATIONALS, max_size=20),
    maximum=st.fractions(min_value=Fraction(1, 100), max_value=100, max_denominator=100),
    target=cents(1, 100_000),
    lower_is_better=st.booleans(),
)
def test_the_target_method_is_m_times_the_clamped_ratio_exactly(
    values: dict[int, Fraction], maximum: Fraction, target: Decimal, lower_is_better: bool
) -> None:
    goal = Fraction(*target.as_integer_ratio())

    def clamp(value: Fraction) -> Fraction:
        return max(Fraction(0), min(maximum, value))

    expected = {
        unit: (maximum if r <= 0 else clamp(maximum * goal / r))
        if lower_is_better
        else clamp(maximum * r / goal)
        for unit, r in values.items()
    }

    assert score_target(values, maximum, {"target": target}, lower_is_better) == expected


@settings(max_examples=300, deadline=None)
@given(
    spec=leaves("L").filter(lambda leaf: leaf.method.name in DISTINCT_VALUE_METHODS),
    values=st.dictionaries(
        st.integers(1, 10_000), st.sampled_from([Fraction(n, 4) for n in range(-8, 40)])
    ),
)
def test_a_distinct_value_method_scores_a_value_alike_however_many_units_hold_it(
    spec: LeafSpec, values: dict[int, Fraction]
) -> None:
    # The engine scores each distinct value of a group once for these methods; that is only
    # right if a unit's points do not depend on how many others share its value.
    method = METHODS[spec.method.name]
    maximum = Fraction(*spec.weight.as_integer_ratio())
    params, lower = flatten_tree([spec]).params["L"], spec.method.lower_is_better
    holder = {value: unit for unit, value in sorted(values.items())}
    once = method({unit: value for value, unit in holder.items()}, maximum, params, lower)
    assert method(values, maximum, params, lower) == {
        unit: once[holder[value]] for unit, value in values.items()
    }
