"""The matters panel: counts by state, the overdue and on-time rates, worked by hand on a small
set, and each bar equal to the matter list's count for the same filter."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from zhengxian.cockpit.dashboard.matters import matter_figures
from zhengxian.matters.models import Matter, MatterState
from zhengxian.matters.tests.factories import act, file_matter, matter_in

from .conftest import TODAY

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("cockpit:dashboard")


def _at(day: dt.date):
    moment = dt.datetime.combine(day, dt.time(9, 0), tzinfo=ZoneInfo("Asia/Shanghai"))
    return time_machine.travel(moment, tick=False)


def assigned(org, title: str, *, reported: dt.date, deadline: dt.date) -> Matter:
    """A matter of 湘湖 reported and assigned on ``reported`` with ``deadline``."""
    with _at(reported):
        return act(org, file_matter(org, title=title), "assign", "leader_a", deadline=deadline)


def resolved(org, title: str, *, deadline: dt.date, on: dt.date) -> Matter:
    matter = assigned(org, title, reported=TODAY - dt.timedelta(days=20), deadline=deadline)
    with _at(on):
        matter = act(org, matter, "accept", "leader_a")
        return act(org, matter, "resolve", "leader_a")


@pytest.fixture
def five_open(org, today):
    """Five assigned matters of 湘湖, three of them past their deadline."""
    ago = today - dt.timedelta(days=20)
    return [
        assigned(org, f"路灯{i}坏了", reported=ago, deadline=today + dt.timedelta(days=days))
        for i, days in enumerate((-2, -1, -5, 3, 7))
    ]


def test_three_overdue_of_five_open_is_an_overdue_rate_of_60(org, today, five_open):
    figures = matter_figures(org.user("leadership"), today=today)
    assert (figures.open_count, figures.overdue) == (5, 3)
    assert figures.overdue_rate == 60.0


def test_the_page_states_the_overdue_rate_and_links_it_to_the_overdue_list(login, today, five_open):
    page = login("leadership").get(DASHBOARD).content.decode()
    assert 'data-testid="matters-overdue-rate">60.0%<' in page
    assert 'data-testid="matters-open">5<' in page
    assert "/matters/?state=open&amp;deadline=overdue" in page


def test_one_of_two_resolved_on_time_is_an_on_time_rate_of_50(org, today):
    resolved(org, "井盖", deadline=today - dt.timedelta(days=10), on=today - dt.timedelta(days=8))
    resolved(org, "垃圾", deadline=today - dt.timedelta(days=10), on=today - dt.timedelta(days=12))
    figures = matter_figures(org.user("leadership"), today=today)
    assert (figures.resolved_with_deadline, figures.resolved_on_time) == (2, 1)
    assert figures.on_time_rate == 50.0


def test_no_open_matter_states_no_rate_rather_than_zero(org, today):
    figures = matter_figures(org.user("leadership"), today=today)
    assert figures.overdue_rate is None and figures.on_time_rate is None


def test_each_bar_equals_the_matter_lists_count_for_its_state(login, org, today, five_open):
    matter_in(org, MatterState.IN_PROGRESS, title="占道经营")
    matter_in(org, MatterState.CLOSED, title="噪音扰民")
    act(org, file_matter(org, title="违章搭建"), "escalate", "leader_a")
    client = login("leadership")
    chart = client.get(DASHBOARD).context["matter_chart"]
    option = chart["option"]
    bars = dict(zip(option["xAxis"]["data"], option["series"][0]["data"], strict=True))
    assert sum(bars.values()) == 8
    for label, url in chart["links"].items():
        listed = client.get(url).context["page"].paginator.count
        assert bars[label] == listed, (label, url)
    # A click anywhere else opens the open matters: the count the panel states.
    assert client.get(chart["href"]).context["page"].paginator.count == 7
