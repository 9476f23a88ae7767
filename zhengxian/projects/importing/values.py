"""Cell values beyond those of zhengxian.core.spreadsheets.cells: decimals, yes/no, tags."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from zhengxian.core.spreadsheets import cells

from .columns import NO, TAG_BY_LABEL, TAG_SEPARATORS, YES

MAX_DECIMAL = Decimal("1e12")


def decimal(value: Any, *, places: int = 2) -> Decimal | None:
    """An optional number ≥ 0 with at most ``places`` decimals; ValueError otherwise."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, float):
        value = repr(value)
    raw = str(value).strip().replace(",", "").replace("，", "")
    try:
        number = Decimal(raw)
    except InvalidOperation as error:
        raise ValueError(value) from error
    if not number.is_finite() or number < 0 or number >= MAX_DECIMAL:
        raise ValueError(value)
    quantized = round(number, places)
    if quantized != number:
        raise ValueError(value)
    return quantized


def yes_no(value: Any) -> bool:
    raw = cells.text(value).lower()
    if raw in YES:
        return True
    if raw in NO:
        return False
    raise ValueError(value)


def tags(value: Any) -> list[str]:
    return [
        TAG_BY_LABEL.get(part, part.lower())
        for part in re.split(TAG_SEPARATORS, cells.text(value))
        if part
    ]
