"""Exactness: multiply before dividing, exact halves kept, one half-up rounding, and results
that never depend on the caller's decimal context. Checked by hand and against a reference
written with Fractions (hypothesis)."""

from __future__ import annotations

import decimal
import math
from collections.abc import Mapping, Sequence
from decimal import Decimal
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from zhengxian.engine.types import LeafSpec, MethodName, RawValue, WhenEmpty

from .builders import leaf, score, score_leaf, values
from .test_engine_properties import Case, cases

D = Decimal


def rate(numerator: int, denominator: int) -> RawValue:
    """A rate as a source gives it: the 28-digit quotient and its exact parts."""
    with decimal.localcontext(decimal.Context(prec=28)):
        value = D(numerator) / D(denominator)
    return RawValue(value=value, numerator=D(numerator), denominator=D(denominator))


# --- by hand ------------------------------------------------------------------------------


def test_target_lower_is_better_multiplies_before_dividing() -> None:
    # 3 × 5 / 24 = 0.625 exactly → 0.63; 3 × (5 / 24) with 28 digits is 0.6249… → 0.62
    spec = leaf(weight="3", params={"target": "5"}, lower_is_better=True)
    assert score_leaf(spec, values(u1="24")) == {1: "0.63"}


def test_target_keeps_an_exact_half_when_the_operands_have_many_digits() -> None:
    # 3.55 × 0.8672854960784374344311535159 / 3.364878154184101521563491783 is exactly
    # 0.915; the product needs more than 28 digits, so a Decimal product rounds it below.
    spec = leaf(weight="3.55", params={"target": "3.364878154184101521563491783"})
    assert score_leaf(spec, values(u1="0.8672854960784374344311535159")) == {1: "0.92"}


def test_a_rate_is_scored_from_its_exact_numerator_and_denominator() -> None:
    # r = 1/3, M = 3, target 8: 3 × (1/3) / 8 = 0.125 → 0.13; from 0.333…3 it would be 0.12
    spec = leaf(weight="3", params={"target": "8"})
    assert score_leaf(spec, {1: rate(1, 3)}) == {1: "0.13"}


def test_relative_keeps_an_exact_half_between_rates() -> None:
    # lo 0, hi 2/3, r 1/3 → M/2; M = 0.25 → 0.125 → 0.13
    spec = leaf(weight="0.25", method="relative")
    raw = {1: rate(0, 3), 2: rate(1, 3), 3: rate(2, 3)}
    assert score_leaf(spec, raw) == {1: "0.00", 2: "0.13", 3: "0.25"}


def test_a_value_that_differs_from_numerator_over_denominator_is_taken_as_given() -> None:
    # a source that reports a rounded value: the value decides, not n/d
    spec = leaf(weight="10", params={"target": "1"})
    raw = {1: RawValue(value=D("0.5"), numerator=D(1), denominator=D(3))}
    assert score_leaf(spec, raw) == {1: "5.00"}


def test_a_callers_low_precision_or_rounding_changes_no_result() -> None:
    tree = [
        leaf("A", weight="3", params={"target": "5"}, lower_is_better=True),
        leaf("B", weight="3.55", params={"target": "3.364878154184101521563491783"}),
        leaf("C", weight="3", params={"target": "8"}),
        leaf("E", method="relative", weight="0.25", when_empty="group_mean"),
    ]
    raw = {
        "A": values(u1="24", u2="7"),
        "B": values(u1="0.8672854960784374344311535159", u2="1.1"),
        "C": {1: rate(1, 3), 2: rate(2, 7)},
        "E": {1: rate(1, 3), 2: rate(2, 3)},
    }

    def run() -> tuple[str, Decimal | None]:
        result = score(tree, groups={"g": [1, 2, 3]}, raw=raw, bonus={1: D("0.01")})
        return result.to_canonical_json(), result.record_share({"E"})

    expected = run()
    for prec, rounding in ((3, decimal.ROUND_DOWN), (28, decimal.ROUND_DOWN), (3, None)):
        with decimal.localcontext() as context:
            context.prec = prec
            if rounding:
                context.rounding = rounding
            assert run() == expected
    assert '"points":"0.63"' in expected[0]


def test_record_share_is_exact_and_rounded_half_up_to_four_places() -> None:
    # points 1 from records out of 8 in all: 0.125 → 0.1250; 1 of 16 → 0.0625
    tree = [leaf("R", weight="1"), leaf("M", method="manual", weight="15")]
    result = score(tree, groups={"g": [1]}, raw={"R": values(u1="1")}, manual={"M": {1: D(15)}})
    assert result.record_share({"M"}) == D("0.0625")
    # 1 of 3 → 0.33333… → 0.3333; 2 of 3 → 0.6667
    tree = [leaf("R", weight="2"), leaf("M", method="manual", weight="1")]
    result = score(tree, groups={"g": [1]}, raw={"R": values(u1="1")}, manual={"M": {1: D(1)}})
    assert result.record_share({"M"}) == D("0.6667")
    assert result.record_share({"R", "M"}) == D("0.0000")


# --- against a reference with Fractions -----------------------------------------------------


def half_up(value: Fraction) -> Fraction:
    """Round to cents, half away from zero, by the definition."""
    cents = value * 100
    whole = math.floor(abs(cents))
    if abs(cents) - whole >= Fraction(1, 2):
        whole += 1
    return Fraction(whole if cents >= 0 else -whole, 100)


def reference_leaf(spec: LeafSpec, by_unit: Mapping[int, Fraction]) -> dict[int, Fraction]:
    """product.md's rules, word for word, in exact arithmetic (units with data only)."""
    m = Fraction(spec.weight)
    lower = spec.method.lower_is_better
    params = spec.method.params
    out: dict[int, Fraction] = {}
    if spec.method.name == "target":
        target = Fraction(params["target"])
        for unit, r in by_unit.items():
            if lower:
                out[unit] = m if r <= 0 else m * min(Fraction(1), max(Fraction(0), target / r))
            else:
                out[unit] = m * min(Fraction(1), max(Fraction(0), r / target))
    elif spec.method.name == "relative":
        lo, hi = min(by_unit.values(), default=0), max(by_unit.values(), default=0)
        for unit, r in by_unit.items():
            if hi == lo:
                out[unit] = m
            else:
                out[unit] = m * ((hi - r) if lower else (r - lo)) / (hi - lo)
    elif spec.method.name == "rank":
        n = len(by_unit)
        for unit, r in by_unit.items():
            better = sum((o < r) if lower else (o > r) for o in by_unit.values())
            k = 1 + better
            out[unit] = m if n == 1 else m * (n - k) / (n - 1)
    elif spec.method.name == "bands":
        for unit, r in by_unit.items():
            reached = [
                Fraction(b["points"])
                for b in params["bands"]
                if (r <= Fraction(b["max"]) if lower else r >= Fraction(b["min"]))
            ]
            out[unit] = reached[0] if reached else Fraction(0)
    else:  # manual
        out = dict(by_unit)
    return {unit: half_up(points) for unit, points in out.items()}


def reference_empty(spec: LeafSpec, scored: Mapping[int, Fraction]) -> Fraction:
    if spec.method.when_empty == "zero":
        return Fraction(0)
    if spec.method.when_empty == "group_mean" and scored:
        return half_up(sum(scored.values(), Fraction(0)) / len(scored))
    return Fraction(spec.weight)


def exact_raw(value: RawValue) -> Fraction | None:
    if value.value is None:
        return None
    if value.numerator is not None and value.denominator:
        return Fraction(value.numerator) / Fraction(value.denominator)
    return Fraction(value.value)


def reference_points(
    spec: LeafSpec,
    groups: Mapping[str, Sequence[int]],
    raw: Mapping[int, RawValue],
    manual: Mapping[int, Decimal],
) -> dict[int, Fraction]:
    points: dict[int, Fraction] = {}
    for members in groups.values():
        by_unit: dict[int, Fraction] = {}
        for unit in members:
            if spec.method.name == "manual":
                if unit in manual:
                    by_unit[unit] = Fraction(manual[unit])
            elif unit in raw and (r := exact_raw(raw[unit])) is not None:
                by_unit[unit] = r
        scored = reference_leaf(spec, by_unit)
        empty = reference_empty(spec, scored)
        points.update({unit: scored.get(unit, empty) for unit in members})
    return points


many_digits = st.builds(
    lambda n, e: Decimal(n).scaleb(-e),
    st.integers(-(10**30), 10**32),
    st.integers(0, 30),
)
positive_many_digits = st.builds(
    lambda n, e: Decimal(n).scaleb(-e), st.integers(1, 10**32), st.integers(0, 30)
)
rates = st.builds(rate, st.integers(0, 500), st.integers(1, 500))
raw_values = st.one_of(
    st.builds(RawValue, value=many_digits),
    rates,
    st.builds(RawValue, value=st.none()),
)


@st.composite
def exact_leaves(draw: st.DrawFn) -> LeafSpec:
    method: MethodName = draw(st.sampled_from(["target", "relative", "rank", "bands"]))
    weight = Decimal(draw(st.integers(0, 5000))).scaleb(-2)
    lower = draw(st.booleans())
    when_empty: WhenEmpty = draw(st.sampled_from(["full", "zero", "group_mean"]))
    params: dict[str, object] = {}
    if method == "target":
        params = {"target": str(draw(positive_many_digits))}
    elif method == "bands":
        thresholds = sorted(
            draw(st.lists(many_digits, min_size=1, max_size=4, unique=True)), reverse=not lower
        )
        cents = sorted(
            draw(st.lists(st.integers(0, int(weight * 100)), min_size=len(thresholds))),
            reverse=True,
        )[: len(thresholds)]
        bound = "max" if lower else "min"
        params = {
            "bands": [
                {bound: str(t), "points": str(Decimal(p).scaleb(-2))}
                for t, p in zip(thresholds, cents, strict=True)
            ]
        }
    return leaf(
        method=method,
        weight=str(weight),
        params=params,
        lower_is_better=lower,
        when_empty=when_empty,
    )


@settings(max_examples=600, deadline=None)
@given(
    spec=exact_leaves(),
    raw=st.dictionaries(st.integers(1, 12), raw_values, min_size=1, max_size=8),
    split=st.integers(0, 12),
)
def test_every_method_matches_the_exact_reference(
    spec: LeafSpec, raw: dict[int, RawValue], split: int
) -> None:
    units = sorted(raw)
    groups = {"a": [u for u in units if u <= split], "b": [u for u in units if u > split]}
    result = score([spec], groups=groups, raw={spec.code: raw})
    expected = reference_points(spec, groups, raw, {})
    got = {unit.unit: Fraction(unit.leaves[spec.code].points) for unit in result.units}
    assert got == expected


@settings(max_examples=300, deadline=None)
@given(cases())
def test_every_leaf_and_total_with_caps_matches_the_exact_reference(case: Case) -> None:
    result = case.score()
    expected_leaves = {
        spec.code: reference_points(
            spec, case.groups, case.raw.get(spec.code, {}), case.manual.get(spec.code, {})
        )
        for spec in case.leaves
    }
    for unit in result.units:
        leaf_sum = Fraction(0)
        for spec in case.leaves:
            points = Fraction(unit.leaves[spec.code].points)
            assert points == expected_leaves[spec.code][unit.unit]
            leaf_sum += points
        bonus = min(Fraction(case.bonus.get(unit.unit, 0)), Fraction(case.bonus_cap))
        penalty = min(Fraction(case.penalty.get(unit.unit, 0)), Fraction(case.penalty_cap))
        assert Fraction(unit.total) == half_up(leaf_sum + bonus - penalty)
        assert Fraction(unit.bonus) == bonus
        assert Fraction(unit.penalty) == penalty
