"""Fixtures of the cockpit tests: a pinned clock (a Wednesday in March 2026, the small
campaign's year) and a leadership user who watches one community only."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from zhengxian.orgs.roles import Role
from zhengxian.orgs.testing import make_person

TODAY = dt.date(2026, 3, 18)


@pytest.fixture
def today():
    moment = dt.datetime.combine(TODAY, dt.time(10, 0), tzinfo=ZoneInfo("Asia/Shanghai"))
    with time_machine.travel(moment, tick=False):
        yield TODAY


@pytest.fixture
def leader_of_a(org):
    """A leadership grant over 湘湖社区 alone: the cockpit of one community."""
    person = make_person("leader_of_a", org.community_a, [(Role.LEADERSHIP, org.community_a)])
    return person.user
