"""Fixtures of the matters tests: a pinned clock and helpers to build matters in any state.

The clock is pinned to Tuesday 10 March 2026, 10:00 in Hangzhou, unless a test moves it
with ``on(day)``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from zoneinfo import ZoneInfo

import pytest
import time_machine

from zhengxian.campaigns.models import Campaign, Period, month_key
from zhengxian.orgs.testing import OrgFixture

TZ = ZoneInfo("Asia/Shanghai")
TODAY = dt.date(2026, 3, 10)


@contextmanager
def on(day: dt.date, hour: int = 10) -> Iterator[None]:
    """Runs the block with the clock at ``hour`` o'clock of ``day`` in Hangzhou."""
    with time_machine.travel(
        dt.datetime(day.year, day.month, day.day, hour, tzinfo=TZ), tick=False
    ):
        yield


@pytest.fixture(autouse=True)
def pinned_clock() -> Iterator[None]:
    with on(TODAY):
        yield


def make_period(org: OrgFixture, first: dt.date, last: dt.date | None = None) -> Period:
    """A period covering the months of ``first`` to ``last`` (a campaign of its own)."""
    last = last or first
    campaign, _created = Campaign.objects.get_or_create(
        code=f"test-{first.year}",
        defaults={
            "name": "测试活动",
            "year": first.year,
            "start": dt.date(first.year, 1, 1),
            "end": dt.date(first.year, 12, 31),
            "period_length": "month",
            "owner_unit": org.subdistrict,
        },
    )
    key = f"{month_key(first)}-{month_key(last)}"
    period, _created = Period.objects.get_or_create(
        campaign=campaign,
        key=key,
        defaults={
            "index": Period.objects.filter(campaign=campaign).count() + 1,
            "label": key,
            "start": first,
            "end": last,
            "first_month": month_key(first),
            "last_month": month_key(last),
        },
    )
    return period
