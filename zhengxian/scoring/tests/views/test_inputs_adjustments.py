"""Bonus and penalty items (加分/扣分): requested with evidence, approved by the office, capped."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
import time_machine
from django.urls import reverse

from zhengxian.core.actors import system_actor
from zhengxian.orgs.roles import Role
from zhengxian.orgs.testing import make_person
from zhengxian.scoring.models import Adjustment, AdjustmentStatus, UnitScore
from zhengxian.scoring.services.compute import period_score

from .inputs_data import NOW, content, january, pdf, renamed_text, text

OFFICE = system_actor("office")

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _pinned_clock():
    with time_machine.travel(NOW, tick=False):
        yield


def _page(period) -> str:
    return reverse("scoring:adjustments", args=[period.pk])


def _request(
    client, period, unit, kind: str, points: str, reason: str = "获市级表彰", evidence=None
):
    data = {"new-unit": unit.pk, "new-kind": kind, "new-points": points, "new-reason": reason}
    if evidence is not None:
        data["new-evidence"] = evidence
    return client.post(_page(period), data)


def _decide(client, item, decision: str, note: str = ""):
    url = reverse("scoring:adjustment_decide", args=[item.pk])
    return client.post(url, {f"d{item.pk}-decision": decision, f"d{item.pk}-note": note})


def _total(period, unit) -> UnitScore:
    sheet = period_score(period=period, actor=OFFICE)
    return UnitScore.objects.get(sheet=sheet, unit=unit)


# Without inputs, each community scores 60.00 in January: the checklist, panel and rating
# leaves have no data and count in full (3 × 20); the manual leaf has none and counts zero.


def test_a_bonus_counts_only_after_approval_and_only_up_to_the_cap(org, login):
    _campaign, period = january(org)
    evaluator = login("evaluator")
    response = _request(evaluator, period, org.community_a, "bonus", "7", evidence=pdf())
    assert response.status_code == 302
    item = Adjustment.objects.get()
    assert item.status == AdjustmentStatus.PENDING and item.evidence
    assert _total(period, org.community_a).total == D("60.00")

    # The evaluator requests; only the campaign office approves.
    assert _decide(evaluator, item, "approve").status_code == 403
    item.refresh_from_db()
    assert item.status == AdjustmentStatus.PENDING

    office = login("office")
    assert _decide(office, item, "approve", "属实").status_code == 302
    item.refresh_from_db()
    assert item.status == AdjustmentStatus.APPROVED and item.decided_by == org.user("office")
    row = _total(period, org.community_a)
    assert row.bonus == D("5.00") and row.total == D("65.00")  # min(7, cap 5)

    page = content(office.get(_page(period)))
    assert "+5.00" in page and text("%(sum)s approved, capped", sum="7.00") in page


def test_a_penalty_above_the_cap_is_capped(org, login):
    _campaign, period = january(org)
    _request(login("evaluator"), period, org.community_b, "penalty", "12", reason="安全检查不合格")
    item = Adjustment.objects.get()
    _decide(login("office"), item, "approve")
    row = _total(period, org.community_b)
    assert row.penalty == D("10.00") and row.total == D("50.00")  # 60 − min(12, cap 10)


def test_several_bonus_items_add_up_before_the_cap(org, login):
    _campaign, period = january(org)
    evaluator = login("evaluator")
    _request(evaluator, period, org.community_a, "bonus", "2")
    _request(evaluator, period, org.community_a, "bonus", "1.5")
    office = login("office")
    for item in Adjustment.objects.all():
        _decide(office, item, "approve")
    assert _total(period, org.community_a).total == D("63.50")


def test_rejecting_an_item_needs_a_note_and_the_item_never_counts(org, login):
    _campaign, period = january(org)
    _request(login("evaluator"), period, org.community_a, "bonus", "3")
    item = Adjustment.objects.get()
    office = login("office")
    response = _decide(office, item, "reject")
    assert text("Say why the item is rejected.") in content(office.get(response["Location"]))
    item.refresh_from_db()
    assert item.status == AdjustmentStatus.PENDING
    _decide(office, item, "reject", "证据不足")
    item.refresh_from_db()
    assert item.status == AdjustmentStatus.REJECTED and item.decision_note == "证据不足"
    assert _total(period, org.community_a).total == D("60.00")


def test_the_request_needs_a_reason_and_evidence_of_an_accepted_type(org, login):
    _campaign, period = january(org)
    client = login("evaluator")
    page = content(_request(client, period, org.community_a, "bonus", "3", reason=""))
    assert text("Give the reason and the evidence for this item.") in page
    page = content(_request(client, period, org.community_a, "bonus", "3", evidence=renamed_text()))
    assert "情况说明.pdf" in page
    assert not Adjustment.objects.exists()


def test_the_list_filters_by_status_and_kind(org, login):
    _campaign, period = january(org)
    evaluator = login("evaluator")
    _request(evaluator, period, org.community_a, "bonus", "3", reason="先进集体")
    _request(evaluator, period, org.community_b, "penalty", "2", reason="台账缺失")
    approved = Adjustment.objects.get(kind="bonus")
    _decide(login("office"), approved, "approve")
    client = login("evaluator")
    page = content(client.get(_page(period), {"status": "approved"}))
    assert "先进集体" in page and "台账缺失" not in page
    page = content(client.get(_page(period), {"kind": "penalty"}, headers={"HX-Request": "true"}))
    assert "台账缺失" in page and "先进集体" not in page and "<html" not in page


def test_the_office_sees_the_decision_form_and_the_evaluator_does_not(org, login):
    _campaign, period = january(org)
    _request(login("evaluator"), period, org.community_a, "bonus", "3")
    item = Adjustment.objects.get()
    decide = reverse("scoring:adjustment_decide", args=[item.pk])
    assert decide in content(login("office").get(_page(period)))
    page = login("evaluator").get(_page(period))  # the item is listed, without the form
    assert page.status_code == 200 and "获市级表彰" in content(page)
    assert decide not in content(page)


def test_a_cadre_can_neither_see_nor_request_items(org, login):
    _campaign, period = january(org)
    client = login("cadre_a")
    assert client.get(_page(period)).status_code == 403
    assert _request(client, period, org.community_a, "bonus", "5").status_code == 403
    assert not Adjustment.objects.exists()
    evaluator = login("evaluator")  # the same page and request work for an evaluator
    assert evaluator.get(_page(period)).status_code == 200
    assert _request(evaluator, period, org.community_a, "bonus", "5").status_code == 302
    assert Adjustment.objects.count() == 1


def test_an_item_for_a_unit_outside_the_evaluators_scope_is_refused(org, client):
    _campaign, period = january(org)
    evaluator_b = make_person("evaluator_b", org.community_b, [(Role.EVALUATOR, org.community_b)])
    client.force_login(evaluator_b.user)
    response = _request(client, period, org.community_a, "bonus", "5")
    assert response.status_code == 200  # the form refuses a unit it does not offer
    assert not Adjustment.objects.exists()
    client.force_login(org.user("evaluator"))  # the sub-district's evaluator may ask for it
    assert _request(client, period, org.community_a, "bonus", "5").status_code == 302
    assert Adjustment.objects.get().unit == org.community_a


def test_past_the_threshold_the_unit_box_searches_only_the_competing_kinds(org, login, settings):
    _campaign, period = january(org)
    evaluator = login("evaluator")
    html = content(evaluator.get(_page(period)))
    assert 'name="new-unit"' in html and "kind=community" not in html  # a plain select

    settings.ZHENGXIAN_AUTOCOMPLETE_THRESHOLD = 1
    html = content(evaluator.get(_page(period)))
    assert "kind=community" in html  # the box asks for communities, the competing kind
    assert "kind=street" not in html
