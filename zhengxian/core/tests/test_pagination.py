"""The one pagination partial keeps the list's query-string parameters in its links; a
ranking's pages are not counted again."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.paginator import Page, Paginator
from django.template.loader import render_to_string
from django.test import RequestFactory

from zhengxian.core.pagination import KnownCountPaginator


def _page(number: int, rows: int = 30) -> Page:
    return Paginator(range(rows), 10).get_page(number)


def _render(page: Page, query: dict[str, str], **context: object) -> str:
    request = RequestFactory().get("/list/", query)
    return render_to_string("core/_pagination.html", {"page": page, **context}, request=request)


def test_the_links_keep_the_request_parameters_and_replace_the_page():
    html = _render(_page(2), {"kind": "study", "page": "2"})
    assert 'href="?kind=study&amp;page=1"' in html
    assert 'href="?kind=study&amp;page=3"' in html
    assert "2 / 3" in html


def test_the_view_querystring_takes_the_place_of_the_request_parameters():
    html = _render(_page(1), {"group": "x"}, querystring="checklist=a&group=b")
    assert html.count('class="page-link" href=') == 1  # no link back from the first page
    assert 'href="?checklist=a&amp;group=b&amp;page=2"' in html


def test_a_list_of_one_page_has_no_page_links():
    assert "pagination" not in _render(_page(1, rows=3), {})


def test_a_paginator_told_its_count_pages_without_counting(django_assert_num_queries, db):
    users = get_user_model().objects
    for name in ("a", "b", "c"):
        users.create_user(name)
    with django_assert_num_queries(1):  # the page's rows, no COUNT
        page = KnownCountPaginator(users.order_by("username"), 2, count=3).get_page(2)
        assert [user.username for user in page] == ["c"]
    assert page.paginator.num_pages == 2 and not page.has_next()
