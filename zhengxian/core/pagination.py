"""Pagination helpers shared by the lists."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator


class CountedPaginator(Paginator):
    """A paginator told its row count: the caller already has it (an aggregate read for
    the page's summary), so the paginator need not run a COUNT of its own."""

    def __init__(self, object_list: Any, per_page: int, *, count: int, **kwargs: Any) -> None:
        super().__init__(object_list, per_page, **kwargs)
        self._known_count = count

    @property
    def count(self) -> int:  # type: ignore[override]
        return self._known_count
