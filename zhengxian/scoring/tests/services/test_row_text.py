"""A stored row's digest is the digest of its canonical content, however it was assembled."""

from __future__ import annotations

import json

import pytest

from zhengxian.scoring.services.canonical import (
    canonical_json,
    row_digest,
    row_text,
    sha256,
    unit_row_content,
)

FIELDS = {
    "unit": "U1",
    "group": "community",
    "total": "91.25",
    "rank": 2,
    "group_size": 14,
    "leaf_sum": "90.00",
    "bonus": "1.25",
    "penalty": "0.00",
}
DETAIL = {
    "dimensions": {"work": "60.00", "style": "30.00"},
    "leaves": {"visits": {"points": "9.50", "evidence": ["matters.visit:7"], "raw": "0.9"}},
    "bonus_claimed": "1.25",
    "penalty_claimed": "0.00",
    "note": "居民“满意”\\n",
}


def test_spliced_text_is_the_canonical_json_of_the_whole_row():
    text = row_text(detail_text=canonical_json(DETAIL), **FIELDS)
    content = unit_row_content(
        unit_code="U1",
        group_code="community",
        total="91.25",
        rank=2,
        group_size=14,
        leaf_sum="90.00",
        bonus="1.25",
        penalty="0.00",
        detail=json.loads(canonical_json(DETAIL)),
    )
    assert text == canonical_json(content)
    assert sha256(text) == row_digest(content)


def test_a_field_holding_the_placeholder_is_refused():
    with pytest.raises(ValueError):
        row_text(detail_text="{}", **{**FIELDS, "unit": "\x00detail\x00"})
