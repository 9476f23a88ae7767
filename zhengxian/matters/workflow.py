"""The closed loop of a matter, as data.

``TRANSITIONS`` maps (state, action) to the state it leads to, who may take it and whether
a note is required. `services.matter_transition` is the one function that applies it; this
module is pure (no writes), so pages ask it which actions to offer and tests enumerate it.

    reported ──assign──▶ assigned ──accept──▶ in_progress ──resolve──▶ resolved
        │                  │   │                 │    │                    │ rate
        │ escalate         │   └─return──▶ returned ◀─┘                    ▼
        ▼                  └─escalate─▶ escalated ◀─escalate─┘           rated
    escalated ──assign──▶ assigned          returned ──assign──▶ assigned   │
                                                           close (solved) ◀─┤
                                      in_progress ◀── reopen (partly / not solved)

Who may (``Actor`` = the user and their scope):

- *dispatch*: HANDLE_MATTERS over the dispatching unit (where the matter waits: the reporting
  unit, one level up per escalation); for supervision findings SUPERVISE there also does;
  a returned matter may also be reassigned by the user who assigned it.
- *handle*: HANDLE_MATTERS over the responsible unit. Only the responsible unit accepts,
  resolves, returns or escalates an assigned matter.
- *rate*: the assigner or the requester (the reporting user, who speaks for the requester).
- *close / reopen*: the requester's word only (the reporting user).
- *comment*: the requester, the assigner, or RECORD_WORK or HANDLE_MATTERS over the
  responsible or the reporting unit, in every state but closed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from zhengxian.orgs.roles import Perm
from zhengxian.orgs.scope import Scope, scope_for

from .errors import TransitionForbidden, TransitionNotAllowed
from .models import Matter, MatterOrigin
from .models import MatterState as S


@dataclass(frozen=True)
class Actor:
    user: Any
    scope: Scope

    @classmethod
    def of(cls, user: Any) -> Actor:
        return cls(user=user, scope=scope_for(user))

    @property
    def user_id(self) -> int | None:
        return getattr(self.user, "pk", None)


class Action:
    ASSIGN = "assign"
    ACCEPT = "accept"
    RETURN = "return"
    ESCALATE = "escalate"
    RESOLVE = "resolve"
    RATE = "rate"
    CLOSE = "close"
    REOPEN = "reopen"
    COMMENT = "comment"
    # History rows that are not transitions: the filing, and a further report linked to it.
    REPORT = "report"
    LINK = "link"
    REQUESTER = "requester"  # the requester's own word, on the public confirmation page


ACTION_LABELS: dict[str, str | Promise] = {
    Action.REPORT: _("Reported"),
    Action.ASSIGN: _("Assign"),
    Action.ACCEPT: _("Accept"),
    Action.RETURN: _("Return to assigner"),
    Action.ESCALATE: _("Escalate"),
    Action.RESOLVE: _("Mark resolved"),
    Action.RATE: _("Rate"),
    Action.CLOSE: _("Confirm solved"),
    Action.REOPEN: _("Reopen"),
    Action.COMMENT: _("Add a note"),
    Action.LINK: _("Reported again"),
    Action.REQUESTER: _("Requester's own word"),
}

Predicate = Callable[[Actor, Matter], bool]


def may_dispatch(actor: Actor, matter: Matter) -> bool:
    unit = matter.dispatch_unit
    if actor.scope.can(Perm.HANDLE_MATTERS, unit):
        return True
    return matter.origin == MatterOrigin.SUPERVISION and actor.scope.can(Perm.SUPERVISE, unit)


def may_dispatch_or_is_assigner(actor: Actor, matter: Matter) -> bool:
    return may_dispatch(actor, matter) or (
        matter.assigned_by_id is not None and actor.user_id == matter.assigned_by_id
    )


def may_handle(actor: Actor, matter: Matter) -> bool:
    unit = matter.responsible_unit
    return unit is not None and actor.scope.can(Perm.HANDLE_MATTERS, unit)


def is_assigner_or_requester(actor: Actor, matter: Matter) -> bool:
    return actor.user_id is not None and actor.user_id in {
        matter.assigned_by_id,
        matter.reported_by_id,
    }


def is_requester(actor: Actor, matter: Matter) -> bool:
    return actor.user_id is not None and actor.user_id == matter.reported_by_id


def may_comment(actor: Actor, matter: Matter) -> bool:
    if is_assigner_or_requester(actor, matter):
        return True
    units = [u for u in (matter.responsible_unit, matter.reporting_unit) if u is not None]
    return any(
        actor.scope.can(perm, unit)
        for unit in units
        for perm in (Perm.RECORD_WORK, Perm.HANDLE_MATTERS)
    )


@dataclass(frozen=True)
class Rule:
    to_state: str
    may: Predicate
    needs_note: bool = False


OPEN_STATES: tuple[str, ...] = (
    S.REPORTED,
    S.ASSIGNED,
    S.IN_PROGRESS,
    S.RESOLVED,
    S.RATED,
    S.RETURNED,
    S.ESCALATED,
)
# States in which the matter waits for someone other than the requester to act: the ones
# a deadline runs against (resolved and rated matters have their standing resolution).
UNRESOLVED_STATES: tuple[str, ...] = (
    S.REPORTED,
    S.ASSIGNED,
    S.IN_PROGRESS,
    S.RETURNED,
    S.ESCALATED,
)

TRANSITIONS: dict[tuple[str, str], Rule] = {
    (S.REPORTED, Action.ASSIGN): Rule(S.ASSIGNED, may_dispatch),
    (S.RETURNED, Action.ASSIGN): Rule(S.ASSIGNED, may_dispatch_or_is_assigner),
    (S.ESCALATED, Action.ASSIGN): Rule(S.ASSIGNED, may_dispatch),
    (S.REPORTED, Action.ESCALATE): Rule(S.ESCALATED, may_dispatch, needs_note=True),
    (S.RETURNED, Action.ESCALATE): Rule(S.ESCALATED, may_dispatch, needs_note=True),
    (S.ESCALATED, Action.ESCALATE): Rule(S.ESCALATED, may_dispatch, needs_note=True),
    (S.ASSIGNED, Action.ACCEPT): Rule(S.IN_PROGRESS, may_handle),
    (S.ASSIGNED, Action.RETURN): Rule(S.RETURNED, may_handle, needs_note=True),
    (S.IN_PROGRESS, Action.RETURN): Rule(S.RETURNED, may_handle, needs_note=True),
    (S.ASSIGNED, Action.ESCALATE): Rule(S.ESCALATED, may_handle, needs_note=True),
    (S.IN_PROGRESS, Action.ESCALATE): Rule(S.ESCALATED, may_handle, needs_note=True),
    (S.IN_PROGRESS, Action.RESOLVE): Rule(S.RESOLVED, may_handle, needs_note=True),
    (S.RESOLVED, Action.RATE): Rule(S.RATED, is_assigner_or_requester),
    (S.RATED, Action.CLOSE): Rule(S.CLOSED, is_requester),
    (S.RATED, Action.REOPEN): Rule(S.IN_PROGRESS, is_requester, needs_note=True),
    **{(state, Action.COMMENT): Rule(state, may_comment, needs_note=True) for state in OPEN_STATES},
}

ACTIONS: tuple[str, ...] = tuple(dict.fromkeys(action for _state, action in TRANSITIONS))


def rule_for(state: str, action: str) -> Rule:
    rule = TRANSITIONS.get((state, action))
    if rule is None:
        raise TransitionNotAllowed(
            gettext("“%(action)s” is not possible for a matter that is %(state)s.")
            % {"action": ACTION_LABELS.get(action, action), "state": S(state).label}
        )
    return rule


def check(matter: Matter, action: str, actor: Actor) -> Rule:
    """The rule for taking ``action`` on ``matter`` now; raises if it is not allowed."""
    rule = rule_for(matter.state, action)
    if not rule.may(actor, matter):
        raise TransitionForbidden(
            gettext("You may not “%(action)s” this matter.")
            % {"action": ACTION_LABELS.get(action, action)}
        )
    return rule


def allowed_actions(matter: Matter, actor: Actor) -> list[str]:
    """The actions ``actor`` may take on ``matter`` in its current state, in table order."""
    return [
        action
        for (state, action), rule in TRANSITIONS.items()
        if state == matter.state and rule.may(actor, matter)
    ]
