"""Appeals (申诉) during preview (公示): a unit leader files, an evaluator accepts or rejects,
both sides are notified, and an accepted appeal corrects the result in a new version."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
import time_machine
from django.urls import reverse

from zhengxian.core.actors import system_actor
from zhengxian.core.models import Notification
from zhengxian.orgs.roles import Role
from zhengxian.orgs.testing import make_person
from zhengxian.scoring.models import Appeal, AppealStatus, ScoreSheet, SheetStatus, UnitScore
from zhengxian.scoring.services.assessments import manual_assess
from zhengxian.scoring.services.compute import period_score
from zhengxian.scoring.services.publication import period_publish

from .inputs_data import NOW, PDF_BYTES, content, in_preview, january, pdf, png, renamed_text, text

OFFICE = system_actor("office")

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _pinned_clock():
    with time_machine.travel(NOW, tick=False):
        yield


def _form_url(period, unit, leaf: str = "") -> str:
    url = reverse("scoring:appeal_create", args=[period.pk, unit.pk])
    return f"{url}?leaf={leaf}" if leaf else url


def _file(
    client, period, unit, leaf="assessment", grounds="考评分偏低，我们的台账齐全。", files=()
):
    data = {"leaf": leaf, "text": grounds}
    if files:
        data["attachments"] = list(files)
    return client.post(_form_url(period, unit, leaf), data)


def _decide(client, appeal, decision: str, reason: str = "", points: str = ""):
    data = {"decision": decision, "reason": reason, "corrected_points": points}
    return client.post(reverse("scoring:appeal_detail", args=[appeal.pk]), data)


def _leader_b(org):
    return make_person(
        "leader_b", org.community_b, [(Role.UNIT_LEADER, org.community_b)], "湖头陈书记"
    )


def _filed(org, login):
    """湘湖's leader appeals the manual leaf (30 of 40) with one PDF; returns the appeal."""
    campaign, period = january(org)
    manual_assess(
        period=period,
        leaf=campaign.nodes.get(code="assessment"),
        unit=org.community_a,
        points=D("30"),
        comment="一般",
        actor=org.user("evaluator"),
    )
    period_score(period=period, actor=OFFICE)
    response = _file(login("leader_a"), period, org.community_a, files=[pdf()])
    assert response.status_code == 302
    return Appeal.objects.get()


def test_a_unit_leader_appeals_a_leaf_during_preview_with_a_pdf(org, login):
    _campaign, period, sheet = in_preview(org)
    client = login("leader_a")
    page = content(client.get(_form_url(period, org.community_a, "assessment")))
    assert "考评员评价" in page and "0.00" in page  # the leaf and its current points
    response = _file(client, period, org.community_a, files=[pdf("台账.pdf")])
    appeal = Appeal.objects.get()
    assert response["Location"] == reverse("scoring:appeal_detail", args=[appeal.pk])
    assert appeal.unit == org.community_a and appeal.leaf.code == "assessment"
    assert appeal.sheet == sheet and appeal.status == AppealStatus.OPEN
    [attachment] = appeal.attachments.all()
    assert attachment.name == "台账.pdf" and attachment.content_type == "application/pdf"
    detail = content(client.get(response["Location"]))
    assert "考评分偏低" in detail and "台账.pdf" in detail
    assert reverse("scoring:attachment", args=["appeal", attachment.pk]) in detail


def test_the_evaluators_are_notified_of_a_new_appeal(org, login):
    appeal = _filed(org, login)
    url = reverse("scoring:appeal_detail", args=[appeal.pk])
    recipients = set(
        Notification.objects.filter(url=url).values_list("recipient__username", flat=True)
    )
    assert {"evaluator", "office"} <= recipients and "leader_a" not in recipients
    evaluator = login("evaluator")
    home = content(evaluator.get(reverse("home:home")))
    assert 'data-testid="unread-count">1<' in home
    assert "湘湖社区" in content(evaluator.get(reverse("core:notifications")))


def test_a_renamed_text_file_is_refused_and_nothing_is_filed(org, login):
    _campaign, period, _sheet = in_preview(org)
    response = _file(login("leader_a"), period, org.community_a, files=[pdf(), renamed_text()])
    assert response.status_code == 200
    message = (
        "The file %(name)s is not a photo (JPEG, PNG, GIF, WebP), a PDF, or a Word or Excel file."
    )
    assert text(message, name="情况说明.pdf") in content(response)
    assert not Appeal.objects.exists() and not Notification.objects.exists()


def test_at_most_five_files_are_attached(org, login):
    _campaign, period, _sheet = in_preview(org)
    response = _file(
        login("leader_a"), period, org.community_a, files=[png(f"{i}.png") for i in range(6)]
    )
    assert text("At most %(n)s files.", n=5) in content(response)
    assert not Appeal.objects.exists()


def test_the_grounds_are_required(org, login):
    _campaign, period, _sheet = in_preview(org)
    response = _file(login("leader_a"), period, org.community_a, grounds=" ")
    assert text("Explain what is wrong and why.") in content(response)
    assert not Appeal.objects.exists()


def test_one_open_appeal_per_leaf_and_unit(org, login):
    appeal = _filed(org, login)
    response = _file(login("leader_a"), appeal.period, org.community_a)
    assert text("An appeal on this indicator is already open for your unit.") in content(response)
    assert Appeal.objects.count() == 1


def test_appeals_are_filed_only_while_the_result_is_in_preview(org, login):
    _campaign, period = january(org)
    client = login("leader_a")
    closed = text(
        "Appeals are filed while the results are in preview (公示). "
        "This period has no result in preview."
    )
    assert closed in content(client.get(_form_url(period, org.community_a)))
    _file(client, period, org.community_a)
    period_score(period=period, actor=OFFICE)
    period_publish(period=period, actor=OFFICE, force=True)
    assert closed in content(client.get(_form_url(period, org.community_a)))
    _file(client, period, org.community_a)
    assert not Appeal.objects.exists()


def test_accepting_with_corrected_points_creates_a_new_preview_version_showing_them(org, login):
    appeal = _filed(org, login)
    evaluator = login("evaluator")
    page = content(evaluator.get(reverse("scoring:appeal_detail", args=[appeal.pk])))
    assert "30.00" in page and 'name="corrected_points"' in page
    response = _decide(evaluator, appeal, "accept", "台账核实无误，予以更正", "36.5")
    assert response.status_code == 302
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.ACCEPTED and appeal.decided_by == org.user("evaluator")
    sheets = list(ScoreSheet.objects.filter(period=appeal.period).order_by("version"))
    assert [(s.version, s.status) for s in sheets] == [
        (1, SheetStatus.SUPERSEDED),
        (2, SheetStatus.PREVIEW),
    ]
    leaf = UnitScore.objects.get(sheet=sheets[1], unit=org.community_a).detail["leaves"][
        "assessment"
    ]
    assert leaf["points"] == "36.50" and leaf["overridden"] is True
    # 湖头陈 keeps its computed points.
    other = UnitScore.objects.get(sheet=sheets[1], unit=org.community_b).detail["leaves"][
        "assessment"
    ]
    assert other["overridden"] is False
    detail = content(login("leader_a").get(response["Location"]))
    assert "36.50" in detail and text("overridden") in detail and "台账核实无误" in detail


def test_the_unit_leader_is_notified_of_the_decision(org, login):
    appeal = _filed(org, login)
    _decide(login("evaluator"), appeal, "accept", "予以更正", "35")
    url = reverse("scoring:appeal_detail", args=[appeal.pk])
    note = Notification.objects.get(recipient=org.user("leader_a"), url=url)
    assert "予以更正" in note.text
    leader = login("leader_a")
    assert 'data-testid="unread-count">1<' in content(leader.get(reverse("home:home")))


def test_rejecting_needs_a_reason_and_notifies_the_unit_leader(org, login):
    appeal = _filed(org, login)
    evaluator = login("evaluator")
    response = _decide(evaluator, appeal, "reject", "")
    assert response.status_code == 200
    assert text("Give the reason for the decision.") in content(response)
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.OPEN
    _decide(evaluator, appeal, "reject", "评分依据充分，维持原分")
    appeal.refresh_from_db()
    assert (
        appeal.status == AppealStatus.REJECTED
        and appeal.decision_reason == "评分依据充分，维持原分"
    )
    assert ScoreSheet.objects.filter(period=appeal.period).count() == 1  # nothing re-scored
    note = Notification.objects.get(recipient=org.user("leader_a"))
    assert "评分依据充分" in note.text
    page = content(login("leader_a").get(reverse("scoring:appeal_detail", args=[appeal.pk])))
    assert "评分依据充分，维持原分" in page


def test_accepting_needs_corrected_points_within_the_leaf_maximum(org, login):
    appeal = _filed(org, login)
    response = _decide(login("evaluator"), appeal, "accept", "更正", "41")
    assert text("Give the corrected points, between 0 and %(max)s.", max="40.00") in content(
        response
    )
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.OPEN


def test_the_unit_leader_cannot_decide_an_appeal(org, login):
    appeal = _filed(org, login)
    client = login("leader_a")
    page = client.get(reverse("scoring:appeal_detail", args=[appeal.pk]))
    assert page.status_code == 200 and "考评分偏低" in content(page)  # their appeal, shown
    assert 'name="corrected_points"' not in content(page)
    evaluator = login("evaluator").get(reverse("scoring:appeal_detail", args=[appeal.pk]))
    assert 'name="corrected_points"' in content(evaluator)  # the decision form exists
    client = login("leader_a")
    assert _decide(client, appeal, "accept", "自己批准", "40").status_code == 403
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.OPEN


def test_another_communitys_leader_can_neither_see_nor_file_appeals_for_xianghu(org, login, client):
    appeal = _filed(org, login)
    client.force_login(_leader_b(org).user)
    assert client.get(_form_url(appeal.period, org.community_a)).status_code == 404
    assert _file(client, appeal.period, org.community_a, leaf="arena").status_code == 404
    assert client.get(reverse("scoring:appeal_detail", args=[appeal.pk])).status_code == 404
    response = client.get(reverse("scoring:appeal_list"))
    listing = content(response)
    assert response.status_code == 200 and "湖头陈社区" in listing  # their own results in preview
    assert "湘湖社区" not in listing
    attachment = appeal.attachments.get()
    assert (
        client.get(reverse("scoring:attachment", args=["appeal", attachment.pk])).status_code == 404
    )
    assert Appeal.objects.count() == 1
    # Their own community they may appeal.
    assert _file(client, appeal.period, org.community_b, leaf="arena").status_code == 302
    # 湘湖's own leader opens every page refused above.
    client = login("leader_a")
    assert client.get(_form_url(appeal.period, org.community_a)).status_code == 200
    assert client.get(reverse("scoring:appeal_detail", args=[appeal.pk])).status_code == 200
    assert "湘湖社区" in content(client.get(reverse("scoring:appeal_list")))
    download = client.get(reverse("scoring:attachment", args=["appeal", attachment.pk]))
    assert download.status_code == 200


def test_a_cadre_may_not_file_an_appeal(org, login):
    _campaign, period, _sheet = in_preview(org)
    client = login("cadre_a")
    assert client.get(_form_url(period, org.community_a)).status_code == 403
    assert _file(client, period, org.community_a).status_code == 403
    assert client.get(reverse("scoring:appeal_list")).status_code == 403
    leader = login("leader_a")  # the unit leader opens the same pages and files
    assert leader.get(_form_url(period, org.community_a)).status_code == 200
    assert leader.get(reverse("scoring:appeal_list")).status_code == 200
    assert _file(leader, period, org.community_a).status_code == 302


def test_the_list_shows_evaluators_every_appeal_and_units_their_own_filtered_by_status(
    org, login, client
):
    appeal = _filed(org, login)
    leader_b = _leader_b(org)
    client.force_login(leader_b.user)
    _file(client, appeal.period, org.community_b, leaf="arena", grounds="擂台成绩录入有误")
    _decide(login("evaluator"), appeal, "reject", "维持")
    evaluator = login("evaluator")
    everything = content(evaluator.get(reverse("scoring:appeal_list")))
    assert "湘湖社区" in everything and "湖头陈社区" in everything
    open_only = content(evaluator.get(reverse("scoring:appeal_list"), {"status": "open"}))
    assert "湖头陈社区" in open_only and "湘湖社区" not in open_only
    own = content(login("leader_a").get(reverse("scoring:appeal_list")))
    assert "考评分偏低" in own and "擂台成绩录入有误" not in own


def test_the_list_offers_the_unit_leader_the_results_in_preview(org, login):
    _campaign, period, _sheet = in_preview(org)
    page = content(login("leader_a").get(reverse("scoring:appeal_list")))
    assert reverse("scoring:appeal_create", args=[period.pk, org.community_a.pk]) in page
    assert reverse("scoring:appeal_create", args=[period.pk, org.community_b.pk]) not in page


def test_the_attachment_downloads_for_both_sides(org, login):
    appeal = _filed(org, login)
    url = reverse("scoring:attachment", args=["appeal", appeal.attachments.get().pk])
    for key in ("leader_a", "evaluator"):
        response = login(key).get(url)
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == PDF_BYTES
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"].startswith("attachment")


def test_an_evaluator_is_notified_of_the_appeals_of_the_units_they_assess_only(org, login):
    evaluator_b = make_person("evaluator_b", org.community_b, [(Role.EVALUATOR, org.community_b)])
    appeal = _filed(org, login)  # 湘湖
    assert not Notification.objects.filter(recipient=evaluator_b.user).exists()
    leader_b = _leader_b(org)
    client = login("office")
    client.force_login(leader_b.user)
    _file(client, appeal.period, org.community_b, leaf="arena")
    assert Notification.objects.filter(recipient=evaluator_b.user).count() == 1
