"""The battle chart a page at a time: past LIVE_LIMIT projects the counts and the status filter
read the stored colour (kept current by every write through the services) and only the
page's rows are derived, in a number of queries that does not grow with the projects."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from zhengxian.projects import services
from zhengxian.projects.selectors import chart as chart_module

from .conftest import TODAY
from .factories import TEST_ACTOR, add_milestone, day, make_project, report

pytestmark = pytest.mark.django_db

URL = "/projects/chart/?year=2026"
SHANGHAI = ZoneInfo("Asia/Shanghai")


def _projects(org, codes: range) -> None:
    for n in codes:
        project = make_project(org, f"P{n:02d}", category="economy" if n % 2 else "construction")
        report(project, 0, 50)
        add_milestone(project, "节点", -3 if n % 3 == 0 else 60)  # every third one is late


def _seen(page) -> tuple[list[str], tuple[str, str, str]]:
    text = page.content.decode()
    counts = tuple(
        re.search(rf'data-testid="count-{c}">.*?(\d+)</span>', text, re.S).group(1)
        for c in ("red", "yellow", "green")
    )
    return re.findall(r'data-project="(\w+)"', text), counts


def test_stored_colours_give_the_same_chart_as_live_ones(org, today, login, monkeypatch):
    _projects(org, range(1, 8))
    client = login("leadership")
    live = [_seen(client.get(f"{URL}&{q}")) for q in ("", "status=red", "status=green")]
    monkeypatch.setattr(chart_module, "LIVE_LIMIT", 0)
    stored = [_seen(client.get(f"{URL}&{q}")) for q in ("", "status=red", "status=green")]
    assert stored == live
    assert live[0][1][0] == "2" and live[1][0] == ["P03", "P06"]  # economy before construction
    assert 'data-testid="counts-stored"' in client.get(URL).content.decode()


def test_the_rows_come_a_page_at_a_time_in_constant_queries(org, today, login, monkeypatch):
    monkeypatch.setattr(chart_module, "LIVE_LIMIT", 0)
    monkeypatch.setattr(chart_module, "PAGE_SIZE", 3)
    client = login("leadership")
    _projects(org, range(1, 5))
    with CaptureQueriesContext(connection) as few:
        first = client.get(URL)
    _projects(org, range(5, 17))
    with CaptureQueriesContext(connection) as many:
        client.get(URL)
    assert len(many.captured_queries) == len(few.captured_queries)
    assert len(_seen(first)[0]) == 3
    pages = [_seen(client.get(f"{URL}&page={n}"))[0] for n in range(1, 7)]
    everything = [code for page in pages for code in page]
    assert len(everything) == len(set(everything)) == 16  # every project once, none twice
    assert 'page=2"' in client.get(URL).content.decode().replace("&amp;", "&")


def test_a_new_project_with_a_late_milestone_shows_at_once(org, today, login, monkeypatch):
    monkeypatch.setattr(chart_module, "LIVE_LIMIT", 0)
    client = login("leadership")
    _projects(org, range(1, 3))
    codes, counts = _seen(client.get(URL))
    assert codes == ["P01", "P02"] and counts == ("0", "0", "2")
    assert _seen(client.get(URL)) == (codes, counts)  # kept: the same chart again
    _projects(org, range(3, 4))  # a third project, its milestone late: red
    codes, counts = _seen(client.get(URL))
    assert codes == ["P01", "P03", "P02"] and counts == ("1", "0", "2")


def _marks(page) -> list[str]:
    return re.findall(r'data-testid="milestone" data-state="(\w+)"', page.content.decode())


def test_the_drawn_rows_follow_a_completed_milestone_and_the_next_day(org, today, login):
    project = make_project(org, "P01")
    milestone = add_milestone(project, "主体结顶", 0)  # due today
    late_evening = dt.datetime.combine(TODAY, dt.time(23, 58), tzinfo=SHANGHAI)
    with time_machine.travel(late_evening, tick=False):
        client = login("leadership")
        assert _marks(client.get(URL)) == ["due_soon"]
        assert _marks(client.get(URL)) == ["due_soon"]  # drawn once, then kept
    with time_machine.travel(late_evening + dt.timedelta(minutes=5), tick=False):
        assert _marks(client.get(URL)) == ["overdue"]  # a new day: drawn again
    services.milestone_complete(actor=TEST_ACTOR, milestone=milestone, actual_date=day(0))
    assert _marks(client.get(URL)) == ["done"]
    services.project_update(actor=TEST_ACTOR, project=project, name="新名字", today=TODAY)
    assert "新名字" in client.get(URL).content.decode()
