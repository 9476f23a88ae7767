"""The campaign file: the preset loads and round-trips; every kind of mistake is reported
with its path, and all of them at once. No database, no Django settings needed."""

from __future__ import annotations

import copy
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from zhengxian.campaigns.campaign_file import (
    MAX_FILE_BYTES,
    CampaignFileError,
    CampaignSpec,
    FileProblem,
    GroupSpec,
    Organisation,
    dump_campaign_file,
    load_campaign_file,
    preset_names,
    read_preset,
)
from zhengxian.engine.sources import SourceRegistry, registry
from zhengxian.engine.types import DimensionSpec, LeafSpec, MethodSpec

from .stand_in_sources import BUILT_IN_SOURCES

PRESET = "chengxiang-2023"


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    """Messages in their English ids, even when a Django run has translations active."""
    from django.apps import apps
    from django.conf import settings

    if settings.configured and apps.ready:
        from django.utils import translation

        with translation.override("en"):
            yield
    else:
        yield


@pytest.fixture(autouse=True)
def sources() -> Iterator[SourceRegistry]:
    with registry.register_temporarily(*BUILT_IN_SOURCES):
        yield registry


def base() -> dict[str, Any]:
    """A small valid campaign, as data, for the tests to spoil one key at a time."""
    return {
        "code": "demo-2023",
        "name": "2023年演示活动",
        "year": 2023,
        "start": "2023-01-01",
        "end": "2023-12-31",
        "period": "month",
        "bonus_cap": 5,
        "penalty_cap": 5,
        "groups": [
            {"code": "community", "name": "社区组", "unit_kinds": ["community"]},
            {"code": "office", "name": "科室组", "unit_kinds": ["office"]},
        ],
        "indicators": [
            {
                "code": "d1",
                "name": "维度一",
                "weight": 10,
                "children": [
                    {
                        "code": "l1",
                        "name": "按期办结率",
                        "weight": 6,
                        "source": "matters_closed_on_time",
                        "method": {"name": "target", "params": {"target": 1}},
                    },
                    {
                        "code": "l2",
                        "name": "走访",
                        "weight": 4,
                        "source": "visits_count",
                        "source_params": {"per_cadre": True},
                        "method": "rank",
                    },
                ],
            }
        ],
    }


def to_text(data: dict[str, Any]) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def leaf(data: dict[str, Any], index: int = 0) -> dict[str, Any]:
    return data["indicators"][0]["children"][index]  # type: ignore[no-any-return]


def problems_in(text: str, **kwargs: Any) -> list[FileProblem]:
    with pytest.raises(CampaignFileError) as caught:
        load_campaign_file(text, sources=registry, **kwargs)
    return list(caught.value.problems)


def problems_of(data: dict[str, Any], **kwargs: Any) -> dict[str, str]:
    """Path -> message of every problem (one per path in these tests)."""
    return {problem.path: problem.message for problem in problems_in(to_text(data), **kwargs)}


def load(data: dict[str, Any]) -> CampaignSpec:
    return load_campaign_file(to_text(data), sources=registry)


# -- the preset -------------------------------------------------------------------------


def test_preset_is_listed() -> None:
    assert PRESET in preset_names()


def test_preset_loads_with_three_strives_and_five_competitions_totalling_100() -> None:
    spec = load_campaign_file(read_preset(PRESET), sources=registry)

    assert spec.name == "2023年城厢街道“三争五赛”比学活动"
    assert [node.name for node in spec.indicators] == [
        "争思想解放之先",
        "争实干增效之速",
        "争发展提质之位",
        "赛项目活力",
        "赛美丽颜值",
        "赛精准服务",
        "赛平安实绩",
        "赛优良作风",
    ]
    assert spec.total_weight == Decimal(100)
    assert (spec.year, spec.start, spec.end, spec.period) == (
        2023,
        date(2023, 1, 1),
        date(2023, 12, 31),
        "month",
    )
    assert spec.preview_days == 5
    assert [(g.name, g.unit_kinds) for g in spec.groups] == [
        ("社区组", ("community",)),
        ("科室组", ("office",)),
    ]
    for dimension in spec.indicators:
        assert isinstance(dimension, DimensionSpec)
        assert 2 <= len(dimension.children) <= 5


def test_preset_uses_every_built_in_source() -> None:
    spec = load_campaign_file(read_preset(PRESET), sources=registry)

    assert {leaf.source for leaf in spec.leaves()} == {source.name for source in BUILT_IN_SOURCES}


def test_preset_tree_is_accepted_by_the_scoring_engine() -> None:
    from zhengxian.engine.compute import score_period

    spec = load_campaign_file(read_preset(PRESET), sources=registry)

    result = score_period(
        tree=spec.indicators,
        groups={"community": [1, 2], "office": [3]},
        raw={},
        manual={},
        bonus={},
        penalty={},
        bonus_cap=spec.bonus_cap,
        penalty_cap=spec.penalty_cap,
    )

    # No data anywhere: every leaf falls back to when_empty "full".
    assert [unit.total for unit in result.units] == [Decimal("100.00")] * 3


def test_preset_round_trips_through_dump() -> None:
    spec = load_campaign_file(read_preset(PRESET), sources=registry)

    text = dump_campaign_file(spec)

    assert load_campaign_file(text, sources=registry) == spec
    assert dump_campaign_file(load_campaign_file(text, sources=registry)) == text


def test_preset_shifted_to_another_year_moves_code_name_and_dates() -> None:
    spec = load_campaign_file(read_preset(PRESET), sources=registry)

    shifted = spec.shifted_to_year(2026)

    assert (shifted.code, shifted.name) == ("chengxiang-2026", "2026年城厢街道“三争五赛”比学活动")
    assert (shifted.year, shifted.start, shifted.end) == (
        2026,
        date(2026, 1, 1),
        date(2026, 12, 31),
    )
    assert shifted.indicators == spec.indicators
    assert load_campaign_file(dump_campaign_file(shifted), sources=registry) == shifted


def test_shifting_a_leap_day_into_a_common_year_gives_28_february() -> None:
    data = base() | {"code": "leap-2024", "year": 2024, "start": "2024-02-29", "end": "2024-12-31"}

    assert load(data).shifted_to_year(2025).start == date(2025, 2, 28)


def test_the_annotated_example_in_the_docs_loads() -> None:
    docs = Path(__file__).resolve().parents[3] / "docs" / "scoring.md"
    example = docs.read_text(encoding="utf-8").split("```yaml\n", 1)[1].split("```", 1)[0]

    spec = load_campaign_file(example, sources=registry)

    assert [leaf.code for leaf in spec.leaves()] == ["efficiency-on-time", "efficiency-overdue"]


# -- what a valid file gives -------------------------------------------------------------


def test_defaults_fill_preview_days_and_method_options() -> None:
    spec = load(base())

    assert spec.preview_days == 5
    first, second = spec.indicators[0].children  # type: ignore[union-attr]
    assert first == LeafSpec(
        code="l1",
        name="按期办结率",
        weight=Decimal(6),
        source="matters_closed_on_time",
        method=MethodSpec(name="target", params={"target": Decimal(1)}),
    )
    assert second.method == MethodSpec(name="rank")
    assert second.source_params == {"per_cadre": True}


def test_omitted_dimension_weight_is_the_sum_of_its_children() -> None:
    data = base()
    del data["indicators"][0]["weight"]

    assert load(data).indicators[0].weight == Decimal(10)


def test_decimal_weights_and_thresholds_are_exact() -> None:
    data = base()
    data["indicators"][0]["weight"] = 10.1
    leaf(data)["weight"] = 6.1
    leaf(data)["method"] = {"name": "target", "params": {"target": 0.95}}

    spec = load(data)

    assert spec.indicators[0].weight == Decimal("10.1")
    assert spec.indicators[0].children[0].method.params == {"target": Decimal("0.95")}  # type: ignore[union-attr]
    assert load_campaign_file(dump_campaign_file(spec), sources=registry) == spec


def test_bands_and_method_options_round_trip() -> None:
    data = base()
    leaf(data)["method"] = {
        "name": "bands",
        "params": {"bands": [{"max": 0, "points": 6}, {"max": 2.5, "points": 3.5}]},
        "lower_is_better": True,
        "when_empty": "group_mean",
    }
    data["groups"][0]["unit_codes"] = ["CX-01", "CX-02"]
    data["preview_days"] = 7

    spec = load(data)

    method = spec.indicators[0].children[0].method  # type: ignore[union-attr]
    assert method.params == {
        "bands": (
            {"max": Decimal(0), "points": Decimal(6)},
            {"max": Decimal("2.5"), "points": Decimal("3.5")},
        )
    }
    assert (method.lower_is_better, method.when_empty) == (True, "group_mean")
    assert load_campaign_file(dump_campaign_file(spec), sources=registry) == spec


# -- reading the YAML ---------------------------------------------------------------------


def test_yaml_syntax_error_gives_its_line() -> None:
    text = "code: demo\nname: [unclosed\nyear: 2023\n"

    [problem] = problems_in(text)

    assert problem.path == ""
    assert problem.message.startswith("YAML syntax error at line 3")
    assert problem.line == 3


def test_file_over_the_size_limit_is_refused_before_parsing() -> None:
    text = "name: " + "x" * MAX_FILE_BYTES

    [problem] = problems_in(text)

    assert problem.message == (
        f"The file is {MAX_FILE_BYTES + 6} bytes; "
        f"a campaign file may be at most {MAX_FILE_BYTES} bytes."
    )


def test_yaml_aliases_are_refused() -> None:
    text = "a: &x [1, 2]\nb: *x\nc: *x\n"

    [problem] = problems_in(text)

    assert problem.message == "YAML aliases (*name) are not allowed in a campaign file: line 2."


def test_deeply_nested_yaml_is_refused_without_crashing() -> None:
    [problem] = problems_in("[" * 5000 + "]" * 5000)

    assert problem.message == "The file is nested too deeply to read."


def test_empty_file_and_non_mapping_file() -> None:
    assert [p.message for p in problems_in("# nothing\n")] == ["The file is empty."]
    assert [(p.path, p.message) for p in problems_in("- a\n- b\n")] == [
        ("", "Expected a mapping of keys to values, got a list.")
    ]


def test_repeated_yaml_key_is_reported_at_its_second_line() -> None:
    text = to_text(base()).replace("period: month\n", "period: month\nperiod: quarter\n")

    [problem] = problems_in(text)

    assert (problem.path, problem.message) == (
        "period",
        "The key 'period' appears twice here; keep one.",
    )
    assert problem.line == text.splitlines().index("period: quarter") + 1


# -- the campaign's own keys ---------------------------------------------------------------


def test_unknown_key_is_named_with_a_suggestion() -> None:
    data = base()
    data["indicators"][0]["children"][1]["wieght"] = data["indicators"][0]["children"][1].pop(
        "weight"
    )

    problems = problems_of(data)

    assert (
        problems["indicators[0].children[1].wieght"]
        == "Unknown key 'wieght'. Did you mean 'weight'?"
    )
    assert problems["indicators[0].children[1].weight"] == "The key 'weight' is required."


def test_missing_required_keys_are_each_reported() -> None:
    data = base()
    del data["year"], data["bonus_cap"]

    assert problems_of(data) == {
        "year": "The key 'year' is required.",
        "bonus_cap": "The key 'bonus_cap' is required.",
    }


def test_wrong_types_say_what_was_expected_and_what_was_found() -> None:
    data = base() | {"year": "2023年", "name": 2023, "bonus_cap": "five", "period": "week"}

    assert problems_of(data) == {
        "year": "Expected a whole number, got text.",
        "name": "Expected text, got a whole number. Put it in quotes to make it text.",
        "bonus_cap": "Expected a number, got text.",
        "period": "Unknown period length 'week'. Use one of: month, quarter.",
    }


def test_invalid_code_is_refused() -> None:
    assert problems_of(base() | {"code": "城厢 2023"}) == {
        "code": "'城厢 2023' is not a valid code: use 1–32 letters, digits, dots, dashes or "
        "underscores, starting with a letter or digit."
    }


def test_unsupported_format_version() -> None:
    assert problems_of(base() | {"format_version": 2}) == {
        "format_version": "This is format 2; this version of Zhengxian reads format 1."
    }


def test_dates_must_be_dates_in_order_and_in_the_year() -> None:
    assert problems_of(base() | {"start": "2023-13-01"}) == {
        "start": "'2023-13-01' is not a date; write it as YYYY-MM-DD."
    }
    assert problems_of(base() | {"start": "2023-06-01", "end": "2023-05-31"}) == {
        "end": "The end date 2023-05-31 must come after the start date 2023-06-01."
    }
    assert problems_of(base() | {"end": "2024-01-31"}) == {
        "end": "The date 2024-01-31 is not in the campaign's year 2023."
    }


def test_preview_days_and_caps_are_range_checked() -> None:
    data = base() | {"preview_days": 60, "penalty_cap": -1}

    assert problems_of(data) == {
        "preview_days": "60 is out of range: use 0 to 30.",
        "penalty_cap": "Must not be negative, got -1.",
    }


# -- groups -------------------------------------------------------------------------------


def test_group_codes_kinds_and_units_are_unique_across_groups() -> None:
    data = base()
    data["groups"][1] |= {"code": "community", "unit_kinds": ["community"]}

    assert problems_of(data) == {
        "groups[1].code": "The group code 'community' is already used at groups[0].code.",
        "groups[1].unit_kinds[0]": "Units of kind 'community' are already selected by "
        "groups[0].unit_kinds[0]; a unit competes in one group only.",
    }


def test_group_needs_a_selector_and_known_kinds() -> None:
    data = base()
    del data["groups"][0]["unit_kinds"]
    data["groups"][1]["unit_kinds"] = ["offices"]

    assert problems_of(data, unit_kinds=("community", "office")) == {
        "groups[0]": "A group selects its units with 'unit_kinds', 'unit_codes' or both.",
        "groups[1].unit_kinds[0]": "Unknown unit kind 'offices'. Use one of: community, office.",
    }


# -- the indicator tree -------------------------------------------------------------------


def test_weights_must_be_positive_with_at_most_two_decimals() -> None:
    data = base()
    leaf(data, 0)["weight"] = 0
    leaf(data, 1)["weight"] = 4.125

    problems = problems_of(data)

    assert problems == {
        "indicators[0].children[0].weight": "Must be greater than 0, got 0.",
        "indicators[0].children[1].weight": "Points have at most 2 decimal places, got 4.125.",
    }


def test_dimension_weight_must_equal_the_sum_of_its_children() -> None:
    data = base()
    data["indicators"][0]["weight"] = 12

    assert problems_of(data) == {
        "indicators[0].weight": "The weight 12 is not the sum of the children's weights, 10 "
        "(leave it out to have it computed)."
    }


def test_duplicate_codes_anywhere_in_the_tree_name_the_first_use() -> None:
    data = base()
    leaf(data, 1)["code"] = "d1"

    assert problems_of(data) == {
        "indicators[0].children[1].code": "The code 'd1' is already used at indicators[0].code; "
        "codes must be unique."
    }


def test_nesting_deeper_than_six_levels_is_refused() -> None:
    data = base()
    node: dict[str, Any] = leaf(data, 1)
    for level in range(6):
        node = {"code": f"n{level}", "name": f"层{level}", "children": [node]}
    data["indicators"][0]["children"][1] = node

    problems = problems_of(data)

    path = "indicators[0]" + ".children[0]" * 5 + ".children"
    path = path.replace("indicators[0].children[0]", "indicators[0].children[1]", 1)
    assert problems == {path: "Indicators may be nested at most 6 levels deep."}


def test_a_leaf_missing_its_source_and_method_says_which() -> None:
    data = base()
    del leaf(data, 1)["source"], leaf(data, 1)["method"]

    assert problems_of(data) == {
        "indicators[0].children[1].source": "The key 'source' is required.",
        "indicators[0].children[1].method": "The key 'method' is required.",
    }


def test_a_node_is_a_dimension_or_a_leaf_not_both_nor_neither() -> None:
    data = base()
    leaf(data, 0)["children"] = [
        {"code": "x", "name": "x", "weight": 1, "source": "manual", "method": "manual"}
    ]
    del leaf(data, 1)["source"], leaf(data, 1)["method"], leaf(data, 1)["source_params"]
    data["indicators"].append({"code": "d2", "name": "空", "children": []})

    assert problems_of(data) == {
        "indicators[0].children[0]": "An indicator has either 'children' (a dimension) or 'source' "
        "and 'method' (a leaf), not both.",
        "indicators[0].children[1]": "An indicator needs either 'children' (a dimension) or "
        "'source' and 'method' (a leaf).",
        "indicators[1].children": "The list must not be empty.",
    }


# -- sources and methods ------------------------------------------------------------------


def test_unknown_source_lists_the_known_ones() -> None:
    data = base()
    leaf(data)["source"] = "visit_count"

    message = problems_of(data)["indicators[0].children[0].source"]

    known = ", ".join(sorted(source.name for source in BUILT_IN_SOURCES))
    assert (
        message
        == f"Unknown source 'visit_count'. Known sources: {known}. Did you mean 'visits_count'?"
    )


def test_unknown_method_lists_the_methods() -> None:
    data = base()
    leaf(data)["method"] = "ranking"

    assert problems_of(data) == {
        "indicators[0].children[0].method.name": "Unknown method 'ranking'. Use one of: target, "
        "relative, rank, bands, manual. Did you mean 'rank'?"
    }


def test_target_method_needs_a_positive_target() -> None:
    data = base()
    leaf(data, 0)["method"] = "target"
    leaf(data, 1)["method"] = {"name": "target", "params": {"target": 0}}

    assert problems_of(data) == {
        "indicators[0].children[0].method.params.target": "The key 'target' is required.",
        "indicators[0].children[1].method.params.target": "Must be greater than 0, got 0.",
    }


def test_relative_and_rank_take_no_parameters() -> None:
    data = base()
    leaf(data, 1)["method"] = {"name": "relative", "params": {"target": 1}}

    assert problems_of(data) == {
        "indicators[0].children[1].method.params": "The method 'relative' takes no parameters."
    }


def test_bands_must_be_a_non_empty_list() -> None:
    data = base()
    leaf(data)["method"] = {"name": "bands", "params": {"bands": []}}

    assert problems_of(data) == {
        "indicators[0].children[0].method.params.bands": "The list must not be empty."
    }


def test_bands_are_checked_for_order_points_and_bounds() -> None:
    data = base()
    leaf(data)["method"] = {
        "name": "bands",
        "params": {
            "bands": [
                {"min": 0.8, "points": 6},
                {"min": 0.9, "points": 4},
                {"points": 2},
                {"min": 0.5, "points": 7},
                {"max": 0.1, "points": 1},
                {"min": 0.3, "points": 5},
            ]
        },
    }
    bands = "indicators[0].children[0].method.params.bands"

    assert problems_of(data) == {
        f"{bands}[1].min": "Bands are checked in order, so list them highest 'min' first: "
        "0.9 comes after 0.8.",
        f"{bands}[2].min": "The key 'min' is required.",
        f"{bands}[3].points": "7 points is more than the leaf's weight 6.",
        f"{bands}[4].max": "Bands use 'min' (the first band the value reaches applies); "
        "'max' bands need lower_is_better: true.",
        f"{bands}[5].points": "Points must not rise down the list (a better value never earns "
        "fewer points): 5 comes after 4.",
    }


def test_lower_is_better_bands_use_rising_max() -> None:
    data = base()
    leaf(data)["method"] = {
        "name": "bands",
        "lower_is_better": True,
        "params": {
            "bands": [{"min": 0, "points": 6}, {"max": 2, "points": 4}, {"max": 1, "points": 2}]
        },
    }
    bands = "indicators[0].children[0].method.params.bands"

    assert problems_of(data) == {
        f"{bands}[0].min": "With lower_is_better: true, bands use 'max' (the first band at or "
        "above the value applies), not 'min'.",
        f"{bands}[2].max": "Bands are checked in order, so list them lowest 'max' first: "
        "1 comes after 2.",
    }


def test_manual_method_cannot_be_lower_is_better() -> None:
    data = base()
    leaf(data).update({"source": "manual", "method": {"name": "manual", "lower_is_better": True}})

    assert problems_of(data) == {
        "indicators[0].children[0].method.lower_is_better": "The method 'manual' cannot be "
        "lower_is_better: the evaluator enters points."
    }


def test_when_empty_and_lower_is_better_are_checked() -> None:
    data = base()
    leaf(data)["method"] = {"name": "rank", "when_empty": "mean", "lower_is_better": "yes"}

    assert problems_of(data) == {
        "indicators[0].children[0].method.when_empty": "Unknown when_empty rule 'mean'. "
        "Use one of: full, zero, group_mean.",
        "indicators[0].children[0].method.lower_is_better": "Expected true or false, got text.",
    }


def test_source_parameters_are_checked_against_the_source() -> None:
    data = base()
    leaf(data, 0)["source_params"] = {"origins": ["petition", "letters"], "colour": "red"}
    leaf(data, 1).update(
        {"source": "special_action_completion", "source_params": {"per_cadre": True}}
    )
    data["indicators"][0]["children"].append(
        {
            "code": "l3",
            "name": "活动",
            "weight": 1,
            "source": "study_sessions_held",
            "source_params": {"activity_kind": 3},
            "method": "rank",
        }
    )
    data["indicators"][0]["weight"] = 11
    leaf_path = "indicators[0].children"

    assert problems_of(data) == {
        f"{leaf_path}[0].source_params.origins[1]": "'letters' is not allowed here. Use one of: "
        "visit, supervision, rectification, petition, hotline, mediation, other.",
        f"{leaf_path}[0].source_params.colour": "Unknown parameter 'colour' for the source "
        "'matters_closed_on_time'. It accepts: origins.",
        f"{leaf_path}[1].source_params.per_cadre": "Unknown parameter 'per_cadre' for the source "
        "'special_action_completion'. It accepts: action.",
        f"{leaf_path}[1].source_params.action": "The source 'special_action_completion' needs "
        "the parameter 'action'.",
        f"{leaf_path}[2].source_params.activity_kind": "Expected text, got a whole number. "
        "Put it in quotes to make it text.",
    }


def test_manual_method_and_manual_source_go_together() -> None:
    data = base()
    leaf(data, 0)["method"] = "manual"
    leaf(data, 1).update({"source": "manual", "source_params": {}, "method": "rank"})

    assert problems_of(data) == {
        "indicators[0].children[0].method": "The method 'manual' needs a source of kind 'manual' "
        "(such as 'manual'); 'matters_closed_on_time' is of kind 'rate'.",
        "indicators[0].children[1].method": "The source 'manual' gives points entered by an "
        "evaluator; use the method 'manual'.",
    }


# -- all at once ---------------------------------------------------------------------------


def test_all_problems_are_reported_together_in_file_order_with_lines() -> None:
    data = base() | {"year": "2023", "period": "week", "colour": "red"}
    data["groups"][1]["code"] = "community"
    leaf(data, 0)["weight"] = -1
    leaf(data, 1)["source"] = "nowhere"
    text = to_text(data)

    problems = problems_in(text)

    assert [problem.path for problem in problems] == [
        "year",
        "period",
        "groups[1].code",
        "indicators[0].children[0].weight",
        "indicators[0].children[1].source",
        "colour",
    ]
    lines = text.splitlines()
    assert all(problem.line is not None for problem in problems)
    assert lines[problems[0].line - 1] == "year: '2023'"  # type: ignore[operator]
    assert lines[problems[-1].line - 1] == "colour: red"  # type: ignore[operator]


def test_error_message_lists_every_problem() -> None:
    data = base() | {"year": "2023", "period": "week"}

    with pytest.raises(CampaignFileError) as caught:
        load(data)

    text = str(caught.value)
    assert text.splitlines()[0] == "The campaign file has 2 problems:"
    assert "  year (line 3): Expected a whole number, got text." in text.splitlines()
    assert caught.value.as_dicts()[1]["path"] == "period"


def test_a_problem_equals_another_with_the_same_path_and_message_whatever_the_line() -> None:
    assert FileProblem("year", "x", line=3) == FileProblem("year", "x")


# -- round trips of arbitrary campaigns ------------------------------------------------------


def test_names_that_look_like_other_yaml_types_survive_a_round_trip() -> None:
    data = base()
    awkward = [
        "yes",
        "null",
        "2023-01-01",
        "1.5",
        "'quoted'",
        "a: b",
        "- dash",
        "#hash",
        "多行\n文本",
        "~",
    ]
    data["indicators"][0]["children"] = [
        {
            "code": f"x{i}",
            "name": name,
            "weight": 1,
            "source": "mediation_success",
            "method": "relative",
        }
        for i, name in enumerate(awkward)
    ]
    del data["indicators"][0]["weight"]
    spec = load(data)

    assert load_campaign_file(dump_campaign_file(spec), sources=registry) == spec
    assert [node.name for node in spec.indicators[0].children] == awkward  # type: ignore[union-attr]


def test_loading_a_dumped_campaign_gives_it_back_without_sharing_state() -> None:
    spec = load(base())
    data = copy.deepcopy(yaml.safe_load(dump_campaign_file(spec)))

    assert load_campaign_file(to_text(data), sources=registry) == spec


def test_the_modules_import_without_django_settings() -> None:
    code = (
        "import sys, zhengxian.campaigns.campaign_file, zhengxian.engine.sources;"
        "from django.conf import settings;"
        "assert not settings.configured;"
        "assert 'django.db' not in sys.modules, 'django.db imported'"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


# -- property: any valid campaign survives dump then load ----------------------------------

points = st.decimals(min_value=Decimal("0.01"), max_value=Decimal(50), places=2)
names = st.text(min_size=1, max_size=30).filter(lambda name: name.strip())
methods = st.one_of(
    st.builds(
        MethodSpec,
        name=st.sampled_from(["relative", "rank"]),
        lower_is_better=st.booleans(),
        when_empty=st.sampled_from(["full", "zero", "group_mean"]),
    ),
    st.builds(
        MethodSpec,
        name=st.just("target"),
        params=st.fixed_dictionaries(
            {"target": st.decimals(min_value=Decimal("0.001"), max_value=Decimal(1000), places=3)}
        ),
    ),
)


@st.composite
def campaigns(draw: st.DrawFn) -> CampaignSpec:
    counter = iter(range(10_000))

    def node(depth: int) -> DimensionSpec | LeafSpec:
        code = f"n{next(counter)}"
        if depth < 3 and draw(st.booleans()):
            children = tuple(node(depth + 1) for _ in range(draw(st.integers(1, 3))))
            weight = sum((child.weight for child in children), Decimal(0))
            return DimensionSpec(code=code, name=draw(names), weight=weight, children=children)
        return LeafSpec(
            code=code,
            name=draw(names),
            weight=draw(points),
            source="visits_count",
            method=draw(methods),
            source_params=draw(st.sampled_from([{}, {"per_cadre": True}])),
        )

    year = draw(st.integers(2000, 2100))
    return CampaignSpec(
        code=f"c-{year}",
        name=draw(names),
        year=year,
        start=date(year, 1, 1),
        end=date(year, 12, 31),
        period=draw(st.sampled_from(["month", "quarter"])),
        groups=(GroupSpec(code="g", name=draw(names), unit_codes=("A1", "B2")),),
        indicators=tuple(node(1) for _ in range(draw(st.integers(1, 4)))),
        bonus_cap=draw(points),
        penalty_cap=draw(points),
        preview_days=draw(st.integers(0, 30)),
    )


@settings(max_examples=60, deadline=None)
@given(campaigns())
def test_any_valid_campaign_survives_dump_then_load(spec: CampaignSpec) -> None:
    with registry.register_temporarily(*BUILT_IN_SOURCES):
        assert load_campaign_file(dump_campaign_file(spec), sources=registry) == spec


# -- impossible dates, declared codes, units of the organisation ---------------------------


@pytest.mark.parametrize("written", ["2023-02-30", "2023-13-01", "2023-02-29 10:00:00"])
def test_an_unquoted_impossible_date_is_a_located_problem(written: str) -> None:
    text = to_text(base()).replace("start: '2023-01-01'", f"start: {written}")
    assert f"start: {written}\n" in text
    (problem,) = problems_in(text)
    assert problem.path == "start"
    assert problem.line == text.splitlines().index(f"start: {written}") + 1
    assert problem.message == f"'{written}' is not a date; write it as YYYY-MM-DD."


def with_panels(data: dict[str, Any], **declared: list[str]) -> dict[str, Any]:
    data["indicators"][0]["children"].extend(
        [
            {
                "code": "arena",
                "name": "擂台比武",
                "weight": 2,
                "source": "panel",
                "source_params": {"panel": "arena"},
                "method": "relative",
            },
            {
                "code": "residents",
                "name": "居民考官团",
                "weight": 2,
                "source": "rating",
                "source_params": {"panel": "residents"},
                "method": {"name": "target", "params": {"target": 5}},
            },
            {
                "code": "red",
                "name": "红色物业",
                "weight": 2,
                "source": "checklist",
                "source_params": {"checklist": "red-property"},
                "method": {"name": "target", "params": {"target": 1}},
            },
        ]
    )
    data["indicators"][0]["weight"] = 16
    data.update(declared)
    return data


def test_checklist_panel_and_rater_panel_codes_must_be_declared() -> None:
    declared = {"panels": ["arena"], "rater_panels": ["residents"], "checklists": ["red-property"]}
    spec = load(with_panels(base(), **declared))
    assert [leaf.source_params for leaf in spec.leaves()][2:] == [
        {"panel": "arena"},
        {"panel": "residents"},
        {"checklist": "red-property"},
    ]
    # a typo, a panel declared only as a rater panel, nothing declared at all
    wrong = {"panels": ["residents"], "rater_panels": ["resident"]}
    assert problems_of(with_panels(base(), **wrong)) == {
        "indicators[0].children[2].source_params.panel": (
            "'arena' is not declared under 'panels' at the top of the file (declared: "
            "residents); a code nobody records under would give every unit full marks."
        ),
        "indicators[0].children[3].source_params.panel": (
            "'residents' is not declared under 'rater_panels' at the top of the file "
            "(declared: resident); a code nobody records under would give every unit full "
            "marks. Did you mean 'resident'?"
        ),
        "indicators[0].children[4].source_params.checklist": (
            "'red-property' is not declared under 'checklists' at the top of the file "
            "(declared: none); a code nobody records under would give every unit full marks."
        ),
    }


def test_the_export_declares_the_codes_its_leaves_name() -> None:
    declared = {"panels": ["arena"], "rater_panels": ["residents"], "checklists": ["red-property"]}
    spec = load(with_panels(base(), **declared))
    text = dump_campaign_file(spec)
    assert "checklists: [red-property]\npanels: [arena]\nrater_panels: [residents]\n" in text
    assert load_campaign_file(text, sources=registry) == spec


ORGANISATION = Organisation(
    units={"XH": "community", "BT": "community", "DZB": "office"}, owner_code="CX"
)


def test_units_are_checked_against_the_organisation() -> None:
    data = base()
    data["groups"] = [
        {"code": "community", "name": "社区组", "unit_codes": ["XH", "XHH", "CX"]},
        {"code": "office", "name": "科室组", "unit_kinds": ["office"]},
    ]
    assert problems_of(data, organisation=ORGANISATION) == {
        "groups[0].unit_codes[1]": (
            "Unknown unit 'XHH': no active unit has this code under CX. Did you mean 'XH'?"
        ),
        "groups[0].unit_codes[2]": (
            "'CX' is the organising unit: it runs the campaign and never competes in it."
        ),
    }
    data["groups"][0]["unit_codes"] = ["XH"]
    assert load_campaign_file(to_text(data), sources=registry, organisation=ORGANISATION)


def test_a_group_without_members_is_a_problem() -> None:
    data = base()
    data["groups"].append({"code": "grids", "name": "网格组", "unit_kinds": ["grid"]})
    data["groups"].append({"code": "again", "name": "重复", "unit_codes": ["DZB"]})
    text = to_text(data)
    lines = text.splitlines()
    problems = problems_in(text, organisation=ORGANISATION)
    assert [(p.path, p.line) for p in problems] == [
        ("groups[2]", lines.index("- code: grids") + 1),
        ("groups[3]", lines.index("- code: again") + 1),
    ]
    assert problems[0].message == (
        "The group 'grids' has no members: no active unit under the organising unit matches "
        "it (or an earlier group took them all), so it would rank nobody."
    )
    # the organising unit never counts as a member, even of a group of its kind
    data = base()
    data["groups"] = [{"code": "subdistricts", "name": "街道", "unit_kinds": ["subdistrict"]}]
    organisation = Organisation(units={"CX": "subdistrict"}, owner_code="CX")
    assert list(problems_of(data, organisation=organisation)) == ["groups[0]"]
