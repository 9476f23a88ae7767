"""The detail text written directly is the canonical JSON of the same explanation: stored
sheets are hashed over it, so any difference would be a different digest."""

from __future__ import annotations

import json
from decimal import Decimal

from zhengxian.engine.compute import score_period
from zhengxian.engine.detail_text import DetailWriter, points_text
from zhengxian.engine.types import RawValue, RecordSet

from .builders import dimension, leaf

DETAIL_KEYS = ("bonus_claimed", "dimensions", "leaves", "penalty_claimed")


def canonical(value: object) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def every_kind_of_score():
    """Rates, counts, means; listed evidence and record sets (their parameters in Chinese);
    units without data under each rule; relative, rank, bands and manual leaves; a lower-is-
    better leaf; an appeal's override; bonus and penalty; codes that need escaping."""
    bands = {
        "bands": [
            {"min": Decimal("0.9"), "points": Decimal("5")},
            {"min": Decimal("0.5"), "points": Decimal("2.5")},
        ]
    }
    tree = [
        dimension(
            "一、争先",
            leaf("rate", "target", weight="10", params={"target": Decimal("0.95")}),
            leaf("count", "relative", weight="7.5", when_empty="zero"),
            leaf('quote"d\\code', "rank", weight="5", lower_is_better=True),
        ),
        dimension(
            "二",
            leaf("bands", "bands", weight="5", params=bands, when_empty="group_mean"),
            leaf("manual", "manual", weight="3", params={}),
        ),
    ]
    records = RecordSet("attendance_rate", {"series": "青城学院", "tags": ["拆迁"]}, "a.b", 7, 91)
    raw = {
        "rate": {
            1: RawValue(Decimal(2) / Decimal(3), Decimal(2), Decimal(3), ("m.v:2", "m.v:10")),
            2: RawValue(Decimal(1), Decimal(4), Decimal(4), records=records),
            3: RawValue(None),
        },
        "count": {
            1: RawValue(Decimal(12), Decimal(12), records=RecordSet("visits", {}, "m.v", 12, 0)),
            2: RawValue(Decimal("0.000"), Decimal(0)),
        },
        'quote"d\\code': {1: RawValue(Decimal("3.5")), 2: RawValue(Decimal("-1E+2"))},
        "bands": {1: RawValue(Decimal("0.93")), 3: RawValue(Decimal("0.6"))},
    }
    return score_period(
        tree=tree,
        groups={"社区": [1, 2], "b": [3]},
        raw=raw,
        manual={"manual": {1: Decimal("2.75"), 3: Decimal("0")}},
        bonus={1: Decimal("1.5")},
        penalty={2: Decimal("7")},
        bonus_cap=Decimal("5"),
        penalty_cap=Decimal("5"),
        overrides={"rate": {3: Decimal("9.5")}},
    )


def test_each_units_detail_text_is_the_canonical_json_of_its_explanation() -> None:
    result = every_kind_of_score()
    writer = DetailWriter()
    for unit in result.units:
        explained = unit.to_canonical()
        expected = canonical({key: explained[key] for key in DETAIL_KEYS})
        assert writer.unit_detail(unit) == expected
        assert points_text(unit.total) == explained["total"]
    # Every kind above was there to compare.
    leaves = [score for unit in result.units for score in unit.leaves.values()]
    assert {score.method for score in leaves} == {"target", "relative", "rank", "bands", "manual"}
    assert any(score.records for score in leaves) and any(score.evidence for score in leaves)
    assert any(score.overridden for score in leaves)
    assert any(score.when_empty_applied for score in leaves)
