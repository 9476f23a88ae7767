"""Scoring a period that is still running (its last day after today) warns first: records
may still come in. The office may go on by ticking the box."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from zhengxian.scoring.models import ScoreSheet

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def mid_march() -> Iterator[None]:
    with time_machine.travel(dt.datetime(2026, 3, 16, 10, tzinfo=ZoneInfo("Asia/Shanghai"))):
        yield


def _url(name: str, period) -> str:
    return reverse(f"scoring:{name}", args=[period.campaign_id, period.pk])


def test_scoring_a_running_month_warns_and_scores_only_once_confirmed(org, as_user, campaign):
    client = as_user("office")
    march = campaign.periods.get(key="2026-03")
    page = client.get(_url("period_detail", march)).text
    assert 'data-testid="running-warning"' in page and "This period runs until 2026-03-31" in page
    assert 'name="running"' in page

    response = client.post(_url("period_score", march), follow=True)
    assert [str(m) for m in response.context["messages"]] == [
        f"{march.label} runs until 2026-03-31: records entered later will not count. "
        "Tick the box to score it anyway."
    ]
    assert not ScoreSheet.objects.filter(period=march).exists()

    response = client.post(_url("period_score", march), {"running": "on"}, follow=True)
    assert response.context["scoring_job"]["outcome"]["summary"] == [
        f"{march.label} scored: version 1 is in preview until 2026-03-21."
    ]
    assert ScoreSheet.objects.filter(period=march).count() == 1


def test_a_month_that_is_over_scores_without_the_warning(org, as_user, campaign):
    client = as_user("office")
    february = campaign.periods.get(key="2026-02")
    page = client.get(_url("period_detail", february)).text
    assert 'data-testid="score-form"' in page and 'data-testid="running-warning"' not in page
    client.post(_url("period_score", february))
    assert ScoreSheet.objects.filter(period=february).count() == 1
