"""Separation of duties on the evaluator pages: nobody scores their own unit, and a bonus or
penalty item needs two people. Each attack gets a 403 with the reason and saves nothing; an
outsider doing the same succeeds."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
import time_machine
from django.urls import reverse

from zhengxian.core.actors import system_actor
from zhengxian.orgs.roles import Role
from zhengxian.orgs.testing import make_person
from zhengxian.scoring.models import (
    Adjustment,
    AdjustmentStatus,
    Appeal,
    AppealStatus,
    LeafOverride,
    ManualAssessment,
)
from zhengxian.scoring.services.assessments import adjustment_request, manual_assess
from zhengxian.scoring.services.checklists import checklist_items_create
from zhengxian.scoring.services.compute import compute_period, period_score

from .inputs_data import NOW, content, january, text

OFFICE = system_actor("office")

pytestmark = pytest.mark.django_db

OWN_UNIT = "You belong to %(unit)s: someone outside it must do this."


@pytest.fixture(autouse=True)
def _pinned_clock():
    with time_machine.travel(NOW, tick=False):
        yield


def _assess(client, period, leaf, unit, points: str = "38"):
    prefix = f"c{leaf.pk}-{unit.pk}"
    url = reverse("scoring:assessment_cell", args=[period.pk, leaf.pk, unit.pk])
    return client.post(url, {f"{prefix}-points": points, f"{prefix}-comment": "台账齐全"})


def _decide_item(client, item, decision: str = "approve"):
    url = reverse("scoring:adjustment_decide", args=[item.pk])
    return client.post(url, {f"d{item.pk}-decision": decision, f"d{item.pk}-note": "属实"})


def _decide_appeal(client, appeal):
    url = reverse("scoring:appeal_detail", args=[appeal.pk])
    return client.post(url, {"decision": "accept", "reason": "属实", "corrected_points": "40"})


def _leader_with_evaluator_role(org):
    """湘湖's leader who somehow also holds 考评员 over 湘湖社区."""
    return make_person(
        "leader_eval",
        org.community_a,
        [(Role.UNIT_LEADER, org.community_a), (Role.EVALUATOR, org.community_a)],
        "湘湖书记兼考评员",
    )


def _street_evaluator(org):
    return make_person("street_eval", org.subdistrict, [(Role.EVALUATOR, org.subdistrict)])


def test_a_unit_leader_holding_evaluator_over_their_community_cannot_give_it_points(org, client):
    campaign, period = january(org)
    leaf = campaign.nodes.get(code="assessment")
    client.force_login(_leader_with_evaluator_role(org).user)
    response = _assess(client, period, leaf, org.community_a)
    assert response.status_code == 403
    assert text(OWN_UNIT, unit=org.community_a.name) in content(response)
    assert not ManualAssessment.objects.exists()
    client.force_login(org.user("evaluator"))  # from 党政办: the same post is kept
    assert _assess(client, period, leaf, org.community_a).status_code == 302
    assert ManualAssessment.objects.get().unit == org.community_a


def test_an_evaluator_sitting_in_an_office_cannot_score_that_office(org, client):
    campaign, period = january(org)
    leaf = campaign.nodes.get(code="assessment")
    client.force_login(org.user("evaluator"))  # sits in 党政办, which competes
    response = _assess(client, period, leaf, org.office)
    assert response.status_code == 403
    assert text(OWN_UNIT, unit=org.office.name) in content(response)
    assert not ManualAssessment.objects.exists()

    # The same evaluator scores a community; an evaluator of the sub-district scores 党政办.
    assert _assess(client, period, leaf, org.community_a).status_code == 302
    client.force_login(_street_evaluator(org).user)
    assert _assess(client, period, leaf, org.office).status_code == 302
    assert set(ManualAssessment.objects.values_list("unit__name", flat=True)) == {
        org.community_a.name,
        org.office.name,
    }


def test_nobody_approves_the_bonus_they_asked_for(org, client):
    _campaign, period = january(org)
    office = org.user("office")
    item = adjustment_request(
        period=period,
        unit=org.community_a,
        kind="bonus",
        points=D("3"),
        reason="获表彰",
        actor=office,
    )
    client.force_login(office)
    decide = reverse("scoring:adjustment_decide", args=[item.pk])
    page = client.get(reverse("scoring:adjustments", args=[period.pk]))
    assert page.status_code == 200 and "获表彰" in content(page)  # listed, without the form
    assert decide not in content(page)
    response = _decide_item(client, item)
    assert response.status_code == 403
    assert text("You asked for this item: another person must approve it.") in content(response)
    item.refresh_from_db()
    assert item.status == AdjustmentStatus.PENDING and item.decided_by is None

    second = make_person("office_2", org.subdistrict, [(Role.OFFICE, org.subdistrict)])
    client.force_login(second.user)
    assert decide in content(client.get(reverse("scoring:adjustments", args=[period.pk])))
    assert _decide_item(client, item).status_code == 302
    item.refresh_from_db()
    assert item.status == AdjustmentStatus.APPROVED and item.decided_by == second.user


def test_the_office_cannot_approve_an_item_for_the_unit_it_sits_in(org, client):
    _campaign, period = january(org)
    item = adjustment_request(
        period=period,
        unit=org.office,
        kind="bonus",
        points=D("3"),
        reason="获表彰",
        actor=_street_evaluator(org).user,
    )
    client.force_login(org.user("office"))  # sits in 党政办
    response = _decide_item(client, item)
    assert response.status_code == 403
    assert text(OWN_UNIT, unit=org.office.name) in content(response)
    assert Adjustment.objects.get().status == AdjustmentStatus.PENDING
    outsider = make_person("office_2", org.subdistrict, [(Role.OFFICE, org.subdistrict)])
    client.force_login(outsider.user)  # an office member outside 党政办 approves it
    assert _decide_item(client, item).status_code == 302
    assert Adjustment.objects.get().status == AdjustmentStatus.APPROVED


def test_an_evaluator_cannot_ask_for_a_bonus_for_their_own_unit(org, client):
    _campaign, period = january(org)
    client.force_login(org.user("evaluator"))
    url = reverse("scoring:adjustments", args=[period.pk])
    data = {"new-unit": org.office.pk, "new-kind": "bonus", "new-points": "3", "new-reason": "表彰"}
    response = client.post(url, data)
    assert response.status_code == 200  # the form does not offer 党政办
    assert 'data-testid="own-units-note"' in content(response)
    assert not Adjustment.objects.exists()


def _appeal_of_xianghu(org, client) -> Appeal:
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
    client.force_login(org.user("leader_a"))
    url = reverse("scoring:appeal_create", args=[period.pk, org.community_a.pk])
    assert client.post(url, {"leaf": "assessment", "text": "分数偏低"}).status_code == 302
    return Appeal.objects.get()


def test_nobody_accepts_an_appeal_of_their_own_unit(org, client):
    appeal = _appeal_of_xianghu(org, client)
    client.force_login(_leader_with_evaluator_role(org).user)
    page = content(client.get(reverse("scoring:appeal_detail", args=[appeal.pk])))
    assert 'name="corrected_points"' not in page
    assert (
        text("You belong to this unit: an evaluator from outside it decides this appeal.") in page
    )
    response = _decide_appeal(client, appeal)
    assert response.status_code == 403
    assert text(OWN_UNIT, unit=org.community_a.name) in content(response)
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.OPEN and not LeafOverride.objects.exists()

    client.force_login(org.user("evaluator"))  # from 党政办: an outsider to 湘湖
    assert _decide_appeal(client, appeal).status_code == 302
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.ACCEPTED


def _checklist_item(org, unit):
    campaign, period = january(org)
    (item,) = checklist_items_create(
        campaign=campaign,
        checklist="red-property",
        name="红色物业",
        units=[unit],
        actor=org.user("office"),
    )
    return period, item


def _tick(client, item, day: str = "2026-01-20"):
    url = reverse("scoring:checklist_item_done", args=[item.pk])
    return client.post(url, {f"i{item.pk}-done_on": day, f"i{item.pk}-note": "已成立"})


def _confirm(client, item):
    return client.post(reverse("scoring:checklist_item_done", args=[item.pk]), {"confirm": "1"})


def _checklist_raw(period, unit):
    result, _ = compute_period(period)
    return result.unit(unit.pk).leaves["red-property"].raw


def test_a_units_own_checklist_tick_counts_only_once_an_outsider_confirms_it(org, client):
    period, item = _checklist_item(org, org.community_a)
    client.force_login(org.user("cadre_a"))
    assert _tick(client, item).status_code == 302
    item.refresh_from_db()
    assert item.done_on and item.awaiting_confirmation
    assert _checklist_raw(period, org.community_a) == D(0)
    page = content(client.get(reverse("scoring:checklists", args=[item.campaign_id])))
    assert f'data-testid="awaiting-{item.pk}"' in page

    # Neither the unit's cadre nor its leader holding 考评员 over it may confirm.
    assert _confirm(client, item).status_code == 403
    client.force_login(_leader_with_evaluator_role(org).user)
    response = _confirm(client, item)
    assert response.status_code == 403
    assert text(OWN_UNIT, unit=org.community_a.name) in content(response)
    item.refresh_from_db()
    assert item.awaiting_confirmation and _checklist_raw(period, org.community_a) == D(0)

    client.force_login(org.user("evaluator"))  # from 党政办: an outsider to 湘湖
    assert _confirm(client, item).status_code == 302
    item.refresh_from_db()
    assert not item.awaiting_confirmation and item.confirmed_by == org.user("evaluator")
    assert _checklist_raw(period, org.community_a) == D(1)

    # Correcting the tick asks for a new confirmation.
    client.force_login(org.user("cadre_a"))
    _tick(client, item, day="2026-01-05")
    item.refresh_from_db()
    assert item.awaiting_confirmation and _checklist_raw(period, org.community_a) == D(0)


def test_an_evaluator_cannot_confirm_the_tick_of_the_office_they_sit_in(org, client):
    period, item = _checklist_item(org, org.office)
    cadre = make_person("dzb_cadre", org.office, [(Role.CADRE, org.office)])
    client.force_login(cadre.user)
    _tick(client, item)
    client.force_login(org.user("evaluator"))  # sits in 党政办
    response = _confirm(client, item)
    assert response.status_code == 403
    assert text(OWN_UNIT, unit=org.office.name) in content(response)
    assert _checklist_raw(period, org.office) == D(0)
    client.force_login(_street_evaluator(org).user)
    assert _confirm(client, item).status_code == 302
    assert _checklist_raw(period, org.office) == D(1)


def test_a_tick_by_someone_outside_the_unit_counts_at_once(org, client):
    period, item = _checklist_item(org, org.community_a)
    client.force_login(org.user("office"))  # records work over the sub-district, sits in 党政办
    assert _tick(client, item).status_code == 302
    item.refresh_from_db()
    assert not item.awaiting_confirmation and item.confirmed_by == org.user("office")
    assert _checklist_raw(period, org.community_a) == D(1)
