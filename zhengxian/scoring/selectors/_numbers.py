"""Number helpers shared by the result reads: shares of a whole, stored values as Decimals."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

HUNDRED = Decimal(100)
CENT = Decimal("0.01")


def percent(part: Decimal, whole: Decimal) -> Decimal:
    """``part`` as a share of ``whole``, 0 … 100, to one decimal place (for bars)."""
    if whole <= 0:
        return Decimal(0)
    return max(Decimal(0), min(HUNDRED, part * HUNDRED / whole)).quantize(
        Decimal("0.1"), rounding=ROUND_HALF_UP
    )


def to_decimal(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def to_cents(value: Any) -> Decimal:
    """A database aggregate (float or Decimal) rounded half-up to 2 places."""
    return Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_UP)
