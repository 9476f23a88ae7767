"""Files behind appeals, assessments, items and checklists download only within scope,
through the app (never a public media URL)."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
import time_machine
from django.urls import reverse

from zhengxian.core.actors import SYSTEM, system_actor
from zhengxian.orgs.roles import Role
from zhengxian.orgs.testing import make_person
from zhengxian.scoring.models import ChecklistItem
from zhengxian.scoring.services.appeals import appeal_file
from zhengxian.scoring.services.assessments import (
    adjustment_decide,
    adjustment_request,
    manual_assess,
)
from zhengxian.scoring.services.checklists import checklist_item_mark_done
from zhengxian.scoring.services.compute import period_score

from .inputs_data import NOW, PDF_BYTES, PNG_BYTES, january, pdf, png

OFFICE = system_actor("office")

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _pinned_clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def files(org):
    """One file of each kind, all about 湘湖社区."""
    campaign, period = january(org)
    org.people["leader_b"] = make_person(
        "leader_b", org.community_b, [(Role.UNIT_LEADER, org.community_b)]
    )
    assessment = manual_assess(
        period=period,
        leaf=campaign.nodes.get(code="assessment"),
        unit=org.community_a,
        points=D("30"),
        comment="好",
        actor=org.user("evaluator"),
        attachment=pdf(),
    )
    item = adjustment_request(
        period=period,
        unit=org.community_a,
        kind="bonus",
        points=D("2"),
        reason="表彰",
        actor=org.user("evaluator"),
        evidence=png(),
    )
    checklist = ChecklistItem.objects.create(
        campaign=campaign, checklist="red-property", unit=org.community_a, name="红色物业"
    )
    checklist_item_mark_done(
        actor=SYSTEM,
        item=checklist,
        done_on=NOW.date(),
        note="已成立",
        attachment=pdf("成立文件.pdf"),
    )
    sheet = period_score(period=period, actor=OFFICE)
    appeal = appeal_file(
        sheet=sheet,
        unit=org.community_a,
        leaf=campaign.nodes.get(code="assessment"),
        text="申诉",
        actor=org.user("leader_a"),
        attachments=[pdf("申诉材料.pdf")],
    )
    return {
        "appeal": reverse("scoring:attachment", args=["appeal", appeal.attachments.get().pk]),
        "assessment": reverse("scoring:attachment", args=["assessment", assessment.pk]),
        "adjustment": reverse("scoring:attachment", args=["adjustment", item.pk]),
        "checklist": reverse("scoring:attachment", args=["checklist", checklist.pk]),
        "item": item,
    }


def _status(login, key: str, url: str) -> int:
    return login(key).get(url).status_code


def test_an_appeal_attachment_is_seen_by_the_unit_and_its_evaluators_only(files, login):
    url = files["appeal"]
    response = login("leader_a").get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF_BYTES
    assert (
        "attachment" in response["Content-Disposition"]
        and response["X-Content-Type-Options"] == "nosniff"
    )
    assert _status(login, "evaluator", url) == 200
    assert _status(login, "leader_b", url) == 404
    assert _status(login, "cadre_b", url) == 404
    assert _status(login, "nobody", url) == 404


def test_assessment_and_checklist_evidence_is_seen_by_who_sees_the_units_scores(files, login):
    for kind in ("assessment", "checklist"):
        url = files[kind]
        assert _status(login, "evaluator", url) == 200
        assert _status(login, "cadre_a", url) == 200
        assert _status(login, "viewer_b", url) == 404
        assert _status(login, "cadre_b", url) == 404


def test_item_evidence_reaches_the_unit_once_the_item_counts(files, login, org):
    url = files["adjustment"]
    response = login("evaluator").get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PNG_BYTES
    assert _status(login, "cadre_a", url) == 404  # still awaiting approval
    adjustment_decide(adjustment=files["item"], approve=True, actor=org.user("office"))
    assert _status(login, "cadre_a", url) == 200
    assert _status(login, "cadre_b", url) == 404


def test_unknown_kinds_and_anonymous_visitors_get_nothing(files, login, client):
    assert client.get(files["appeal"]).status_code == 302  # to the login page
    assert _status(login, "office", reverse("scoring:attachment", args=["audit", 1])) == 404
    assert _status(login, "office", reverse("scoring:attachment", args=["appeal", 999])) == 404
    assert _status(login, "office", files["appeal"]) == 200  # a known kind and file
