"""Masks residents' personal data for pages, exports and the audit log.

Cadres who do not handle a matter see "138****5678", never the whole number; the audit log
keeps only the masked form, so purging a closed matter's personal data purges it everywhere.
"""

from __future__ import annotations

import re

_DIGITS = re.compile(r"\d")


def mask_phone(value: str) -> str:
    """Keeps the first three and last four digits of a number: 13812345678 → 138****5678."""
    value = (value or "").strip()
    digits = _DIGITS.findall(value)
    if len(digits) <= 7:
        return "*" * len(value)
    return f"{value[:3]}****{value[-4:]}"


def mask_id_number(value: str) -> str:
    """Keeps the region (first six) and the last four characters of an 18-character ID."""
    value = (value or "").strip()
    if len(value) <= 10:
        return "*" * len(value)
    return f"{value[:6]}{'*' * (len(value) - 10)}{value[-4:]}"


def mask_personal(value: object) -> object:
    """The masked form of a personal value for the audit log (strings only; others as is)."""
    if not isinstance(value, str) or not value:
        return value
    if len(value) >= 15 and value[:-1].isdigit():
        return mask_id_number(value)
    return mask_phone(value)
