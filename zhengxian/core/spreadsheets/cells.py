"""Turning Excel cell values into clean Python values.

Excel stores what people type loosely: a code or a phone number typed without a text
format arrives as a number (13800000000 or 13800000000.0), a date may be a real date or a
string. These helpers accept the sensible forms and raise ``ValueError`` for the rest.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

_DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日", "%Y%m%d")
_INTEGER = re.compile(r"^[+-]?\d+(\.0+)?$")
_INT_LIMIT = 2**31 - 1


def text(value: Any) -> str:
    """The cell as stripped text; a whole number keeps no ".0"."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        return value.date().isoformat()
    return str(value).strip()


def phone(value: Any) -> str:
    """A phone number without the spaces people type inside it."""
    return re.sub(r"\s+", "", text(value))


def whole_number(value: Any) -> int | None:
    """An optional whole number; ``ValueError`` for anything else."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int):
        number = value
    elif isinstance(value, float):
        if not value.is_integer():
            raise ValueError(value)
        number = int(value)
    else:
        raw = str(value).strip()
        if not raw:
            return None
        if not _INTEGER.match(raw):
            raise ValueError(value)
        number = int(raw.split(".")[0])
    if abs(number) > _INT_LIMIT:
        raise ValueError(value)
    return number


def date(value: Any) -> dt.date | None:
    """An optional date: an Excel date, or text such as 2023-03-01, 2023/3/1, 2023年3月1日."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        result = value.date()
    elif isinstance(value, dt.date):
        result = value
    elif isinstance(value, str | int) and not isinstance(value, bool):
        raw = str(value).strip()
        if not raw:
            return None
        result = _parse_date_text(raw)
    else:
        raise ValueError(value)
    if not 1900 <= result.year <= 2100:
        raise ValueError(value)
    return result


def _parse_date_text(raw: str) -> dt.date:
    for pattern in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(raw, pattern).date()
        except ValueError:
            continue
    raise ValueError(raw)
