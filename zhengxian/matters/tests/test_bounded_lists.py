"""The deadlines page, the matter list and the visit list stay bounded at any size: the same
number of queries for a few records as for many, at most one page of rows, and a link to
the next page that works."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from zhengxian.matters import services
from zhengxian.matters.selectors import matters as matter_selectors
from zhengxian.matters.services import VisitTarget
from zhengxian.matters.views.common import PAGE_SIZE
from zhengxian.matters.workflow import Action

from .conftest import on
from .factories import act, file_matter

NEXT_LINK = re.compile(r'href="(\?[^"]*page=2[^"]*)"')


def overdue_matters(org, count: int, *, unit: str = "community_a", start: int = 0) -> None:
    """``count`` matters overdue on 10 March, the oldest deadline first."""
    for i in range(start, start + count):
        with on(dt.date(2026, 2, 1)):
            matter = file_matter(org, title=f"楼道堆放杂物{i}")
            act(
                org,
                matter,
                Action.ASSIGN,
                "leader_a",
                unit=unit,
                deadline=dt.date(2026, 2, 2) + dt.timedelta(days=i % 25),
            )


def visits(org, count: int) -> None:
    for i in range(count):
        day = dt.date(2026, 3, 1) + dt.timedelta(days=i % 9)
        with on(day):
            services.visit_create(
                actor=org.user("cadre_a"),
                unit=org.community_a,
                visited_on=day,
                target=VisitTarget(kind="household", unit=org.community_a, household=f"{i}幢"),
                summary="走访了解情况",
                visitors=[org.people["cadre_a"]],
            )


def queries_of(client, url: str) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx), response.content.decode()


def next_page(client, url: str, html: str) -> str:
    link = NEXT_LINK.search(html)
    assert link, "no link to the next page"
    response = client.get(url + link.group(1).replace("&amp;", "&"))
    assert response.status_code == 200
    return response.content.decode()


def test_the_deadlines_page_runs_the_same_queries_for_3_or_30_late_matters(org, login):
    client = login("leadership")
    url = reverse("matters:deadlines")
    overdue_matters(org, 3)
    few, html = queries_of(client, url)
    assert html.count('data-testid="deadline-group"') == 1
    assert "deadline-more" not in html
    overdue_matters(org, 27, start=3)
    many, html = queries_of(client, url)
    assert many == few
    rows = matter_selectors.BOARD_ROWS_PER_GROUP
    assert html.count('badge text-bg-danger">') == rows  # the group's first rows only
    assert "楼道堆放杂物0<" in html  # most overdue first
    assert "逾期 36 天" in html  # its deadline was 2 February
    total = re.search(r'data-testid="overdue-total">\D*(\d+)', html)
    assert total and total.group(1) == "30"  # the total counts them all
    more = re.search(r'data-testid="deadline-more"[^>]*>\D*(\d+)', html)
    assert more and more.group(1) == str(30 - rows)


def test_the_deadlines_page_shows_a_page_of_units_and_links_to_the_next(org, login, monkeypatch):
    monkeypatch.setattr(matter_selectors, "BOARD_GROUPS_PER_PAGE", 1)
    overdue_matters(org, 2, unit="community_a")
    overdue_matters(org, 1, unit="grid_a", start=2)
    client = login("leadership")
    url = reverse("matters:deadlines")
    _count, html = queries_of(client, url)
    assert html.count('data-testid="deadline-group"') == 1
    assert "湘湖社区" in html and "湘湖第一网格" not in html  # most overdue first
    second = next_page(client, url, html)
    assert "湘湖第一网格" in second


def test_the_groups_more_link_opens_the_units_overdue_matters(org, login):
    overdue_matters(org, 7)
    client = login("leadership")
    html = client.get(reverse("matters:deadlines")).content.decode()
    link = re.search(r'data-testid="deadline-more" href="([^"]+)"', html)
    assert link
    listed = client.get(link.group(1).replace("&amp;", "&")).content.decode()
    assert listed.count("楼道堆放杂物") == 7


@pytest.mark.parametrize("extra", [PAGE_SIZE + 5])
def test_the_matter_list_runs_the_same_queries_for_3_or_many_matters(org, login, extra):
    client = login("leadership")
    url = reverse("matters:matter_list")
    for i in range(3):
        file_matter(org, title=f"路灯坏了{i}")
    few, _html = queries_of(client, url)
    for i in range(3, 3 + extra):
        file_matter(org, title=f"路灯坏了{i}")
    many, html = queries_of(client, url)
    assert many == few
    assert html.count("路灯坏了") == PAGE_SIZE
    second = next_page(client, url, html)
    assert second.count("路灯坏了") == extra + 3 - PAGE_SIZE


def test_the_visit_list_runs_the_same_queries_for_3_or_many_visits(org, login):
    client = login("cadre_a")
    url = reverse("matters:visit_list")
    visits(org, 3)
    few, _html = queries_of(client, url)
    visits(org, PAGE_SIZE + 2)
    many, html = queries_of(client, url)
    assert many == few
    assert html.count("走访了解情况") == PAGE_SIZE
    second = next_page(client, url, html)
    assert second.count("走访了解情况") == 5


def test_past_the_count_cap_the_visit_list_says_more_than_and_pages_to_the_cap(
    org, login, settings
):
    settings.ZHENGXIAN_LIST_COUNT_CAP = PAGE_SIZE + 2
    client = login("cadre_a")
    url = reverse("matters:visit_list")
    visits(org, PAGE_SIZE + 2)
    assert f"{PAGE_SIZE + 2} 次走访" in client.get(url).text  # at the cap: exact

    visits(org, 5)
    with CaptureQueriesContext(connection) as ctx:
        html = client.get(url).text
    assert f"超过 {PAGE_SIZE + 2} 次走访，请用筛选条件缩小范围" in html
    counts = [q["sql"] for q in ctx if "COUNT(" in q["sql"] and "matters_visit" in q["sql"]]
    assert len(counts) == 1 and f"LIMIT {PAGE_SIZE + 3}" in counts[0]
    second = next_page(client, url, html)
    assert second.count("走访了解情况") == 2  # the pages stop at the cap
    filtered = client.get(url, {"date_from": "2026-03-09"}).text
    assert "超过" not in filtered  # a filter narrows it below the cap: exact again


def test_past_the_count_cap_the_people_list_says_more_than(org, login, settings):
    settings.ZHENGXIAN_LIST_COUNT_CAP = 3
    html = login("office").get(reverse("orgs:person_list")).text
    assert "超过 3 人，请用筛选条件缩小范围" in html


def test_the_deadlines_page_keeps_its_counts_until_a_matter_changes(org, login):
    overdue_matters(org, 3)
    client = login("leadership")
    url = reverse("matters:deadlines")
    counted, html = queries_of(client, url)
    assert re.search(r'data-testid="overdue-total">\D*3\b', html)
    kept, html = queries_of(client, url)
    assert kept == counted - 1  # the second opening reads the kept counts
    assert re.search(r'data-testid="overdue-total">\D*3\b', html)
    resolved = matter_selectors.matters_visible_to(org.user("leadership")).order_by("pk").first()
    resolved = act(org, resolved, Action.ACCEPT, "leader_a")
    act(org, resolved, Action.RESOLVE, "leader_a")
    _count, html = queries_of(client, url)
    assert re.search(r'data-testid="overdue-total">\D*2\b', html)  # at once, not minutes later
    assert "楼道堆放杂物0<" not in html
