"""The cockpit's slow panels (matters, coverage, attendance) are counted at most every few
minutes per user, say when they were counted, and are counted again by the worker before
they expire for whoever keeps the cockpit open."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from zhengxian.cockpit.dashboard.kept import warm_cockpits
from zhengxian.matters.tests.factories import file_matter
from zhengxian.orgs.models import RoleAssignment

from .conftest import TODAY

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("cockpit:dashboard")


def at(minutes: float):
    """``minutes`` after the pinned 10:00 of TODAY."""
    moment = dt.datetime.combine(TODAY, dt.time(10, 0), tzinfo=ZoneInfo("Asia/Shanghai"))
    return time_machine.travel(moment + dt.timedelta(minutes=minutes), tick=False)


def matters_counted(response) -> int:
    return sum(state.count for state in response.context["matters"].states)


def test_the_matters_panel_is_kept_five_minutes_and_says_when_it_was_counted(org, login, today):
    client = login("leadership")
    before = matters_counted(client.get(DASHBOARD))
    file_matter(org, title="新报的路灯问题")

    with at(2):
        kept = client.get(DASHBOARD)
    assert matters_counted(kept) == before
    assert "10:00" in kept.content.decode().split('data-testid="counted-at"')[1][:200]

    with at(6):
        counted = client.get(DASHBOARD)
    assert matters_counted(counted) == before + 1
    assert "10:06" in counted.content.decode().split('data-testid="counted-at"')[1][:200]


def test_the_worker_counts_again_for_an_open_cockpit_before_its_panels_expire(org, login, today):
    client = login("leadership")
    before = matters_counted(client.get(DASHBOARD))
    assert warm_cockpits() == 0  # just counted
    file_matter(org, title="新报的路灯问题")

    with at(4):  # within 90 seconds of the five minutes
        assert warm_cockpits() == 1
    with at(5.5):  # past the first count's five minutes: the worker's count answers
        page = client.get(DASHBOARD)
    assert matters_counted(page) == before + 1
    assert "10:04" in page.content.decode().split('data-testid="counted-at"')[1][:200]


def test_nobody_is_counted_for_an_hour_after_they_left_nor_once_they_lost_the_role(
    org, login, today
):
    login("leadership").get(DASHBOARD)
    with at(61):
        assert warm_cockpits() == 0  # not opened for an hour

    login("leadership").get(DASHBOARD)
    RoleAssignment.objects.filter(person=org.people["leadership"]).delete()
    with at(4):
        assert warm_cockpits() == 0
