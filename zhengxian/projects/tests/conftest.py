"""Fixtures of the project tests: a pinned clock and small builders over the `org` fixture."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

TODAY = dt.date(2026, 3, 18)  # a Wednesday; the week runs from Monday 16 March


@pytest.fixture
def today():
    """Pins the clock to 10:00 on TODAY (Asia/Shanghai)."""
    moment = dt.datetime.combine(TODAY, dt.time(10, 0), tzinfo=ZoneInfo("Asia/Shanghai"))
    with time_machine.travel(moment, tick=False):
        yield TODAY
