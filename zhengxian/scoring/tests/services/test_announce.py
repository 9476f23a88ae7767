"""The units hear of their results: in preview with the appeal deadline, and on publication;
an appeal's answer reaches its filer. Each notification links to the unit's score card and
is grouped by the period (or the appeal)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from zhengxian.core.actors import system_actor
from zhengxian.core.models import Notification
from zhengxian.core.notification_kinds import Kind
from zhengxian.scoring.services.appeals import appeal_decide, appeal_file
from zhengxian.scoring.services.compute import period_score
from zhengxian.scoring.services.publication import period_publish
from zhengxian.scoring.tests.factories import small_campaign

pytestmark = pytest.mark.django_db

OFFICE = system_actor("office")
NOW = dt.datetime(2026, 2, 3, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def test_preview_and_publication_reach_the_units_leaders_with_the_appeal_deadline(
    org, django_capture_on_commit_callbacks
):
    campaign = small_campaign(org)
    period = campaign.periods.get(key="2026-01")
    with time_machine.travel(NOW, tick=False), django_capture_on_commit_callbacks(execute=True):
        sheet = period_score(period=period, actor=OFFICE)
    assert sheet.preview_until is not None
    preview = Notification.objects.get(recipient=org.user("leader_a"))
    assert preview.kind == Kind.PREVIEW_OPENED
    assert sheet.preview_until.isoformat() in preview.text
    assert preview.url == reverse("scoring:scorecard", args=[period.pk, org.community_a.pk])
    assert preview.group == f"period:{period.pk}"
    assert not Notification.objects.filter(recipient=org.user("cadre_a")).exists()

    later = NOW + dt.timedelta(days=30)
    with time_machine.travel(later, tick=False), django_capture_on_commit_callbacks(execute=True):
        period_publish(period=period, actor=OFFICE)
    published = Notification.objects.get(recipient=org.user("leader_a"), kind=Kind.PERIOD_PUBLISHED)
    assert published.group == preview.group  # one group per period on the page


def test_the_filer_hears_the_answer_to_their_appeal(org, django_capture_on_commit_callbacks):
    campaign = small_campaign(org)
    period = campaign.periods.get(key="2026-01")
    with time_machine.travel(NOW, tick=False), django_capture_on_commit_callbacks(execute=True):
        sheet = period_score(period=period, actor=OFFICE)
        leaf = campaign.nodes.get(code="assessment")
        appeal = appeal_file(
            sheet=sheet, unit=org.community_a, leaf=leaf, text="漏算了", actor=org.user("leader_a")
        )
        filed = Notification.objects.get(recipient=org.user("evaluator"))
        assert filed.kind == Kind.APPEAL_FILED
        appeal_decide(
            appeal=appeal,
            accept=True,
            reason="核实无误",
            actor=org.user("evaluator"),
            corrected_points=D("35"),
        )
    answer = Notification.objects.get(recipient=org.user("leader_a"), kind=Kind.APPEAL_ANSWERED)
    assert answer.group == f"appeal:{appeal.pk}" and "核实无误" in answer.text
