"""Paginators for lists too big to count each time, or counted already."""

from __future__ import annotations

from functools import cached_property
from typing import Any

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest


def capped_count(rows: QuerySet[Any], cap: int | None = None) -> tuple[int, bool]:
    """How many rows there are, counting no further than ``cap`` (the setting
    ``ZHENGXIAN_LIST_COUNT_CAP``): (count, True) once more than ``cap``. One query: COUNT over
    a LIMIT'd subquery without ORDER BY (any cap + 1 rows do), so the database stops after
    cap + 1 rows and picks the index of the filters rather than of the sort."""
    cap = settings.ZHENGXIAN_LIST_COUNT_CAP if cap is None else cap
    counted = rows.order_by()[: cap + 1].count()
    return min(counted, cap), counted > cap


class CappedPaginator(Paginator):
    """A paginator that counts at most ``cap`` rows (the setting ``ZHENGXIAN_LIST_COUNT_CAP``,
    10,000): past it, ``capped`` is true, the list says "more than 10,000" and its pages stop
    there. A COUNT of a whole province's visits costs more than the page it heads, and
    nobody pages through 500 pages; the filters are how one gets to a record."""

    def __init__(self, object_list: Any, per_page: int, *, cap: int | None = None) -> None:
        super().__init__(object_list, per_page)
        self.cap = cap if cap is not None else settings.ZHENGXIAN_LIST_COUNT_CAP

    @cached_property
    def _counted(self) -> tuple[int, bool]:
        rows = self.object_list
        if isinstance(rows, QuerySet):
            return capped_count(rows, self.cap)
        return min(len(rows), self.cap), len(rows) > self.cap

    @property
    def count(self) -> int:  # type: ignore[override]
        return self._counted[0]

    @property
    def capped(self) -> bool:
        return self._counted[1]


class KnownCountPaginator(Paginator):
    """A paginator told how many rows there are, by a count already read with others (a
    ranking's group sizes come in one GROUP BY for every group): no COUNT of its own."""

    def __init__(self, object_list: Any, per_page: int, *, count: int) -> None:
        super().__init__(object_list, per_page)
        self._known_count = count

    @property
    def count(self) -> int:  # type: ignore[override]
        return self._known_count


def query_without_page(request: HttpRequest) -> str:
    """The request's query string without ``page``: the filters each page link carries."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def paginate(request: HttpRequest, rows: QuerySet[Any], per_page: int) -> tuple[Page, str]:
    """The page of a long list that the request asks for (``?page=``), counted at most to the
    cap (``CappedPaginator``), and the query string its page links carry."""
    page = CappedPaginator(rows, per_page).get_page(request.GET.get("page"))
    return page, query_without_page(request)
