"""The activity list reads a page: the same queries for a few activities as for many, and
the same activities, in the same order, as the full ordered query."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from zhengxian.activities.models import ActivityKind
from zhengxian.activities.selectors.access import activities_visible_to

from .conftest import at, make_activity


def _add(org, count: int, start: int = 0) -> None:
    """``count`` activities, some starting on the same day, some with a later session
    listed first (the list orders by each activity's first start, then the newest)."""
    for i in range(start, start + count):
        day = dt.date(2026, 3, 1) + dt.timedelta(days=i % 20)
        starts = (
            [at(9, day=day)] if i % 2 else [at(9, day=day + dt.timedelta(days=30)), at(9, day=day)]
        )
        make_activity(org, kind=ActivityKind.STUDY, title=f"学习{i}", starts=starts)


def _list(client) -> tuple[int, list[tuple[int, dt.datetime | None]]]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("activities:activity_list"))
    assert response.status_code == 200
    shown = [(a.pk, a.first_start) for a in response.context["page"].object_list]
    return len(queries), shown


def test_the_activity_list_runs_the_same_queries_for_3_or_40_activities(org, login, clock):
    client = login("office")
    _add(org, 3)
    few, shown = _list(client)
    assert len(shown) == 3
    _add(org, 37, start=3)
    many, shown = _list(client)
    assert len(shown) == 30
    assert many == few
    expected = [(a.pk, a.first_start) for a in activities_visible_to(org.user("office"))[:30]]
    assert shown == expected
