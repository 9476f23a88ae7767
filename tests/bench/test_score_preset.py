"""bench/score_preset.py's baseline: DuckDB's SQL gives the same raw values as every source
of the preset, so the benchmark's ratios compare the same work (and the SQL cannot drift
silently from the sources)."""

from __future__ import annotations

import pytest

from bench.datagen import build
from bench.score_preset import mismatches, verify_baseline
from zhengxian.campaigns.models import Period

pytestmark = pytest.mark.django_db


@pytest.fixture
def checked(tmp_path):
    facts = build(scale="tiny", seed=1, year=2026)
    period = Period.objects.select_related("campaign").get(pk=facts["busiest_period_id"])
    return verify_baseline(period, tmp_path)


def test_duckdb_computes_the_same_raw_values_as_every_source_of_the_preset(checked):
    assert checked["problems"] == []
    assert checked["not_in_baseline"] == []
    assert len(checked["by_leaf"]) == checked["leaves"] == 30
    # Not an agreement on nothing: most leaves have values for some unit.
    with_values = [
        code
        for code, values in checked["app"].items()
        if any(value is not None and value != 0 for value, *_ in values.values())
    ]
    assert len(with_values) >= 20

    # A drifted value is reported, naming its leaf.
    code, key = next(iter(sorted(checked["by_leaf"].items())))
    duck = {k: dict(v) for k, v in checked["duck"].items()}
    unit, (value, numerator, denominator) = next(iter(duck[key].items()))
    duck[key][unit] = ((value or 0) + 1, numerator, denominator)
    problems = mismatches(checked["app"], duck, checked["by_leaf"])
    assert len(problems) == 1 and problems[0].startswith(f"{code} ")


def test_the_floor_replays_every_query_a_compute_sends_and_times_the_engine_alone():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from bench.score_preset import floor
    from zhengxian.scoring.services.compute import compute_period

    facts = build(scale="tiny", seed=1, year=2026)
    period = Period.objects.select_related("campaign").get(pk=facts["busiest_period_id"])
    with CaptureQueriesContext(connection) as sent:
        compute_period(period)

    found = floor(period, runs=2)

    assert found["queries"] == len(sent.captured_queries) > 20
    assert found["database"] > 0 and found["engine"] > 0
