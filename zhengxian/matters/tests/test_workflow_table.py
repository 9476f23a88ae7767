"""Every action from every state, by every role of the org fixture: allowed exactly where
the table in docs/matters.md says, refused with a named error everywhere else.

The matter is filed by cadre_a (湘湖社区) for 湘湖社区, assigned by leader_a (湘湖书记) to
湘湖社区; the escalated one waits at 城厢街道. A matter assigned to 湘湖第一网格 is also handled
by that grid's own cadre (grid_a), who before this rule could only add notes to it.
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


# Assigned to 湘湖第一网格 instead: the grid's own cadre (grid_a) handles it too; a cadre of
# the community above (cadre_a) or of another community (cadre_b) does not.
HANDLE_GRID = {"office", "leader_a", "grid_a"}
GRID_EXPECTED: dict[tuple[str, str], set[str]] = {
    (MatterState.ASSIGNED, Action.ACCEPT): HANDLE_GRID,
    (MatterState.ASSIGNED, Action.RETURN): HANDLE_GRID,
    (MatterState.ASSIGNED, Action.ESCALATE): HANDLE_GRID,
    (MatterState.IN_PROGRESS, Action.RESOLVE): HANDLE_GRID,
    (MatterState.IN_PROGRESS, Action.RETURN): HANDLE_GRID,
    (MatterState.IN_PROGRESS, Action.ESCALATE): HANDLE_GRID,
    (MatterState.RESOLVED, Action.RATE): {"leader_a", "cadre_a"},
}


@pytest.mark.parametrize(("state", "action"), list(GRID_EXPECTED))
def test_a_matter_assigned_to_a_grid_is_handled_by_the_grids_cadre_too(org, state, action):
    matter = act(
        org, matter_in(org, MatterState.REPORTED), Action.ASSIGN, "leader_a", unit="grid_a"
    )
    if state in (MatterState.IN_PROGRESS, MatterState.RESOLVED):
        matter = act(org, matter, Action.ACCEPT, "leader_a")
    if state == MatterState.RESOLVED:
        matter = act(org, matter, Action.RESOLVE, "leader_a")
    allowed = GRID_EXPECTED[(state, action)]
    for role in ROLES:
        outcome = attempt(org, matter, action, role)
        expected = "ok" if role in allowed else "TransitionForbidden"
        assert outcome == expected, (state, action, role)
