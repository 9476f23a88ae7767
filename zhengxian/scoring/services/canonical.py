"""Canonical JSON and SHA-256 digests of score sheets: one definition, used to write and verify."""

from __future__ import annotations

import hashlib
import json
from typing import Any

GENESIS = "0" * 64


def canonical_json(data: Any) -> str:
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def unit_row_content(
    *,
    unit_code: str,
    group_code: str,
    total: str,
    rank: int,
    group_size: int,
    leaf_sum: str,
    bonus: str,
    penalty: str,
    detail: Any,
) -> dict[str, Any]:
    return {
        "unit": unit_code,
        "group": group_code,
        "total": total,
        "rank": rank,
        "group_size": group_size,
        "leaf_sum": leaf_sum,
        "bonus": bonus,
        "penalty": penalty,
        "detail": detail,
    }


def row_digest(content: dict[str, Any]) -> str:
    return sha256(canonical_json(content))


def sheet_content(
    *, campaign: str, period: str, version: int, reason: str, row_digests: list[str]
) -> dict[str, Any]:
    return {
        "campaign": campaign,
        "period": period,
        "version": version,
        "reason": reason,
        "rows": row_digests,  # in unit-code order
    }


def sheet_digest(prev_digest: str, content: dict[str, Any]) -> str:
    return sha256(f"{prev_digest}\n{canonical_json(content)}")


def row_text(*, detail_text: str, **fields: Any) -> str:
    """``canonical_json(unit_row_content(...))`` with the detail given as its canonical text,
    spliced in at its sorted place instead of being encoded a second time: scoring stores
    that same detail text and hashes this one. ``fields`` are the content's other keys."""
    text = canonical_json({**fields, "detail": _DETAIL_MARK})
    head, marker, tail = text.partition(_ENCODED_MARK)
    if not marker or _ENCODED_MARK in tail:
        raise ValueError("a row field holds the detail's placeholder")
    return head + detail_text + tail


_DETAIL_MARK = "\x00detail\x00"
_ENCODED_MARK = canonical_json(_DETAIL_MARK)
