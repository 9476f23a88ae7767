"""Totals, bonus and penalty caps, dimension subtotals, ranks, canonical output, input checks."""

from __future__ import annotations

import decimal
import json
from decimal import Decimal

import pytest

from zhengxian.engine.compute import PeriodResult, ScoringError
from zhengxian.engine.types import DimensionSpec, LeafSpec, RawValue, RecordSet

from .builders import dimension, leaf, score, values

D = Decimal


def _fmt(value: Decimal) -> str:
    return f"{value:f}"


# --- totals, caps, subtotals --------------------------------------------------------------


def test_total_is_leaf_sum_plus_bonus_minus_penalty() -> None:
    tree = [leaf("a", params={"target": 1}), leaf("b", params={"target": 1})]
    raw = {"a": values(u1="0.5"), "b": values(u1="0.25")}  # 5.00 + 2.50
    result = score(tree, groups={"g": [1]}, raw=raw, bonus={1: D("1.5")}, penalty={1: D("0.25")})
    unit = result.unit(1)
    assert list(map(_fmt, (unit.leaf_sum, unit.bonus, unit.penalty, unit.total))) == [
        "7.50",
        "1.5",
        "0.25",
        "8.75",
    ]


def test_bonus_is_capped_and_the_claimed_sum_is_kept() -> None:
    result = score([leaf()], groups={"g": [1]}, bonus={1: D("7")}, bonus_cap="3")
    unit = result.unit(1)  # no data → full 10
    assert (unit.bonus_claimed, unit.bonus, _fmt(unit.total)) == (D("7"), D("3"), "13.00")


def test_penalty_is_capped_and_the_claimed_sum_is_kept() -> None:
    result = score([leaf()], groups={"g": [1]}, penalty={1: D("9")}, penalty_cap="4")
    unit = result.unit(1)
    assert (unit.penalty_claimed, unit.penalty, _fmt(unit.total)) == (D("9"), D("4"), "6.00")


def test_bonus_and_penalty_under_their_caps_apply_in_full() -> None:
    result = score([leaf()], groups={"g": [1]}, bonus={1: D("2")}, penalty={1: D("1")})
    assert _fmt(result.unit(1).total) == "11.00"


def test_zero_caps_switch_bonus_and_penalty_off() -> None:
    result = score(
        [leaf()],
        groups={"g": [1]},
        bonus={1: D("2")},
        penalty={1: D("1")},
        bonus_cap="0",
        penalty_cap="0",
    )
    assert _fmt(result.unit(1).total) == "10.00"


def test_total_may_go_negative_when_the_penalty_exceeds_the_leaf_sum() -> None:
    result = score(
        [leaf(when_empty="zero")], groups={"g": [1]}, penalty={1: D("3")}, penalty_cap="5"
    )
    assert _fmt(result.unit(1).total) == "-3.00"


def test_dimension_subtotal_sums_rounded_leaf_points_without_rounding_again() -> None:
    # each leaf is 10/3 = 3.333… → 3.33; the subtotal is 9.99, not round(10.00)
    tree = [
        dimension(
            "D",
            leaf("a", params={"target": 3}),
            leaf("b", params={"target": 3}),
            leaf("c", params={"target": 3}),
        )
    ]
    raw = {code: values(u1="1") for code in "abc"}
    unit = score(tree, groups={"g": [1]}, raw=raw).unit(1)
    assert (_fmt(unit.dimensions["D"]), _fmt(unit.leaf_sum), _fmt(unit.total)) == (
        "9.99",
        "9.99",
        "9.99",
    )


def test_nested_dimensions_each_get_a_subtotal() -> None:
    inner = dimension("inner", leaf("a", weight="4"), leaf("b", weight="6", when_empty="zero"))
    tree: list[DimensionSpec | LeafSpec] = [
        dimension("outer", inner, leaf("c", weight="5")),
        leaf("top", weight="2"),
    ]
    unit = score(tree, groups={"g": [1]}).unit(1)
    assert {code: _fmt(v) for code, v in unit.dimensions.items()} == {
        "inner": "4.00",
        "outer": "9.00",
    }
    assert list(unit.leaves) == ["a", "b", "c", "top"]
    assert _fmt(unit.total) == "11.00"


def test_leaf_score_keeps_raw_numerator_denominator_method_and_sorted_evidence() -> None:
    raw = {
        "L": {
            1: RawValue(
                value=D("0.75"),
                numerator=D(3),
                denominator=D(4),
                evidence=("matters.matter:9", "matters.matter:10"),
            )
        }
    }
    spec = leaf(params={"target": "0.8"})
    leaf_score = score([spec], groups={"g": [1]}, raw=raw).unit(1).leaves["L"]
    assert leaf_score.raw == D("0.75")
    assert (leaf_score.numerator, leaf_score.denominator) == (D(3), D(4))
    assert (leaf_score.method, leaf_score.params) == ("target", {"target": D("0.8")})
    assert leaf_score.evidence == ("matters.matter:10", "matters.matter:9")
    assert _fmt(leaf_score.points) == "9.38"  # 10 × 0.75 / 0.8 = 9.375 → half up


# --- ranks --------------------------------------------------------------------------------


def _ranks(result: PeriodResult, *units: int) -> list[int]:
    return [result.unit(u).rank for u in units]


def test_ranks_are_competition_ranks_on_the_total() -> None:
    spec = leaf(params={"target": 100}, weight="100")
    raw = {"L": values(u1="90", u2="85", u3="85", u4="80")}
    result = score([spec], groups={"g": [1, 2, 3, 4]}, raw=raw)
    assert _ranks(result, 1, 2, 3, 4) == [1, 2, 2, 4]


def test_ranks_count_bonus_and_penalty() -> None:
    spec = leaf(params={"target": 100}, weight="100")
    raw = {"L": values(u1="90", u2="89")}
    result = score([spec], groups={"g": [1, 2]}, raw=raw, bonus={2: D(2)}, penalty={1: D("0.5")})
    assert _ranks(result, 1, 2) == [2, 1]


def test_ranks_are_computed_within_each_group() -> None:
    spec = leaf(params={"target": 100}, weight="100")
    raw = {"L": values(u1="10", u2="20", u3="90", u4="80")}
    result = score([spec], groups={"offices": [3, 4], "communities": [1, 2]}, raw=raw)
    assert _ranks(result, 1, 2, 3, 4) == [2, 1, 1, 2]
    assert [u.unit for u in result.ranking("offices")] == [3, 4]
    assert {u.group for u in result.units} == {"offices", "communities"}


def test_a_single_unit_ranks_first() -> None:
    assert score([leaf()], groups={"g": [5]}).unit(5).rank == 1


def test_an_empty_group_scores_nothing_and_other_groups_are_unaffected() -> None:
    result = score([leaf()], groups={"empty": [], "g": [1]})
    assert [u.unit for u in result.units] == [1]
    assert result.ranking("empty") == ()


def test_no_groups_give_an_empty_result() -> None:
    result = score([leaf()], groups={})
    assert result.units == ()
    assert result.to_canonical()["units"] == []


def test_raw_values_of_units_outside_every_group_are_ignored() -> None:
    result = score(
        [leaf(method="relative")],
        groups={"g": [1, 2]},
        raw={"L": values(u1="1", u2="2", u99="1000")},
    )
    assert [u.unit for u in result.units] == [1, 2]
    assert _fmt(result.unit(2).leaves["L"].points) == "10.00"


def test_each_leaf_score_carries_its_explanation_field_by_field() -> None:
    # The engine builds leaf scores positionally (a province makes 250,000): every field
    # must land where the score card and the stored explanation read it.
    records = RecordSet("test", {}, "matters.visit", count=3, id_sum=12)
    spec = leaf("L", "target", weight="8", lower_is_better=True, when_empty="zero")
    found = RawValue(value=D("0.5"), numerator=D(1), denominator=D(2), records=records)
    result = score([spec], groups={"g": [1, 2]}, raw={"L": {1: found}})
    scored, empty = result.unit(1).leaves["L"], result.unit(2).leaves["L"]
    assert (scored.leaf, scored.maximum, scored.raw) == ("L", D(8), D("0.5"))
    assert (scored.numerator, scored.denominator, scored.records) == (D(1), D(2), records)
    assert (scored.method, scored.lower_is_better, scored.when_empty) == ("target", True, "zero")
    assert scored.params == {"target": D(1)} and scored.evidence == ()
    assert (scored.when_empty_applied, scored.overridden) == (False, False)
    assert (empty.points, empty.raw, empty.when_empty_applied) == (D("0.00"), None, True)
    assert (empty.numerator, empty.denominator, empty.records) == (None, None, None)


# --- canonical output ---------------------------------------------------------------------


def test_canonical_form_has_two_place_point_strings_and_units_in_id_order() -> None:
    tree = [dimension("D", leaf("L", params={"target": 2}))]
    result = score(
        tree, groups={"z": [10], "a": [2]}, raw={"L": values(u10="1", u2="2")}, bonus={2: D(1)}
    )
    canonical = result.to_canonical()
    assert [u["unit"] for u in canonical["units"]] == [2, 10]
    assert canonical["units"][1] == {
        "unit": 10,
        "group": "z",
        "rank": 1,
        "total": "5.00",
        "leaf_sum": "5.00",
        "bonus_claimed": "0.00",
        "bonus": "0.00",
        "penalty_claimed": "0.00",
        "penalty": "0.00",
        "dimensions": {"D": "5.00"},
        "leaves": {
            "L": {
                "points": "5.00",
                "maximum": "10.00",
                "raw": "1",
                "numerator": None,
                "denominator": None,
                "method": "target",
                "params": {"target": "2"},
                "lower_is_better": False,
                "when_empty": "full",
                "when_empty_applied": False,
                "evidence": [],
                "overridden": False,
            }
        },
    }
    assert canonical["units"][0]["bonus"] == "1.00"
    assert (canonical["bonus_cap"], canonical["penalty_cap"]) == ("5.00", "5.00")


def test_canonical_json_is_compact_sorted_and_round_trips() -> None:
    result = score([leaf("指标")], groups={"社区组": [1]})
    text = result.to_canonical_json()
    assert json.loads(text) == result.to_canonical()
    assert text == json.dumps(
        json.loads(text), sort_keys=True, ensure_ascii=False, separators=(",", ":")
    )
    assert "社区组" in text


def test_canonical_json_does_not_depend_on_mapping_insertion_order() -> None:
    tree = [leaf("a", method="rank"), leaf("b", method="relative")]
    raw_1 = {"a": values(u1="1", u2="2", u3="2"), "b": values(u3="5", u1="4")}
    raw_2 = {"b": values(u1="4", u3="5"), "a": values(u3="2", u2="2", u1="1")}
    one = score(tree, groups={"x": [3, 1], "y": [2]}, raw=raw_1, bonus={2: D(1), 1: D(2)})
    two = score(tree, groups={"y": [2], "x": [1, 3]}, raw=raw_2, bonus={1: D(2), 2: D(1)})
    assert one.to_canonical_json() == two.to_canonical_json()


def test_results_do_not_depend_on_the_callers_decimal_context() -> None:
    tree = [leaf(params={"target": 3})]
    expected = score(tree, groups={"g": [1]}, raw={"L": values(u1="1")}).to_canonical_json()
    with decimal.localcontext() as context:
        context.prec = 2
        context.rounding = decimal.ROUND_DOWN
        got = score(tree, groups={"g": [1]}, raw={"L": values(u1="1")}).to_canonical_json()
    assert got == expected


# --- input checks -------------------------------------------------------------------------


def test_rejects_a_unit_in_two_groups() -> None:
    with pytest.raises(ScoringError, match="unit 1 is in group 'b' also in 'a'"):
        score([leaf()], groups={"a": [1], "b": [1]})


def test_rejects_a_unit_listed_twice_in_one_group() -> None:
    with pytest.raises(ScoringError, match="twice"):
        score([leaf()], groups={"a": [1, 1]})


def test_rejects_a_non_integer_unit_id() -> None:
    with pytest.raises(ScoringError, match="not an int"):
        score([leaf()], groups={"a": ["1"]})  # type: ignore[list-item]


@pytest.mark.parametrize("kind", ["bonus", "penalty"])
def test_rejects_bonus_or_penalty_for_a_unit_in_no_group(kind: str) -> None:
    with pytest.raises(ScoringError, match="in no competition group"):
        score([leaf()], groups={"g": [1]}, **{kind: {2: D(1)}})  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("amount", "message"),
    [(D("-1"), "negative"), (D("0.005"), "more than 2 decimal places"), (1, "expected a Decimal")],
)
def test_rejects_bad_bonus_amounts(amount: object, message: str) -> None:
    with pytest.raises(ScoringError, match=message):
        score([leaf()], groups={"g": [1]}, bonus={1: amount})  # type: ignore[dict-item]


def test_rejects_a_negative_cap() -> None:
    with pytest.raises(ScoringError, match="penalty cap is negative"):
        score([leaf()], groups={"g": [1]}, penalty_cap="-1")


def test_rejects_raw_values_for_an_unknown_leaf() -> None:
    with pytest.raises(ScoringError, match="unknown leaf 'nope'"):
        score([leaf()], groups={"g": [1]}, raw={"nope": values(u1="1")})


def test_rejects_a_float_raw_value() -> None:
    with pytest.raises(ScoringError, match="expected a Decimal, got float"):
        score([leaf()], groups={"g": [1]}, raw={"L": {1: RawValue(value=0.5)}})  # type: ignore[arg-type]


def test_rejects_a_raw_entry_that_is_not_a_raw_value() -> None:
    with pytest.raises(ScoringError, match="expected a RawValue"):
        score([leaf()], groups={"g": [1]}, raw={"L": {1: D(1)}})  # type: ignore[dict-item]


def test_rejects_a_dimension_whose_weight_is_not_the_sum_of_its_children() -> None:
    bad = DimensionSpec(code="D", name="D", weight=D(11), children=(leaf(),))
    with pytest.raises(ScoringError, match="dimension 'D' weighs 11 but its children weigh 10"):
        score([bad], groups={"g": [1]})


def test_rejects_a_dimension_without_children() -> None:
    with pytest.raises(ScoringError, match="no children"):
        score([DimensionSpec(code="D", name="D", weight=D(0), children=())], groups={"g": [1]})


def test_rejects_a_code_used_twice_in_the_tree() -> None:
    with pytest.raises(ScoringError, match="more than once"):
        score([leaf("x"), dimension("D", leaf("x"))], groups={"g": [1]})


@pytest.mark.parametrize("weight", ["-1", "2.345"])
def test_rejects_a_leaf_weight_that_is_negative_or_finer_than_cents(weight: str) -> None:
    with pytest.raises(ScoringError, match="at most 2 decimal places"):
        score([leaf(weight=weight)], groups={"g": [1]})


def test_rejects_an_unknown_method_or_when_empty_rule() -> None:
    with pytest.raises(ScoringError, match="unknown method 'median'"):
        score([leaf(method="median")], groups={"g": [1]})  # type: ignore[arg-type]
    with pytest.raises(ScoringError, match="unknown when_empty 'half'"):
        score([leaf(when_empty="half")], groups={"g": [1]})  # type: ignore[arg-type]


def test_scoring_error_is_a_value_error() -> None:
    assert issubclass(ScoringError, ValueError)


def test_an_appeal_override_replaces_only_that_units_leaf_points_and_keeps_the_explanation():
    from decimal import Decimal as D

    from zhengxian.engine.compute import score_period
    from zhengxian.engine.types import DimensionSpec, LeafSpec, MethodSpec, RawValue

    leaf = LeafSpec(
        code="on-time",
        name="on time",
        weight=D(10),
        source="s",
        method=MethodSpec(name="target", params={"target": D(1)}),
    )
    tree = [DimensionSpec(code="d", name="d", weight=D(10), children=(leaf,))]
    raw = {"on-time": {1: RawValue(D("0.5"), D(1), D(2), ("m:1",)), 2: RawValue(D("0.8"))}}
    result = score_period(
        tree=tree,
        groups={"g": [1, 2]},
        raw=raw,
        manual={},
        bonus={},
        penalty={},
        bonus_cap=D(0),
        penalty_cap=D(0),
        overrides={"on-time": {1: D("9.5")}},
    )
    first = result.unit(1).leaves["on-time"]
    assert first.points == D("9.50") and first.overridden and first.raw == D("0.5")
    assert first.evidence == ("m:1",)
    assert result.unit(2).leaves["on-time"].points == D("8.00")
    assert result.unit(1).rank == 1 and result.unit(1).total == D("9.50")
