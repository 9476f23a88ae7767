"""The session workflow: the transitions table, its history rows, and its time rules."""

from __future__ import annotations

import pytest

from zhengxian.activities import services
from zhengxian.activities.errors import ActivityError, Refusal
from zhengxian.activities.models import SessionStatus
from zhengxian.activities.services.sessions import SESSION_FLOW, session_actions
from zhengxian.audit.models import AuditEntry
from zhengxian.core.errors import NotAllowed

from .conftest import at


def test_open_then_close_writes_history_and_the_audit_log(org, study, clock):
    clock(at(8, 40))
    opened = services.session_open(session=study, actor=org.user("leader_a"))
    assert (opened.status, opened.opened_at) == (SessionStatus.OPEN, at(8, 40))
    clock(at(10, 30))
    closed = services.session_close(session=opened, actor=org.user("leader_a"))
    assert (closed.status, closed.closed_at) == (SessionStatus.CLOSED, at(10, 30))
    history = list(closed.changes.values_list("action", "from_status", "to_status"))
    assert history == [("open", "planned", "open"), ("close", "open", "closed")]
    statuses = [
        e.changes.get("status")
        for e in AuditEntry.objects.filter(model="activities.session").order_by("pk")
    ]
    assert [s[1] for s in statuses if s] == ["planned", "open", "closed"]  # created, then 2
    assert not any(
        "token" in e.changes for e in AuditEntry.objects.filter(model="activities.session")
    )


def test_transitions_not_in_the_table_are_refused(org, study, clock):
    assert SESSION_FLOW.actions == ("open", "close", "record_held", "cancel")
    with pytest.raises(ActivityError) as excinfo:
        services.session_close(session=study, actor=org.user("leader_a"))
    assert excinfo.value.refusal == Refusal.BAD_TRANSITION
    services.session_open(session=study, actor=org.user("leader_a"))
    with pytest.raises(ActivityError):
        services.session_open(session=study, actor=org.user("leader_a"))


def test_cadres_cannot_open_sessions(org, study, clock):
    with pytest.raises(NotAllowed):
        services.session_open(session=study, actor=org.user("cadre_a"))
    with pytest.raises(NotAllowed):
        services.session_rotate_token(session=study, actor=org.user("cadre_a"))
    study.refresh_from_db()
    assert study.status == SessionStatus.PLANNED
    opened = services.session_open(session=study, actor=org.user("leader_a"))  # the organiser
    assert opened.status == SessionStatus.OPEN
    assert services.session_rotate_token(session=study, actor=org.user("leader_a")).token


def test_a_session_can_be_cancelled_only_before_it_starts(org, study, clock):
    clock(at(9, 1))
    with pytest.raises(ActivityError) as excinfo:
        services.session_cancel(session=study, actor=org.user("leader_a"), reason="下雨")
    assert excinfo.value.refusal == Refusal.ENDED
    clock(at(8, 59))
    cancelled = services.session_cancel(session=study, actor=org.user("leader_a"), reason="下雨")
    assert cancelled.status == SessionStatus.CANCELLED
    assert cancelled.changes.get().note == "下雨"


def test_an_ended_session_is_recorded_as_held_not_opened(org, study, clock):
    clock(at(11, 30))
    with pytest.raises(ActivityError) as excinfo:
        services.session_open(session=study, actor=org.user("leader_a"))
    assert excinfo.value.refusal == Refusal.ENDED
    held = services.session_record_held(session=study, actor=org.user("leader_a"), participants=30)
    assert (held.status, held.participants, held.opened_at) == ("closed", 30, at(9))


def test_organisers_are_offered_the_actions_the_table_allows_now(org, study, clock):
    leader = org.user("leader_a")
    assert session_actions(study, leader) == ["open", "record_held", "cancel", "rotate"]
    assert session_actions(study, org.user("cadre_a")) == []
    clock(at(8, 40))
    opened = services.session_open(session=study, actor=leader)
    assert session_actions(opened, leader) == ["close", "rotate"]
    closed = services.session_close(session=opened, actor=leader)
    assert session_actions(closed, leader) == []
