"""Each method and the when_empty rule, with numbers worked out by hand."""

from __future__ import annotations

from decimal import Decimal

import pytest

from zhengxian.engine.compute import ScoringError
from zhengxian.engine.types import RawValue, WhenEmpty

from .builders import leaf, points, score, score_leaf, values

D = Decimal

# --- target -------------------------------------------------------------------------------


def test_target_gives_max_times_ratio_to_target() -> None:
    spec = leaf(params={"target": "0.9"})  # M = 10
    assert score_leaf(spec, values(u1="0.45", u2="0.9", u3="0")) == {
        1: "5.00",
        2: "10.00",
        3: "0.00",
    }


def test_target_clamps_above_target_to_max_and_below_zero_to_zero() -> None:
    spec = leaf(params={"target": "0.9"})
    assert score_leaf(spec, values(u1="1.2", u2="-3")) == {1: "10.00", 2: "0.00"}


def test_target_rounds_half_up_at_the_leaf() -> None:
    # 10 × 0.938 / 4 = 2.345 exactly → 2.35 (half-even would give 2.34)
    spec = leaf(params={"target": "4"})
    assert score_leaf(spec, values(u1="0.938")) == {1: "2.35"}


def test_target_rounds_repeating_fractions_to_two_places() -> None:
    spec = leaf(params={"target": "3"})  # 10/3 and 20/3
    assert score_leaf(spec, values(u1="1", u2="2")) == {1: "3.33", 2: "6.67"}


def test_target_lower_is_better_gives_max_times_target_over_value() -> None:
    spec = leaf(params={"target": "5"}, lower_is_better=True)
    assert score_leaf(spec, values(u1="10", u2="5", u3="4", u4="8")) == {
        1: "5.00",
        2: "10.00",
        3: "10.00",
        4: "6.25",
    }


def test_target_lower_is_better_gives_max_for_zero_value() -> None:
    spec = leaf(params={"target": "5"}, lower_is_better=True)
    assert score_leaf(spec, values(u1="0")) == {1: "10.00"}


def test_target_accepts_int_and_string_targets_and_keeps_them_as_decimals() -> None:
    for given in (2, "2", D("2")):
        result = score(
            [leaf(params={"target": given})], groups={"g": [1]}, raw={"L": values(u1="1")}
        )
        assert result.unit(1).leaves["L"].params == {"target": D("2")}
        assert points(result, "L") == {1: "5.00"}


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"target": 0}, "greater than 0"),
        ({"target": "-1"}, "greater than 0"),
        ({"target": 0.9}, "float"),
        ({"target": "ninety"}, "not a number"),
        ({"target": "NaN"}, "not a finite number"),
        ({}, "missing parameter"),
        ({"target": 1, "goal": 2}, "unknown parameter"),
    ],
)
def test_target_rejects_bad_parameters(params: dict[str, object], message: str) -> None:
    with pytest.raises(ScoringError, match=message):
        score([leaf(params=params)], groups={"g": [1]})


# --- relative -----------------------------------------------------------------------------


def test_relative_scales_between_group_low_and_high() -> None:
    spec = leaf(method="relative")
    assert score_leaf(spec, values(u1="2", u2="5", u3="8", u4="3")) == {
        1: "0.00",
        2: "5.00",
        3: "10.00",
        4: "1.67",
    }


def test_relative_gives_max_to_all_when_all_values_equal() -> None:
    spec = leaf(method="relative")
    assert score_leaf(spec, values(u1="4", u2="4")) == {1: "10.00", 2: "10.00"}


def test_relative_gives_max_to_a_single_unit() -> None:
    assert score_leaf(leaf(method="relative"), values(u1="0")) == {1: "10.00"}


def test_relative_lower_is_better_inverts_the_scale() -> None:
    spec = leaf(method="relative", lower_is_better=True)
    assert score_leaf(spec, values(u1="2", u2="5", u3="8")) == {
        1: "10.00",
        2: "5.00",
        3: "0.00",
    }


def test_relative_excludes_units_without_data_from_low_and_high() -> None:
    spec = leaf(method="relative", when_empty="zero")
    # unit 2 has value None and unit 4 no entry: lo = 4, hi = 8 from units 1 and 3 only
    raw = values(u1="4", u2=None, u3="8")
    assert score_leaf(spec, raw, units=[1, 2, 3, 4]) == {
        1: "0.00",
        2: "0.00",
        3: "10.00",
        4: "0.00",
    }


def test_relative_compares_within_each_group_only() -> None:
    spec = leaf(method="relative")
    raw = values(u1="1", u2="3", u3="100", u4="200")
    result = score([spec], groups={"a": [1, 2], "b": [3, 4]}, raw={"L": raw})
    assert points(result, "L") == {1: "0.00", 2: "10.00", 3: "0.00", 4: "10.00"}


def test_relative_rejects_parameters() -> None:
    with pytest.raises(ScoringError, match="unknown parameter"):
        score([leaf(method="relative", params={"lo": 0})], groups={"g": [1]})


# --- rank ---------------------------------------------------------------------------------


def test_rank_uses_competition_ranks_for_ties() -> None:
    # 9, 7, 7, 3 → ranks 1, 2, 2, 4 of n = 4 → 12 × 3/3, 12 × 2/3, 12 × 2/3, 12 × 0/3
    spec = leaf(method="rank", weight="12")
    assert score_leaf(spec, values(u1="9", u2="7", u3="7", u4="3")) == {
        1: "12.00",
        2: "8.00",
        3: "8.00",
        4: "0.00",
    }


def test_rank_rounds_each_step_half_up() -> None:
    spec = leaf(method="rank")  # ranks 1..4 of 4 → 10, 6.666…, 3.333…, 0
    assert score_leaf(spec, values(u1="4", u2="3", u3="2", u4="1")) == {
        1: "10.00",
        2: "6.67",
        3: "3.33",
        4: "0.00",
    }


def test_rank_gives_max_to_a_single_unit() -> None:
    assert score_leaf(leaf(method="rank"), values(u7="0")) == {7: "10.00"}


def test_rank_gives_max_to_all_when_everyone_ties() -> None:
    assert score_leaf(leaf(method="rank"), values(u1="5", u2="5")) == {1: "10.00", 2: "10.00"}


def test_rank_lower_is_better_ranks_the_smallest_value_first() -> None:
    spec = leaf(method="rank", weight="12", lower_is_better=True)
    assert score_leaf(spec, values(u1="3", u2="7", u3="7", u4="9")) == {
        1: "12.00",
        2: "8.00",
        3: "8.00",
        4: "0.00",
    }


def test_rank_excludes_units_without_data_from_n() -> None:
    spec = leaf(method="rank", when_empty="zero")
    # n = 3 (unit 4 has no data): ranks 1, 2, 3 → 10, 5, 0
    assert score_leaf(spec, values(u1="9", u2="7", u3="3"), units=[1, 2, 3, 4]) == {
        1: "10.00",
        2: "5.00",
        3: "0.00",
        4: "0.00",
    }


# --- bands --------------------------------------------------------------------------------

BANDS = {
    "bands": [
        {"min": "90", "points": "10"},
        {"min": "80", "points": "6"},
        {"min": "60", "points": "2.5"},
    ]
}


def test_bands_give_the_points_of_the_first_threshold_reached() -> None:
    spec = leaf(method="bands", params=BANDS)
    assert score_leaf(spec, values(u1="95", u2="85", u3="70", u4="10")) == {
        1: "10.00",
        2: "6.00",
        3: "2.50",
        4: "0.00",
    }


def test_bands_count_a_value_equal_to_a_minimum_as_reached() -> None:
    spec = leaf(method="bands", params=BANDS)
    assert score_leaf(spec, values(u1="90", u2="89.99", u3="80", u4="60", u5="59.99")) == {
        1: "10.00",
        2: "6.00",
        3: "6.00",
        4: "2.50",
        5: "0.00",
    }


def test_bands_lower_is_better_use_maximums_reached_when_value_is_at_most_max() -> None:
    params = {"bands": [{"max": 0, "points": 10}, {"max": 2, "points": 5}]}
    spec = leaf(method="bands", params=params, lower_is_better=True)
    assert score_leaf(spec, values(u1="0", u2="1", u3="2", u4="2.01")) == {
        1: "10.00",
        2: "5.00",
        3: "5.00",
        4: "0.00",
    }


@pytest.mark.parametrize(
    ("params", "lower_is_better", "message"),
    [
        ({"bands": []}, False, "non-empty list"),
        ({"bands": "90:10"}, False, "non-empty list"),
        ({"bands": [{"min": 80, "points": 5}, {"min": 90, "points": 4}]}, False, "strictly fall"),
        ({"bands": [{"min": 80, "points": 5}, {"min": 80, "points": 4}]}, False, "strictly fall"),
        ({"bands": [{"min": 90, "points": 4}, {"min": 80, "points": 5}]}, False, "must not rise"),
        ({"bands": [{"min": 90, "points": 11}]}, False, r"outside 0 … 10"),
        ({"bands": [{"min": 90, "points": -1}]}, False, r"outside 0 … 10"),
        ({"bands": [{"min": 90}]}, False, "exactly the keys"),
        ({"bands": [{"min": 90, "points": 5}]}, True, "use 'max'"),
        ({"bands": [{"max": 2, "points": 5}, {"max": 1, "points": 4}]}, True, "strictly rise"),
        ({"bands": [{"min": 90.5, "points": 5}]}, False, "float"),
        ({"bands": ["90"]}, False, "expected a mapping"),
    ],
)
def test_bands_reject_malformed_thresholds(
    params: dict[str, object], lower_is_better: bool, message: str
) -> None:
    spec = leaf(method="bands", params=params, lower_is_better=lower_is_better)
    with pytest.raises(ScoringError, match=message):
        score([spec], groups={"g": [1]})


# --- manual -------------------------------------------------------------------------------


def test_manual_gives_the_evaluators_points_rounded_half_up() -> None:
    spec = leaf(method="manual")
    result = score([spec], groups={"g": [1, 2]}, manual={"L": {1: D("7.5"), 2: D("2.345")}})
    assert points(result, "L") == {1: "7.50", 2: "2.35"}
    assert result.unit(1).leaves["L"].raw == D("7.5")


def test_manual_without_an_entry_follows_when_empty() -> None:
    manual = {"L": {1: D("4"), 2: D("7")}}
    cases: list[tuple[WhenEmpty, str]] = [
        ("full", "10.00"),
        ("zero", "0.00"),
        ("group_mean", "5.50"),
    ]
    for rule, expected in cases:
        result = score(
            [leaf(method="manual", when_empty=rule)], groups={"g": [1, 2, 3]}, manual=manual
        )
        assert points(result, "L")[3] == expected
        assert result.unit(3).leaves["L"].when_empty_applied


def test_manual_rejects_points_outside_zero_to_max() -> None:
    with pytest.raises(ScoringError, match=r"outside 0 … 10"):
        score([leaf(method="manual")], groups={"g": [1]}, manual={"L": {1: D("10.01")}})
    with pytest.raises(ScoringError, match=r"outside 0 … 10"):
        score([leaf(method="manual")], groups={"g": [1]}, manual={"L": {1: D("-1")}})


def test_manual_rejects_points_for_a_leaf_that_is_not_manual() -> None:
    with pytest.raises(ScoringError, match="not a manual leaf"):
        score([leaf()], groups={"g": [1]}, manual={"L": {1: D("5")}})


def test_manual_rejects_lower_is_better() -> None:
    with pytest.raises(ScoringError, match="lower_is_better does not apply"):
        score([leaf(method="manual", lower_is_better=True)], groups={"g": [1]})


def test_manual_ignores_a_raw_value_but_keeps_its_evidence() -> None:
    raw = {"L": {1: RawValue(value=D("1"), evidence=("assessment:9",))}}
    result = score([leaf(method="manual")], groups={"g": [1]}, raw=raw, manual={"L": {1: D("6")}})
    score_ = result.unit(1).leaves["L"]
    assert (f"{score_.points:f}", score_.raw, score_.evidence) == (
        "6.00",
        D("6"),
        ("assessment:9",),
    )


# --- when_empty ---------------------------------------------------------------------------


def test_when_empty_full_is_the_default_and_gives_max() -> None:
    result = score([leaf()], groups={"g": [1, 2]}, raw={"L": values(u1="0.5")})
    unit = result.unit(2).leaves["L"]
    assert (f"{unit.points:f}", unit.raw, unit.when_empty, unit.when_empty_applied) == (
        "10.00",
        None,
        "full",
        True,
    )
    assert not result.unit(1).leaves["L"].when_empty_applied


def test_when_empty_zero_gives_zero() -> None:
    spec = leaf(when_empty="zero")
    assert score_leaf(spec, values(u1="0.5", u2=None)) == {1: "5.00", 2: "0.00"}


def test_when_empty_group_mean_averages_rounded_points_and_rounds_half_up() -> None:
    # units 1, 2 score 2.35 and 2.34; their mean 2.345 rounds up to 2.35
    spec = leaf(when_empty="group_mean")
    assert score_leaf(spec, values(u1="0.235", u2="0.234"), units=[1, 2, 3]) == {
        1: "2.35",
        2: "2.34",
        3: "2.35",
    }


def test_when_empty_group_mean_uses_only_the_units_own_group() -> None:
    spec = leaf(when_empty="group_mean")
    raw = values(u1="0.2", u3="0.8")
    result = score([spec], groups={"a": [1, 2], "b": [3, 4]}, raw={"L": raw})
    assert points(result, "L") == {1: "2.00", 2: "2.00", 3: "8.00", 4: "8.00"}


def test_when_empty_group_mean_gives_max_when_no_unit_of_the_group_has_data() -> None:
    spec = leaf(when_empty="group_mean", weight="7.5")
    assert score_leaf(spec, {}, units=[1, 2]) == {1: "7.50", 2: "7.50"}


def test_when_empty_group_mean_with_relative_method() -> None:
    # relative points 0, 10, 5 → mean 5; unit 4 has no data
    spec = leaf(method="relative", when_empty="group_mean")
    raw = values(u1="0", u2="10", u3="5")
    assert score_leaf(spec, raw, units=[1, 2, 3, 4])[4] == "5.00"


def test_no_data_keeps_numerator_and_denominator_for_the_explanation() -> None:
    raw = {"L": {1: RawValue(value=None, numerator=D(0), denominator=D(0))}}
    leaf_score = score([leaf()], groups={"g": [1]}, raw=raw).unit(1).leaves["L"]
    assert (leaf_score.numerator, leaf_score.denominator, leaf_score.when_empty_applied) == (
        D(0),
        D(0),
        True,
    )
