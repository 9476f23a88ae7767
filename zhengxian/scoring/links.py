"""Addresses of the score pages, for lists that link every row."""

from __future__ import annotations

from collections.abc import Callable

from zhengxian.core.links import reversed_once


def scorecard_urls(period_id: int) -> Callable[[int], str]:
    """The score card's address of a unit of the period, reversed once."""
    return reversed_once("scoring:scorecard", period_id)
