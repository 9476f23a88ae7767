"""The escalation ladder counts the reds of the scoring period the cockpit shows, not of the
calendar month, when the campaign's periods are not calendar months.

Worked by hand: the cockpit shows the period 第二期, 26 January – 25 February 2026 (today is
18 March). Reds of 湘湖: 20 Jan (before), 26 Jan, 10 Feb, 25 Feb (inside: 3, 约谈 — the
calendar February would count 2), 26 Feb (after). Reds of 湖头陈: 1 Feb (inside: 1, 提醒),
2 Mar (after; the calendar March, today's month, would count only this one).
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from zhengxian.campaigns.models import Period, month_key
from zhengxian.projects import status as rules
from zhengxian.projects.models import StatusChange
from zhengxian.projects.tests.factories import make_project
from zhengxian.scoring.tests.views.results_data import build_results

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("cockpit:dashboard")
START, END = dt.date(2026, 1, 26), dt.date(2026, 2, 25)
REDS = {
    "a": [(1, 20), (1, 26), (2, 10), (2, 25), (2, 26)],
    "b": [(2, 1), (3, 2)],
}


@pytest.fixture
def period_and_reds(org, today):
    results = build_results(org)
    Period.objects.filter(pk=results.feb.pk).update(
        start=START, end=END, first_month=month_key(START), label="第二期"
    )
    for key, unit in (("a", org.community_a), ("b", org.community_b)):
        project = make_project(org, f"RED-{key}", unit=unit)
        for month, day in REDS[key]:
            when = dt.date(2026, month, day)
            StatusChange.objects.create(
                project=project,
                unit=unit,
                old_status=rules.GREEN,
                new_status=rules.RED,
                day=when,
                month=month_key(when),
                changed_at=dt.datetime.combine(when, dt.time(9), tzinfo=ZoneInfo("Asia/Shanghai")),
            )
    return results.feb


def test_the_cockpit_ladder_counts_the_reds_of_the_period_it_shows(login, period_and_reds):
    context = login("leadership").get(DASHBOARD).context
    assert context["scores"].period == period_and_reds
    ladder = context["ladder"]
    assert [(c.unit.name, c.reds, c.rung.code if c.rung else None) for c in ladder.climbs] == [
        ("湘湖社区", 3, "talk"),
        ("湖头陈社区", 1, "reminder"),
    ]
    assert ladder.url == f"/projects/warnings/?period={period_and_reds.pk}"
    assert context["ladder_chart"]["option"]["series"][0]["data"] == [3, 1]


def test_the_ladder_link_opens_the_same_count_on_the_warnings_page(login, period_and_reds):
    client = login("leadership")
    ladder = client.get(DASHBOARD).context["ladder"]
    page = client.get(ladder.url)
    assert page.status_code == 200
    assert [(c.unit.name, c.reds) for c in page.context["climbs"]] == [
        ("湘湖社区", 3),
        ("湖头陈社区", 1),
    ]
    assert "第二期" in page.text and 'data-testid="escalation-period"' in page.text


def test_without_a_period_shown_the_ladder_counts_the_calendar_month(org, login, today):
    project = make_project(org, "RED-b", unit=org.community_b)
    StatusChange.objects.create(
        project=project,
        unit=org.community_b,
        old_status=rules.GREEN,
        new_status=rules.RED,
        day=dt.date(2026, 3, 2),
        month=202603,
        changed_at=dt.datetime(2026, 3, 2, 9, tzinfo=ZoneInfo("Asia/Shanghai")),
    )
    ladder = login("leadership").get(DASHBOARD).context["ladder"]
    assert ladder.period is None and ladder.url == "/projects/warnings/?month=202603"
    assert [(c.unit.name, c.reds) for c in ladder.climbs] == [("湖头陈社区", 1)]


def test_a_period_outside_the_users_campaigns_is_not_found(login, period_and_reds, org):
    assert login("leadership").get("/projects/warnings/?period=999999").status_code == 404
