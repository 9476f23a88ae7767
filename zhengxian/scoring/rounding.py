"""Decimal arithmetic for points: one fixed context, one rounding rule, no floats."""

from __future__ import annotations

import decimal
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from .errors import ScoringError

CENT = Decimal("0.01")
ZERO = Decimal("0")

# Fixed here so that results never depend on a caller's decimal.getcontext().
_CONTEXT = decimal.Context(
    prec=28,
    rounding=decimal.ROUND_HALF_EVEN,
    traps=[decimal.InvalidOperation, decimal.DivisionByZero, decimal.Overflow],
)


@contextmanager
def scoring_context() -> Iterator[None]:
    with decimal.localcontext(_CONTEXT):
        yield


def round_points(value: Decimal) -> Decimal:
    """Round to 2 places, half away from zero (2.345 → 2.35), whatever the caller's context."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP, context=_CONTEXT)


def clamp(value: Decimal, low: Decimal, high: Decimal) -> Decimal:
    return max(low, min(high, value))


def has_cents_only(value: Decimal) -> bool:
    return value == value.quantize(CENT, context=_CONTEXT)


def as_decimal(value: Any, *, what: str) -> Decimal:
    """A finite Decimal from a Decimal, an int or a numeric string; floats are refused
    because they cannot hold values such as 0.1 exactly."""
    if isinstance(value, bool | float):
        raise ScoringError(
            f"{what}: {value!r} is a {type(value).__name__}; "
            "give a Decimal, an int or a string such as '0.95'"
        )
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, int):
        result = Decimal(value)
    elif isinstance(value, str):
        try:
            result = Decimal(value.strip())
        except decimal.InvalidOperation:
            raise ScoringError(f"{what}: {value!r} is not a number") from None
    else:
        raise ScoringError(f"{what}: expected a number, got {type(value).__name__}")
    if not result.is_finite():
        raise ScoringError(f"{what}: {value!r} is not a finite number")
    return result


def check_decimal(value: Any, *, what: str) -> Decimal:
    """An engine input that must already be a finite Decimal (raw values, points)."""
    if not isinstance(value, Decimal):
        raise ScoringError(f"{what}: expected a Decimal, got {type(value).__name__}")
    if not value.is_finite():
        raise ScoringError(f"{what}: {value} is not a finite number")
    return value
