"""Scoring from the period page runs as a background job: the page shows its card to the one
who started it, and a job whose worker stopped after storing the sheet does not score twice."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from zhengxian.core.background import LocalJob
from zhengxian.jobs.models import Job
from zhengxian.scoring.jobs import score_in_job
from zhengxian.scoring.models import ScoreSheet

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def early_february() -> Iterator[None]:
    with time_machine.travel(dt.datetime(2026, 2, 3, 10, tzinfo=ZoneInfo("Asia/Shanghai"))):
        yield


def _url(name: str, period) -> str:
    return reverse(f"scoring:{name}", args=[period.campaign_id, period.pk])


def test_the_score_button_queues_a_job_whose_card_only_its_owner_sees(org, as_user, campaign):
    january = campaign.periods.get(key="2026-01")
    office = as_user("office")
    office.post(_url("period_score", january))
    job = Job.objects.get(kind="scoring.period_score")
    assert job.owner == org.user("office") and job.status == "succeeded"
    assert ScoreSheet.objects.filter(period=january).count() == 1

    own = office.get(f"{_url('period_detail', january)}?job={job.pk}")
    assert 'data-testid="job-summary"' in own.text and "version 1" in own.text

    leadership = as_user("leadership")
    other = leadership.get(f"{_url('period_detail', january)}?job={job.pk}")
    assert other.status_code == 200 and january.label in other.text
    assert 'data-testid="job"' not in other.text


def test_a_job_resumed_after_the_sheet_was_stored_does_not_score_again(org, campaign):
    january = campaign.periods.get(key="2026-01")
    first = LocalJob(owner=org.user("office"))
    score_in_job(first, period_id=january.pk)
    assert first.done == 2 and first.state == {"version": 1}

    resumed = LocalJob(owner=org.user("office"))
    resumed.done, resumed.state = first.done, first.state
    outcome = score_in_job(resumed, period_id=january.pk)
    assert outcome.data == {"version": 1}
    assert ScoreSheet.objects.filter(period=january).count() == 1


def test_a_correction_runs_as_a_job_with_its_reason(org, as_user, campaign):
    january = campaign.periods.get(key="2026-01")
    office = as_user("office")
    office.post(_url("period_score", january))
    office.post(_url("period_publish", january), {"force": "on", "confirm": "on"})

    response = office.post(_url("period_correct", january), {"reason": "补录擂台比武成绩"})

    job = Job.objects.filter(kind="scoring.period_score").latest("pk")
    assert response.status_code == 302 and response["Location"].endswith(f"?job={job.pk}")
    assert job.status == "succeeded" and job.params["reason"] == "补录擂台比武成绩"
    assert ScoreSheet.objects.get(period=january, version=2).reason == "补录擂台比武成绩"
    (summary,) = office.get(response["Location"]).context["scoring_job"]["outcome"]["summary"]
    # written in the language the job ran in (the request's here, the site's in a worker)
    assert summary in (
        f"Corrected version 2 of {january.label} is in preview; publish it to replace the "
        "published result.",
        f"{january.label} 的更正版本（第 2 版）正在公示；发布后将替换已发布结果。",
    )
