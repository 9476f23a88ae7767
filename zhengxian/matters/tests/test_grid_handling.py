"""A matter assigned to a grid is handled by that grid's own cadre (网格员) as well as by the
community: accept, resolve, return, escalate; a cadre of another grid or of the community
above is refused, and the reporter hears of every step the grid cadre takes."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.urls import reverse

from zhengxian.core.models import Notification
from zhengxian.core.notification_kinds import Kind
from zhengxian.matters.errors import TransitionForbidden
from zhengxian.matters.models import MatterState
from zhengxian.matters.workflow import Action
from zhengxian.orgs.roles import Role
from zhengxian.orgs.testing import make_person

from .factories import act, file_matter

pytestmark = pytest.mark.django_db

HANDLER_ACTIONS = {
    MatterState.ASSIGNED: (Action.ACCEPT, Action.RETURN, Action.ESCALATE),
    MatterState.IN_PROGRESS: (Action.RESOLVE, Action.RETURN, Action.ESCALATE),
}


@pytest.fixture
def grid_b_cadre(org):
    """A grid worker of 湖头陈第一网格, another community's grid."""
    org.people["grid_b"] = make_person("grid_b", org.grid_b, [(Role.CADRE, org.grid_b)], "网格员乙")
    return "grid_b"


@pytest.fixture
def grid_a2_cadre(org):
    """A grid worker of a second grid of 湘湖社区 itself."""
    from zhengxian.core.actors import SYSTEM
    from zhengxian.orgs.services import unit_create

    grid = unit_create(
        actor=SYSTEM, code="CX-XH-G2", name="湘湖第二网格", kind="grid", parent=org.community_a
    )
    person = make_person("grid_a2", grid, [(Role.CADRE, grid)], "网格员丙")
    org.people["grid_a2"] = person
    return "grid_a2"


def assigned_to_grid(org):
    return act(org, file_matter(org), Action.ASSIGN, "leader_a", responsible_unit=org.grid_a)


def test_the_grids_cadre_accepts_and_resolves_a_matter_assigned_to_the_grid(org):
    matter = act(org, assigned_to_grid(org), Action.ACCEPT, "grid_a")
    assert matter.state == MatterState.IN_PROGRESS
    matter = act(org, matter, Action.RESOLVE, "grid_a", note="已更换灯泡")
    assert matter.state == MatterState.RESOLVED
    rows = list(matter.history.order_by("pk").values_list("action", "actor_name"))
    assert rows[-2:] == [("accept", "网格员甲"), ("resolve", "网格员甲")]


@pytest.mark.parametrize("state", list(HANDLER_ACTIONS))
def test_the_grids_cadre_may_take_every_handler_step_and_the_community_leader_still_may(org, state):
    matter = assigned_to_grid(org)
    if state == MatterState.IN_PROGRESS:
        matter = act(org, matter, Action.ACCEPT, "leader_a")
    for action in HANDLER_ACTIONS[state]:
        for user in ("grid_a", "leader_a", "office"):
            with transaction.atomic():
                moved = act(org, matter, action, user)
                assert moved.state != state or action == Action.ESCALATE, (action, user)
                transaction.set_rollback(True)


@pytest.mark.parametrize("state", list(HANDLER_ACTIONS))
def test_a_cadre_of_another_grid_or_of_the_community_may_not_handle_the_grids_matter(
    org, grid_b_cadre, grid_a2_cadre, state
):
    matter = assigned_to_grid(org)
    if state == MatterState.IN_PROGRESS:
        matter = act(org, matter, Action.ACCEPT, "grid_a")
    for action in HANDLER_ACTIONS[state]:
        for user in (grid_b_cadre, grid_a2_cadre, "cadre_a", "cadre_b", "viewer_b"):
            with pytest.raises(TransitionForbidden):
                act(org, matter, action, user)
    matter.refresh_from_db()
    assert matter.state == state


def test_the_grids_cadre_handles_only_while_the_grid_is_responsible(org):
    # assigned to the community, not to the grid: the grid worker only adds notes there
    matter = act(org, file_matter(org), Action.ASSIGN, "leader_a")
    with pytest.raises(TransitionForbidden):
        act(org, matter, Action.ACCEPT, "grid_a")
    # nor may the grid worker dispatch, rate or close the grid's matter
    matter = act(org, assigned_to_grid(org), Action.ACCEPT, "grid_a")
    matter = act(org, matter, Action.RESOLVE, "grid_a")
    with pytest.raises(TransitionForbidden):
        act(org, matter, Action.RATE, "grid_a", satisfaction=5)


def test_a_matter_returned_by_the_grid_leaves_the_grid_cadre_without_it(org):
    matter = act(org, assigned_to_grid(org), Action.RETURN, "grid_a", note="不属于本网格")
    assert (matter.state, matter.responsible_unit) == (MatterState.RETURNED, None)
    with pytest.raises(TransitionForbidden):
        act(org, matter, Action.ASSIGN, "grid_a", responsible_unit=org.grid_a)


def test_escalated_by_the_grid_cadre_it_waits_at_the_community(org):
    matter = act(org, assigned_to_grid(org), Action.ESCALATE, "grid_a", note="网格处理不了")
    assert (matter.state, matter.dispatch_unit) == (MatterState.ESCALATED, org.community_a)


def test_a_matter_the_grid_cadre_reported_and_handled_is_self_closed_when_they_confirm(org):
    matter = file_matter(org, by="grid_a", unit="grid_a")
    matter = act(org, matter, Action.ASSIGN, "leader_a", responsible_unit=org.grid_a)
    matter = act(org, matter, Action.ACCEPT, "grid_a")
    matter = act(org, matter, Action.RESOLVE, "grid_a")
    matter = act(org, matter, Action.RATE, "grid_a", satisfaction=5)
    assert matter.self_closed  # separation of duties: flagged, as for any own unit


def kinds_of(org, key: str) -> list[str]:
    rows = Notification.objects.filter(recipient=org.user(key)).order_by("id")
    return [row.kind for row in rows]


def test_the_reporter_hears_of_each_step_the_grid_cadre_takes(
    org, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        matter = file_matter(org)  # cadre_a reports at 湘湖社区
        matter = act(org, matter, Action.ASSIGN, "leader_a", responsible_unit=org.grid_a)
        matter = act(org, matter, Action.ACCEPT, "grid_a")
        matter = act(org, matter, Action.RESOLVE, "grid_a", note="已更换灯泡")
    assert kinds_of(org, "cadre_a") == [Kind.MATTER_STEP, Kind.MATTER_STEP, Kind.MATTER_RESOLVED]
    texts = [
        row.text
        for row in Notification.objects.filter(recipient=org.user("cadre_a")).order_by("id")
    ]
    assert "已交办" in texts[0] and "办理中" in texts[1]
    # the assigner hears of the acceptance; the grid cadre never of their own steps
    assert Kind.MATTER_ACCEPTED in kinds_of(org, "leader_a")
    assert kinds_of(org, "grid_a") == [Kind.MATTER_ASSIGNED]


def test_the_reporter_hears_when_the_grid_cadre_returns_or_escalates(
    org, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        returned = act(org, assigned_to_grid(org), Action.RETURN, "grid_a", note="不属于本网格")
        escalated = act(
            org,
            file_matter(org, title="井盖缺失"),
            Action.ASSIGN,
            "leader_a",
            responsible_unit=org.grid_a,
        )
        escalated = act(org, escalated, Action.ESCALATE, "grid_a", note="需社区协调")
    steps = Notification.objects.filter(recipient=org.user("cadre_a"), kind=Kind.MATTER_STEP)
    assert {row.group for row in steps} >= {f"matter:{returned.pk}", f"matter:{escalated.pk}"}


def test_the_grid_cadre_is_told_of_an_assignment_to_the_grid_and_the_leader_still_is(
    org, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        act(org, file_matter(org), Action.ASSIGN, "office", responsible_unit=org.grid_a)
    assert kinds_of(org, "grid_a") == [Kind.MATTER_ASSIGNED]
    assert Kind.MATTER_ASSIGNED in kinds_of(org, "leader_a")


def test_the_grid_cadre_accepts_and_resolves_on_the_matter_page(org, login):
    matter = assigned_to_grid(org)
    client = login("grid_a")
    url = reverse("matters:matter_detail", args=[matter.pk])
    page = client.get(url).content.decode()
    assert "action-accept" in page or "submit-accept" in page
    client.post(reverse("matters:matter_act", args=[matter.pk, "accept"]))
    client.post(reverse("matters:matter_act", args=[matter.pk, "resolve"]), {"note": "已修复"})
    matter.refresh_from_db()
    assert matter.state == MatterState.RESOLVED
    other = assigned_to_grid(org)
    refused = login("cadre_a").post(
        reverse("matters:matter_act", args=[other.pk, "accept"]), follow=True
    )
    assert [m.level_tag for m in refused.context["messages"]][-1] == "error"
    other.refresh_from_db()
    assert other.state == MatterState.ASSIGNED


def test_the_grid_cadre_is_reminded_of_the_grids_overdue_matters_and_hears_of_a_reopening(
    org, django_capture_on_commit_callbacks
):
    import datetime as dt

    from zhengxian.core.reminders import send_reminders

    from .conftest import TODAY, on

    matter = act(
        org,
        file_matter(org),
        Action.ASSIGN,
        "leader_a",
        responsible_unit=org.grid_a,
        deadline=TODAY,
    )
    Notification.objects.all().delete()
    with on(TODAY + dt.timedelta(days=1)):
        send_reminders(days=3)
    assert kinds_of(org, "grid_a") == [Kind.OVERDUE]
    assert kinds_of(org, "leader_a") == [Kind.OVERDUE]  # the community still hears
    with django_capture_on_commit_callbacks(execute=True):
        matter = act(org, matter, Action.ACCEPT, "grid_a")
        matter = act(org, matter, Action.RESOLVE, "grid_a")
        matter = act(org, matter, Action.RATE, "cadre_a", satisfaction=2)
        act(org, matter, Action.REOPEN, "cadre_a", note="灯还是不亮")
    assert kinds_of(org, "grid_a")[-1] == Kind.MATTER_REOPENED


def test_a_grid_cadre_who_returns_a_matter_lands_on_their_list_not_a_missing_page(org, login):
    matter = assigned_to_grid(org)
    client = login("grid_a")
    response = client.post(
        reverse("matters:matter_act", args=[matter.pk, "return"]),
        {"note": "不属于本网格"},
        follow=True,
    )
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == reverse("matters:matter_list")
    assert [m.level_tag for m in response.context["messages"]] == ["success"]
