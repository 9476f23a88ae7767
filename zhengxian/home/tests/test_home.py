"""The start page: the cockpit for leadership and the office, 'my to-dos' first for a unit
leader and a cadre (with the visit button), the menu tiles below for everyone."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from zhengxian.matters.tests.factories import act, file_matter

pytestmark = pytest.mark.django_db

HOME = reverse("home:home")


@pytest.mark.parametrize("who", ["leadership", "office"])
def test_leadership_and_the_office_see_the_cockpit_and_the_tiles(login, who):
    page = login(who).get(HOME).content.decode()
    assert 'data-testid="cockpit-panels"' in page and "zx-tile" in page
    assert 'data-testid="todos"' not in page


def test_a_cadre_sees_to_dos_first_with_the_visit_button_and_no_cockpit(login, org):
    act(org, file_matter(org, title="网格路灯"), "assign", "leader_a", unit="grid_a")
    page = login("grid_a").get(HOME).content.decode()
    assert 'data-testid="cockpit-panels"' not in page
    assert page.index('data-testid="visit-button"') < page.index('data-testid="todos"') + 400
    assert page.index('data-testid="todos"') < page.index("zx-tile")
    assert "网格路灯" in page and reverse("matters:visit_create") in page


def test_a_late_matter_on_the_cadres_list_says_how_many_days_late_it_is(login, org):
    moment = dt.datetime(2026, 3, 2, 10, tzinfo=ZoneInfo("Asia/Shanghai"))
    with time_machine.travel(moment, tick=False):
        act(org, file_matter(org, title="网格路灯"), "assign", "leader_a", unit="grid_a")
        page = login("grid_a").get(HOME).content.decode()
        assert 'data-testid="days-late"' not in page  # due on 9 March
    with time_machine.travel(moment + dt.timedelta(days=10), tick=False):
        page = login("grid_a").get(HOME).content.decode()
    assert "网格路灯" in page and "逾期 3 天" in page


def test_a_matter_of_another_unit_is_not_on_the_cadres_list(login, org):
    theirs = file_matter(org, by="cadre_b", unit="community_b", title="湖头陈井盖")
    act(org, theirs, "assign", "office", unit="community_b")
    assert "湖头陈井盖" not in login("cadre_a").get(HOME).content.decode()
    assert "湖头陈井盖" in login("cadre_b").get(HOME).content.decode()  # positive control


def test_a_viewer_gets_neither(login):
    page = login("viewer_b").get(HOME).content.decode()
    assert 'data-testid="todos"' not in page and 'data-testid="cockpit-panels"' not in page
