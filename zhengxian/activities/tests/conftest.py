"""Fixtures for the activity tests: a pinned clock and sessions of the `org` fixture."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from zoneinfo import ZoneInfo

import pytest
import time_machine

from zhengxian.activities import services
from zhengxian.activities.models import Activity, ActivityKind, Session
from zhengxian.activities.services import Audience, SessionPlan

TZ = ZoneInfo("Asia/Shanghai")
DAY = dt.date(2026, 3, 20)


def at(hour: int, minute: int = 0, day: dt.date = DAY) -> dt.datetime:
    """A moment in Hangzhou time."""
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=TZ)


@pytest.fixture
def clock() -> Iterator[Callable[[dt.datetime], None]]:
    """Starts at 2026-03-20 08:00 Hangzhou time; ``clock(moment)`` moves it (no ticking)."""
    with time_machine.travel(at(8), tick=False) as traveller:
        yield traveller.move_to


def plan(start: dt.datetime, hours: int = 2, **kwargs: object) -> SessionPlan:
    return SessionPlan(
        starts_at=start,
        ends_at=start + dt.timedelta(hours=hours),
        place="湘湖党群服务中心",
        **kwargs,
    )  # type: ignore[arg-type]


def make_activity(
    org,
    *,
    kind: str = ActivityKind.FIRST_TOPIC,
    organiser=None,
    audience: Audience | None = None,
    starts: list[dt.datetime] | None = None,
    by: str = "office",
    **fields: object,
) -> Activity:
    return services.activity_create(
        actor=org.user(by),
        kind=kind,
        title=fields.pop("title", "湘湖社区三月学习"),  # type: ignore[arg-type]
        organiser=organiser or org.community_a,
        audience=audience if audience is not None else Audience(units=(org.community_a,)),
        sessions=[plan(start) for start in (starts or [at(9)])],
        **fields,  # type: ignore[arg-type]
    )


@pytest.fixture
def study(org, clock) -> Session:
    """湘湖社区三月学习: a first-topic study of 湘湖社区, 09:00–11:00, expecting its four
    people (with its grid's)."""
    return make_activity(org).sessions.get()


@pytest.fixture
def opened(org, study, clock) -> Session:
    """The study, opened by the unit leader at 08:40."""
    clock(at(8, 40))
    return services.session_open(session=study, actor=org.user("leader_a"))


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    """The attendance report keeps its per-unit counts in the cache under a version that
    writes renew; a test's database is rolled back but the cache is not, so each test
    starts with an empty cache."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
