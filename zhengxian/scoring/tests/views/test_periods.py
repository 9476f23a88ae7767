"""The period pages: score → preview (公示) → publish (晾晒), a correction with a reason
after publication, and the refusals the office is told about."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from zhengxian.campaigns.models import PeriodStatus
from zhengxian.jobs.models import Job
from zhengxian.scoring.models import ScoreSheet, SheetStatus
from zhengxian.scoring.services.appeals import appeal_file

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def early_february() -> Iterator[None]:
    """January 2026 is over; its preview (5 days) would run until 8 February."""
    with time_machine.travel(dt.datetime(2026, 2, 3, 10, tzinfo=ZoneInfo("Asia/Shanghai"))):
        yield


def _url(name: str, period) -> str:
    return reverse(f"scoring:{name}", args=[period.campaign_id, period.pk])


def _post(client, url: str, data: dict[str, str] | None = None) -> tuple[object, list[str]]:
    """Posts, follows the redirect, and returns the page and what it tells the office: its
    messages, and the summary or error of the scoring job the score button queued (the
    tests' task backend runs the job at once)."""
    response = client.post(url, data or {}, follow=True)
    told = [str(m) for m in response.context["messages"]]
    card = response.context.get("scoring_job")
    if card:
        told += card["outcome"].get("summary", []) or [card["job"].error]
    return response, told


def test_the_office_scores_and_publishes_a_period_through_the_page(org, as_user, campaign):
    client = as_user("office")
    january = campaign.periods.get(key="2026-01")
    page = client.get(_url("period_detail", january))
    assert 'data-testid="score-form"' in page.text and 'data-testid="publish-form"' not in page.text

    page, messages = _post(client, _url("period_score", january))
    job = Job.objects.get(kind="scoring.period_score")
    assert page.redirect_chain == [(f"{_url('period_detail', january)}?job={job.pk}", 302)]
    assert job.status == "succeeded" and 'data-testid="job"' in page.text
    assert messages == [f"{january.label} scored: version 1 is in preview until 2026-02-08."]
    assert 'data-testid="publish-form"' in page.text
    january.refresh_from_db()
    assert january.status == PeriodStatus.PREVIEW

    page, messages = _post(client, _url("period_publish", january), {"confirm": "on"})
    assert messages == [
        "The preview runs until 2026-02-08; publish after it, or publish early on purpose."
    ]
    january.refresh_from_db()
    assert january.status == PeriodStatus.PREVIEW

    page, messages = _post(
        client, _url("period_publish", january), {"force": "on", "confirm": "on"}
    )
    assert messages == [f"{january.label} published (version 1)."]
    january.refresh_from_db()
    assert january.status == PeriodStatus.PUBLISHED
    sheet = ScoreSheet.objects.get(period=january)
    assert sheet.status == SheetStatus.PUBLISHED and len(sheet.digest) == 64
    assert 'data-testid="correct-form"' in page.text and 'data-testid="score-form"' not in page.text
    listing = client.get(reverse("scoring:period_list", args=[campaign.pk]))
    assert listing.context["periods"][0].sheet == sheet


def test_a_published_period_is_corrected_with_a_reason_as_a_new_version(org, as_user, campaign):
    client = as_user("office")
    january = campaign.periods.get(key="2026-01")
    _post(client, _url("period_score", january))
    _post(client, _url("period_publish", january), {"force": "on", "confirm": "on"})

    response = client.post(_url("period_correct", january), {"reason": "  "})
    assert response.status_code == 200
    assert response.context["correction_form"].errors["reason"]
    assert ScoreSheet.objects.filter(period=january).count() == 1

    _page, messages = _post(client, _url("period_correct", january), {"reason": "补录擂台比武成绩"})
    assert messages == [
        f"Corrected version 2 of {january.label} is in preview; publish it to replace the "
        "published result."
    ]
    correction = ScoreSheet.objects.get(period=january, version=2)
    assert (correction.status, correction.reason) == (SheetStatus.PREVIEW, "补录擂台比武成绩")
    # A correction is published without waiting for the preview days.
    _page, messages = _post(client, _url("period_publish", january), {"confirm": "on"})
    assert messages == [f"{january.label} published (version 2)."]
    assert ScoreSheet.objects.get(period=january, version=1).status == SheetStatus.SUPERSEDED


def test_scoring_a_published_period_again_is_refused_with_the_reason(org, as_user, campaign):
    client = as_user("office")
    january = campaign.periods.get(key="2026-01")
    _post(client, _url("period_score", january))
    _post(client, _url("period_publish", january), {"force": "on", "confirm": "on"})
    _page, messages = _post(client, _url("period_score", january))
    assert messages == ["This period is published: give a reason to compute a corrected version."]
    february = campaign.periods.get(key="2026-02")
    _page, messages = _post(client, _url("period_correct", february), {"reason": "x"})
    assert messages == ["Only a published period is corrected; score this one again instead."]


def test_an_open_appeal_holds_the_publication_and_the_office_is_told_why(org, as_user, campaign):
    client = as_user("office")
    january = campaign.periods.get(key="2026-01")
    _post(client, _url("period_score", january))
    appeal_file(
        sheet=ScoreSheet.objects.get(period=january),
        unit=org.community_a,
        leaf=campaign.nodes.get(code="red-property"),
        text="红色物业已创建",
        actor=org.user("leader_a"),
    )
    page = client.get(_url("period_detail", january))
    assert 'data-testid="open-appeals"' in page.text
    _page, messages = _post(
        client, _url("period_publish", january), {"force": "on", "confirm": "on"}
    )
    assert messages == ["Appeals are still open for this period: decide them before publishing."]
    january.refresh_from_db()
    assert january.status == PeriodStatus.PREVIEW


def test_a_cadre_sees_the_periods_but_cannot_score_or_publish(org, as_user, campaign):
    client = as_user("cadre_a")
    january = campaign.periods.get(key="2026-01")
    page = client.get(_url("period_detail", january))
    assert page.status_code == 200 and january.label in page.text
    assert 'data-testid="score-form"' not in page.text
    for name in ("period_score", "period_publish", "period_correct"):
        assert client.post(_url(name, january), {"force": "on", "reason": "x"}).status_code == 403
    assert not ScoreSheet.objects.exists()
    assert client.get(_url("period_score", january)).status_code == 405


def test_a_correction_lists_the_records_changed_since_publication(org, as_user, campaign):
    from zhengxian.core.actors import SYSTEM
    from zhengxian.scoring.services.checklists import (
        checklist_item_mark_done,
        checklist_items_create,
    )

    client = as_user("office")
    january = campaign.periods.get(key="2026-01")
    (item,) = checklist_items_create(
        campaign=campaign,
        checklist="red-property",
        name="红色业委会",
        units=[org.community_b],
        actor=SYSTEM,
    )
    _post(client, _url("period_score", january))
    _post(client, _url("period_publish", january), {"force": "on", "confirm": "on"})
    published = ScoreSheet.objects.get(period=january, version=1)
    checklist_item_mark_done(item=item, done_on=dt.date(2026, 1, 28), note="补录", actor=SYSTEM)

    page, _messages = _post(client, _url("period_correct", january), {"reason": "复核"})
    changed = page.text.split('data-testid="changed-records"')[1].split("</section>")[0]
    assert "红色业委会" in changed and "Recorded or counted since publication" in changed
    assert org.community_b.name in changed
    assert "1 record changed since publication: published values kept" in page.text
    kept = ScoreSheet.objects.get(period=january, version=2)
    b_total = kept.unit_scores.get(unit=org.community_b).total
    assert b_total == published.unit_scores.get(unit=org.community_b).total

    page, _messages = _post(
        client,
        _url("period_correct", january),
        {"reason": "补录红色业委会", "include_changed_records": "on"},
    )
    assert "Includes 1 record changed since publication" in page.text
    included = ScoreSheet.objects.get(period=january, version=3)
    assert included.unit_scores.get(unit=org.community_b).total > b_total
