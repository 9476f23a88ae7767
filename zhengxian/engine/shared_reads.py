"""Reads that several sources of one scoring run share, made once.

Leaves of one campaign often read the same rows: the preset's three visit leaves count the
same month of visits (all, to enterprises, to households), its two per-cadre leaves divide by
the same cadres. Inside ``shared_reads()`` (``gather_inputs`` opens it for a run),
``read_once(key, read)`` calls ``read()`` the first time a key is asked and gives the same
result after; outside it, every call reads. The key names what is read and everything it
depends on (the period, the units asked), so a result never serves another question.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar

T = TypeVar("T")

_memo: ContextVar[dict[Hashable, Any] | None] = ContextVar("shared_reads", default=None)


@contextmanager
def shared_reads() -> Iterator[None]:
    token = _memo.set({})
    try:
        yield
    finally:
        _memo.reset(token)


def read_once(key: Hashable, read: Callable[[], T]) -> T:
    memo = _memo.get()
    if memo is None:
        return read()
    if key not in memo:
        memo[key] = read()
    return memo[key]  # type: ignore[no-any-return]
