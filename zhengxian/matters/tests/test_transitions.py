"""What each transition does to a matter besides its state, and what it refuses."""

from __future__ import annotations

import datetime as dt

import pytest

from zhengxian.core.models import Notification
from zhengxian.matters import services
from zhengxian.matters.errors import CannotEscalate, NoteRequired, TransitionInputError
from zhengxian.matters.models import MatterState, MatterTransition, Resolution
from zhengxian.matters.workflow import Action

from .conftest import TODAY
from .factories import act, file_matter, matter_in


def test_filing_writes_the_first_history_row_and_tells_the_units_leader(
    org, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        matter = file_matter(org)
    row = MatterTransition.objects.get(matter=matter)
    assert (row.action, row.from_state, row.to_state, row.actor_name) == (
        "report",
        "",
        "reported",
        "湘湖干部",
    )
    assert matter.dispatch_unit == org.community_a
    assert matter.reported_month == 202603
    assert Notification.objects.filter(recipient=org.user("leader_a")).exists()


def test_assigning_sets_the_unit_the_deadline_its_month_and_the_assigner(org):
    matter = act(org, file_matter(org), Action.ASSIGN, "leader_a", deadline=dt.date(2026, 4, 2))
    assert matter.responsible_unit == org.community_a
    assert matter.assigned_by == org.user("leader_a")
    assert (matter.deadline, matter.due_month) == (dt.date(2026, 4, 2), 202604)
    row = matter.history.last()
    assert row.extra["responsible_unit_name"] == "湘湖社区"
    assert row.actor == org.user("leader_a")


def test_assigning_needs_a_deadline_not_in_the_past_and_a_unit_in_the_assigners_scope(org):
    matter = file_matter(org)
    with pytest.raises(TransitionInputError):
        act(org, matter, Action.ASSIGN, "leader_a", deadline=TODAY - dt.timedelta(days=1))
    with pytest.raises(TransitionInputError):
        act(org, matter, Action.ASSIGN, "leader_a", responsible_unit=org.community_b)
    with pytest.raises(TransitionInputError):
        services.matter_transition(
            matter=matter,
            action=Action.ASSIGN,
            actor=org.user("leader_a"),
            responsible_unit=org.community_a,
        )
    matter.refresh_from_db()
    assert matter.state == MatterState.REPORTED and matter.responsible_unit is None


def test_the_office_may_assign_to_any_unit_of_the_sub_district(org):
    matter = act(org, file_matter(org), Action.ASSIGN, "office", responsible_unit=org.office)
    assert matter.responsible_unit == org.office


def test_returning_needs_a_reason_and_hands_the_matter_back_to_the_assigner(org):
    matter = matter_in(org, MatterState.IN_PROGRESS)
    with pytest.raises(NoteRequired):
        act(org, matter, Action.RETURN, "leader_a", note="  ")
    matter = act(org, matter, Action.RETURN, "leader_a", note="不属于本社区职责")
    assert matter.state == MatterState.RETURNED
    assert matter.responsible_unit is None
    assert matter.history.last().note == "不属于本社区职责"


def test_escalating_sends_the_matter_up_one_level(org):
    matter = act(org, file_matter(org), Action.ESCALATE, "leader_a", note="需街道协调")
    assert matter.state == MatterState.ESCALATED
    assert matter.dispatch_unit == org.subdistrict
    matter = act(org, matter, Action.ASSIGN, "office", responsible_unit=org.office)
    assert (matter.state, matter.responsible_unit) == (MatterState.ASSIGNED, org.office)


def test_escalating_from_the_handling_unit_goes_to_its_parent(org):
    matter = act(org, file_matter(org), Action.ASSIGN, "leader_a", responsible_unit=org.grid_a)
    matter = act(org, matter, Action.ESCALATE, "leader_a", note="网格处理不了")
    assert matter.dispatch_unit == org.community_a


def test_there_is_no_escalating_above_the_top_of_the_tree(org, django_user_model):
    root = django_user_model.objects.create_superuser("root", password="root-pass-123")
    matter = file_matter(org)
    for _ in range(2):  # 湘湖社区 → 城厢街道 → 萧山区
        matter = services.matter_transition(
            matter=matter, action=Action.ESCALATE, actor=root, note="上报"
        )
    assert matter.dispatch_unit == org.district
    with pytest.raises(CannotEscalate):
        services.matter_transition(matter=matter, action=Action.ESCALATE, actor=root, note="上报")


def test_resolving_records_the_day_rating_keeps_the_satisfaction(org):
    matter = matter_in(org, MatterState.RESOLVED)
    assert (matter.resolved_on, matter.resolved_month) == (TODAY, 202603)
    with pytest.raises(TransitionInputError):
        act(org, matter, Action.RATE, "cadre_a", satisfaction=6)
    matter = act(org, matter, Action.RATE, "cadre_a", satisfaction=3)
    assert (matter.satisfaction, matter.rated_month) == (3, 202603)


def test_the_requesters_solved_closes_the_matter(org):
    matter = matter_in(org, MatterState.RATED)
    matter = services.matter_confirm(
        matter=matter, actor=org.user("cadre_a"), resolution=Resolution.SOLVED
    )
    assert matter.state == MatterState.CLOSED
    assert (matter.closed_on, matter.closed_month, matter.resolution) == (TODAY, 202603, "solved")


@pytest.mark.parametrize("word", [Resolution.PARTLY_SOLVED, Resolution.NOT_SOLVED])
def test_partly_or_not_solved_reopens_the_matter_and_restarts_its_clock(org, word):
    matter = matter_in(org, MatterState.RATED)
    matter = services.matter_confirm(
        matter=matter, actor=org.user("cadre_a"), resolution=word, note="路灯修了又坏"
    )
    assert matter.state == MatterState.IN_PROGRESS
    assert matter.resolution == word
    assert matter.resolved_on is None and matter.resolved_month is None
    assert matter.reopen_count == 1
    assert matter.closed_on is None


def test_reopening_needs_the_requesters_reason(org):
    matter = matter_in(org, MatterState.RATED)
    with pytest.raises(NoteRequired):
        services.matter_confirm(
            matter=matter, actor=org.user("cadre_a"), resolution=Resolution.NOT_SOLVED
        )


def test_every_transition_is_in_the_history_with_who_when_and_note(org):
    matter = matter_in(org, MatterState.CLOSED)
    rows = list(matter.history.order_by("at", "id"))
    assert [r.action for r in rows] == ["report", "assign", "accept", "resolve", "rate", "close"]
    assert [r.actor_name for r in rows] == [
        "湘湖干部",
        "湘湖书记",
        "湘湖书记",
        "湘湖书记",
        "湘湖干部",
        "湘湖干部",
    ]
    assert all(r.at is not None for r in rows)
    assert rows[3].note == "处理说明"


def test_a_resolved_matter_notifies_the_requester_to_rate_it(
    org, django_capture_on_commit_callbacks
):
    matter = matter_in(org, MatterState.IN_PROGRESS)
    with django_capture_on_commit_callbacks(execute=True):
        act(org, matter, Action.RESOLVE, "leader_a")
    assert Notification.objects.filter(recipient=org.user("cadre_a")).count() == 1
    assert not Notification.objects.filter(recipient=org.user("leader_a")).exists()  # not the actor
