"""Decimal arithmetic for points: one fixed context, one rounding rule, no floats."""

from __future__ import annotations

import decimal
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any

from .errors import ScoringError

CENT = Decimal("0.01")
ZERO = Decimal("0")

# Fixed here so that results never depend on a caller's decimal.getcontext(): the engine,
# the sources and the record share all run in it (``scoring_context``).
ENGINE_CONTEXT = decimal.Context(
    prec=28,
    rounding=decimal.ROUND_HALF_EVEN,
    traps=[decimal.InvalidOperation, decimal.DivisionByZero, decimal.Overflow],
)
_CONTEXT = ENGINE_CONTEXT


@contextmanager
def scoring_context() -> Iterator[None]:
    with decimal.localcontext(ENGINE_CONTEXT):
        yield


def exact(value: Decimal | int) -> Fraction:
    """A Decimal as the exact rational it denotes (no context, no rounding)."""
    return Fraction(*value.as_integer_ratio())


def round_exact(value: Fraction, places: int = 2) -> Decimal:
    """An exact rational rounded once, half away from zero, to ``places`` places (2: points).

    The methods compute quotients as Fractions, so a value that is exactly x.xx5 stays
    exactly that, however many digits its operands have, and is never nudged below the
    half by an inexact intermediate division (3 × 5 / 24 = 0.625 → 0.63).
    """
    # floor(|n/d| × 10^p + 1/2) in integers: the same value, without building Fractions.
    numerator, denominator = value.numerator, value.denominator
    units = (2 * abs(numerator) * 10**places + denominator) // (2 * denominator)
    signed = -units if numerator < 0 else units
    return Decimal(signed).scaleb(-places, context=_CONTEXT)


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
