"""Every scoring input service checks its actor itself, so no page, command, import or API
can skip the check; and nobody acts on their own unit's score."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest
import time_machine

from zhengxian.core.actors import SYSTEM
from zhengxian.core.errors import DomainError, NotAllowed
from zhengxian.orgs.duties import OwnUnitConflict
from zhengxian.orgs.roles import Role
from zhengxian.orgs.testing import make_person
from zhengxian.scoring.models import (
    Adjustment,
    Appeal,
    ChecklistItem,
    ManualAssessment,
    PanelScore,
    Rater,
    RaterPanel,
)
from zhengxian.scoring.services.appeals import appeal_file
from zhengxian.scoring.services.assessments import (
    adjustment_decide,
    adjustment_request,
    manual_assess,
)
from zhengxian.scoring.services.checklists import checklist_item_mark_done, checklist_items_create
from zhengxian.scoring.services.panels import (
    panel_score_enter,
    rater_add,
    rater_panel_create,
    rater_revoke,
)
from zhengxian.scoring.tests.views.inputs_data import NOW, in_preview, january

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _pinned_clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.mark.parametrize("who", ["cadre_a", "cadre_b", "viewer_b", "nobody", "evaluator"])
def test_appeal_file_refuses_a_user_without_the_right_to_appeal_for_the_unit(org, who):
    campaign, _period, sheet = in_preview(org)
    with pytest.raises(NotAllowed):
        appeal_file(
            sheet=sheet,
            unit=org.community_a,
            leaf=campaign.nodes.get(code="assessment"),
            text="分数偏低",
            actor=org.user(who),
        )
    assert not Appeal.objects.exists()
    appeal_file(  # the same appeal by the unit's leader is filed
        sheet=sheet,
        unit=org.community_a,
        leaf=campaign.nodes.get(code="assessment"),
        text="分数偏低",
        actor=org.user("leader_a"),
    )
    assert Appeal.objects.count() == 1


def test_appeal_file_refuses_the_leader_of_another_community(org):
    campaign, _period, sheet = in_preview(org)
    leader_b = make_person("leader_b", org.community_b, [(Role.UNIT_LEADER, org.community_b)])
    with pytest.raises(NotAllowed):
        appeal_file(
            sheet=sheet,
            unit=org.community_a,
            leaf=campaign.nodes.get(code="assessment"),
            text="替别人申诉",
            actor=leader_b.user,
        )
    assert not Appeal.objects.exists()
    appeal_file(  # the unit's own leader may
        sheet=sheet,
        unit=org.community_a,
        leaf=campaign.nodes.get(code="assessment"),
        text="分数偏低",
        actor=org.user("leader_a"),
    )
    assert Appeal.objects.count() == 1


@pytest.mark.parametrize("who", ["leader_a", "cadre_a", "leadership", "viewer_b", "supervisor"])
def test_manual_points_and_bonus_requests_need_the_right_to_assess(org, who):
    campaign, period = january(org)
    with pytest.raises(NotAllowed):
        manual_assess(
            period=period,
            leaf=campaign.nodes.get(code="assessment"),
            unit=org.community_a,
            points=D("40"),
            comment="满分",
            actor=org.user(who),
        )
    with pytest.raises(NotAllowed):
        adjustment_request(
            period=period,
            unit=org.community_a,
            kind="bonus",
            points=D("5"),
            reason="表彰",
            actor=org.user(who),
        )
    assert not ManualAssessment.objects.exists() and not Adjustment.objects.exists()
    evaluator = org.user("evaluator")  # the same two calls by an evaluator are kept
    manual_assess(
        period=period,
        leaf=campaign.nodes.get(code="assessment"),
        unit=org.community_a,
        points=D("40"),
        comment="满分",
        actor=evaluator,
    )
    adjustment_request(
        period=period,
        unit=org.community_a,
        kind="bonus",
        points=D("5"),
        reason="表彰",
        actor=evaluator,
    )
    assert ManualAssessment.objects.count() == 1 and Adjustment.objects.count() == 1


def test_an_evaluator_cannot_decide_a_bonus_only_the_office_does(org):
    _campaign, period = january(org)
    item = adjustment_request(
        period=period,
        unit=org.community_a,
        kind="bonus",
        points=D("2"),
        reason="表彰",
        actor=org.user("evaluator"),
    )
    street_eval = make_person("street_eval", org.subdistrict, [(Role.EVALUATOR, org.subdistrict)])
    with pytest.raises(NotAllowed):
        adjustment_decide(adjustment=item, approve=True, actor=street_eval.user)
    assert adjustment_decide(adjustment=item, approve=True, actor=org.user("office")).decided_by


def test_the_requester_never_approves_their_own_item(org):
    _campaign, period = january(org)
    office = org.user("office")
    item = adjustment_request(
        period=period,
        unit=org.community_b,
        kind="penalty",
        points=D("1"),
        reason="超期",
        actor=office,
    )
    with pytest.raises(NotAllowed):
        adjustment_decide(adjustment=item, approve=False, actor=office, note="撤回")
    item.refresh_from_db()
    assert item.status == "pending"
    second = make_person("office_2", org.subdistrict, [(Role.OFFICE, org.subdistrict)])
    adjustment_decide(adjustment=item, approve=False, actor=second.user, note="撤回")
    item.refresh_from_db()
    assert item.status == "rejected"  # another office member decides it


def test_a_grid_worker_with_an_evaluator_role_cannot_score_their_community(org):
    campaign, period = january(org)
    gridder = make_person("grid_eval", org.grid_a, [(Role.EVALUATOR, org.subdistrict)])
    with pytest.raises(OwnUnitConflict):
        manual_assess(
            period=period,
            leaf=campaign.nodes.get(code="assessment"),
            unit=org.community_a,  # 湘湖第一网格 lies in 湘湖社区
            points=D("40"),
            comment="满分",
            actor=gridder.user,
        )
    assert not ManualAssessment.objects.exists()
    street = make_person("street_eval", org.subdistrict, [(Role.EVALUATOR, org.subdistrict)])
    manual_assess(  # an evaluator sitting outside 湘湖 scores it
        period=period,
        leaf=campaign.nodes.get(code="assessment"),
        unit=org.community_a,
        points=D("40"),
        comment="满分",
        actor=street.user,
    )
    assert ManualAssessment.objects.get().unit == org.community_a


def _judge_period(org):
    _campaign, period = january(org)
    return period


def test_a_judge_holding_a_cadre_role_in_a_community_cannot_score_it(org):
    period = _judge_period(org)
    judge = make_person(
        "judge",
        org.subdistrict,
        [(Role.EVALUATOR, org.subdistrict), (Role.CADRE, org.community_b)],
    )
    with pytest.raises(DomainError) as refused:
        panel_score_enter(
            period=period,
            panel="arena",
            judge=judge,
            unit=org.community_b,
            score=D("99"),
            actor=judge.user,
        )
    assert refused.value.code == "own_unit"
    panel_score_enter(
        period=period,
        panel="arena",
        judge=judge,
        unit=org.community_a,
        score=D("80"),
        actor=judge.user,
    )
    assert list(PanelScore.objects.values_list("unit__name", flat=True)) == [org.community_a.name]


def test_nobody_enters_panel_scores_for_their_own_unit_in_another_judges_name(org):
    period = _judge_period(org)
    street_judge = make_person("street", org.subdistrict, [(Role.EVALUATOR, org.subdistrict)])
    with pytest.raises(OwnUnitConflict):
        panel_score_enter(
            period=period,
            panel="arena",
            judge=street_judge,
            unit=org.office,
            score=D("100"),
            actor=org.user("evaluator"),  # sits in 党政办
        )
    assert not PanelScore.objects.exists()
    panel_score_enter(  # the judge, who sits outside 党政办, enters it in their own name
        period=period,
        panel="arena",
        judge=street_judge,
        unit=org.office,
        score=D("100"),
        actor=street_judge.user,
    )
    assert PanelScore.objects.get().unit == org.office


def test_checklist_items_are_set_by_the_campaign_office_only(org):
    campaign, _period = january(org)
    # The campaign's own checklist, so that only the actor can be the reason of a refusal.
    code = campaign.nodes.filter(source="checklist").first().source_params["checklist"]
    for who in ("evaluator", "leader_a", "cadre_a"):
        with pytest.raises(NotAllowed):
            checklist_items_create(
                campaign=campaign,
                checklist=code,
                name="红色物业",
                units=[org.community_a],
                actor=org.user(who),
            )
    assert not ChecklistItem.objects.exists()
    checklist_items_create(
        campaign=campaign,
        checklist=code,
        name="红色物业",
        units=[org.community_a],
        actor=org.user("office"),
    )
    assert ChecklistItem.objects.get().unit == org.community_a  # set by the office


def test_a_checklist_item_is_marked_done_only_by_its_units_people(org):
    campaign, _period = january(org)
    code = campaign.nodes.filter(source="checklist").first().source_params["checklist"]
    (item,) = checklist_items_create(
        campaign=campaign,
        checklist=code,
        name="红色物业",
        units=[org.community_a],
        actor=org.user("office"),
    )
    for who in ("cadre_b", "evaluator", "viewer_b"):
        with pytest.raises(NotAllowed):
            checklist_item_mark_done(
                item=item, done_on=dt.date(2026, 1, 20), note="已完成", actor=org.user(who)
            )
    item.refresh_from_db()
    assert item.done_on is None
    checklist_item_mark_done(
        item=item, done_on=dt.date(2026, 1, 20), note="已完成", actor=org.user("cadre_a")
    )
    item.refresh_from_db()
    assert item.done_on == dt.date(2026, 1, 20)


def test_rater_panels_and_links_are_managed_by_the_campaign_office_only(org):
    campaign, _period = january(org)
    panel = rater_panel_create(campaign=campaign, code="residents", name="居民考官团", actor=SYSTEM)
    rater = rater_add(panel=panel, name="张阿姨", actor=org.user("office"))
    for who in ("evaluator", "leader_a"):
        with pytest.raises(NotAllowed):
            rater_panel_create(campaign=campaign, code="x", name="x", actor=org.user(who))
        with pytest.raises(NotAllowed):
            rater_add(panel=panel, name="李大伯", actor=org.user(who))
        with pytest.raises(NotAllowed):
            rater_revoke(rater=rater, actor=org.user(who))
    assert RaterPanel.objects.count() == 1 and Rater.objects.count() == 1
    rater.refresh_from_db()
    assert rater.revoked_at is None
    office = org.user("office")  # the campaign office makes the same three calls
    rater_panel_create(campaign=campaign, code="x", name="x", actor=office)
    rater_add(panel=panel, name="李大伯", actor=office)
    rater_revoke(rater=rater, actor=office)
    rater.refresh_from_db()
    assert RaterPanel.objects.count() == 2 and Rater.objects.count() == 2 and rater.revoked_at
