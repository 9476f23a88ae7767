"""Every action from every state, by every role of the org fixture: allowed exactly where
the table in docs/matters.md says, refused with a named error everywhere else.

The matter is filed by cadre_a (湘湖社区) for 湘湖社区, assigned by leader_a (湘湖书记) to
湘湖社区; the escalated one waits at 城厢街道.
"""

from __future__ import annotations

import pytest
from django.db import transaction

from zhengxian.matters.errors import TransitionForbidden, TransitionNotAllowed
from zhengxian.matters.models import MatterState, MatterTransition
from zhengxian.matters.workflow import ACTIONS, TRANSITIONS, Action

from .factories import act, matter_in

ROLES = (
    "office",
    "evaluator",
    "leadership",
    "leader_a",
    "cadre_a",
    "cadre_b",
    "grid_a",
    "project_lead",
    "supervisor",
    "viewer_b",
    "nobody",
)
DISPATCH = {"office", "leader_a"}  # HANDLE_MATTERS over 湘湖社区 (office: over the sub-district)
HANDLE = {"office", "leader_a"}
COMMENT = {"office", "leader_a", "cadre_a", "supervisor"}  # requester, assigner, RECORD_WORK there

EXPECTED: dict[tuple[str, str], set[str]] = {
    (MatterState.REPORTED, Action.ASSIGN): DISPATCH,
    (MatterState.REPORTED, Action.ESCALATE): DISPATCH,
    (MatterState.ASSIGNED, Action.ACCEPT): HANDLE,
    (MatterState.ASSIGNED, Action.RETURN): HANDLE,
    (MatterState.ASSIGNED, Action.ESCALATE): HANDLE,
    (MatterState.IN_PROGRESS, Action.RESOLVE): HANDLE,
    (MatterState.IN_PROGRESS, Action.RETURN): HANDLE,
    (MatterState.IN_PROGRESS, Action.ESCALATE): HANDLE,
    (MatterState.RESOLVED, Action.RATE): {"leader_a", "cadre_a"},  # the assigner, the requester
    (MatterState.RATED, Action.CLOSE): {"cadre_a"},  # the requester's word only
    (MatterState.RATED, Action.REOPEN): {"cadre_a"},
    (MatterState.RETURNED, Action.ASSIGN): DISPATCH,
    (MatterState.RETURNED, Action.ESCALATE): DISPATCH,
    (MatterState.ESCALATED, Action.ASSIGN): {"office"},  # waits at 城厢街道 now
    (MatterState.ESCALATED, Action.ESCALATE): {"office"},
    **{
        (state, Action.COMMENT): COMMENT
        for state in MatterState.values
        if state != MatterState.CLOSED
    },
}


class _Undo(Exception):
    pass


def attempt(org, matter, action: str, user: str) -> str:
    """Takes the action and rolls it back: "ok" or the name of the error raised."""
    try:
        with transaction.atomic():
            act(org, matter, action, user)
            raise _Undo
    except _Undo:
        return "ok"
    except (TransitionForbidden, TransitionNotAllowed) as error:
        return type(error).__name__


def test_the_table_and_the_expectations_name_the_same_transitions():
    assert set(TRANSITIONS) == set(EXPECTED)


@pytest.mark.parametrize("state", MatterState.values)
@pytest.mark.parametrize("action", ACTIONS)
def test_each_role_may_take_exactly_the_allowed_transitions(org, state, action):
    matter = matter_in(org, state)
    allowed = EXPECTED.get((state, action))
    for role in ROLES:
        outcome = attempt(org, matter, action, role)
        if allowed is None:
            assert outcome == "TransitionNotAllowed", (state, action, role)
        elif role in allowed:
            assert outcome == "ok", (state, action, role)
        else:
            assert outcome == "TransitionForbidden", (state, action, role)
    matter.refresh_from_db()
    assert matter.state == state  # every attempt was rolled back or refused


def test_a_refused_transition_writes_no_history(org):
    matter = matter_in(org, MatterState.ASSIGNED)
    rows = MatterTransition.objects.filter(matter=matter).count()
    with pytest.raises(TransitionForbidden):
        act(org, matter, Action.ACCEPT, "cadre_b")
    with pytest.raises(TransitionNotAllowed):
        act(org, matter, Action.CLOSE, "cadre_a")
    assert MatterTransition.objects.filter(matter=matter).count() == rows
