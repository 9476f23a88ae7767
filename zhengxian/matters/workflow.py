"""The closed loop of a matter, as data.

``MATTER_FLOW`` (a `zhengxian.core.workflow.Workflow`) lists for each state the actions that
leave it, the state each leads to, who may take it and whether a note is required.
`services.matter_transition` is the one function that applies it; this module only declares
it, so pages ask it which actions to offer and tests enumerate it.

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

from zhengxian.core.workflow import Change, Rule, Workflow
from zhengxian.orgs.models import Unit, UnitKind
from zhengxian.orgs.roles import Perm, Role
from zhengxian.orgs.scope import Scope, scope_for

from .errors import NoteRequired, TransitionForbidden, TransitionNotAllowed
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


def is_grid_cadre(actor: Actor, unit: Unit) -> bool:
    """The actor holds the cadre role on ``unit`` itself, and ``unit`` is a grid."""
    return unit.kind == UnitKind.GRID and actor.scope.holds(Role.CADRE, unit)


def may_handle(actor: Actor, matter: Matter) -> bool:
    unit = matter.responsible_unit
    if unit is None:
        return False
    return actor.scope.can(Perm.HANDLE_MATTERS, unit) or is_grid_cadre(actor, unit)


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


def _not_possible(flow: Workflow, matter: Matter, action: str) -> Exception:
    return TransitionNotAllowed(
        gettext("“%(action)s” is not possible for a matter that is %(state)s.")
        % {"action": flow.action_label(action), "state": flow.label(matter.state)}
    )


def _not_yours(flow: Workflow, matter: Matter, action: str) -> Exception:
    return TransitionForbidden(
        gettext("You may not “%(action)s” this matter.") % {"action": flow.action_label(action)}
    )


def _without_note(flow: Workflow, matter: Matter, action: str) -> Exception:
    return NoteRequired(gettext("Write a note to say why or what was done."))


def _save(change: Change) -> None:
    change.obj.full_clean()
    change.obj.save()


MATTER_FLOW = Workflow(
    rules=(
        Rule(S.REPORTED, Action.ASSIGN, S.ASSIGNED, may_dispatch),
        Rule(S.RETURNED, Action.ASSIGN, S.ASSIGNED, may_dispatch_or_is_assigner),
        Rule(S.ESCALATED, Action.ASSIGN, S.ASSIGNED, may_dispatch),
        Rule(S.REPORTED, Action.ESCALATE, S.ESCALATED, may_dispatch, needs_note=True),
        Rule(S.RETURNED, Action.ESCALATE, S.ESCALATED, may_dispatch, needs_note=True),
        Rule(S.ESCALATED, Action.ESCALATE, S.ESCALATED, may_dispatch, needs_note=True),
        Rule(S.ASSIGNED, Action.ACCEPT, S.IN_PROGRESS, may_handle),
        Rule(S.ASSIGNED, Action.RETURN, S.RETURNED, may_handle, needs_note=True),
        Rule(S.IN_PROGRESS, Action.RETURN, S.RETURNED, may_handle, needs_note=True),
        Rule(S.ASSIGNED, Action.ESCALATE, S.ESCALATED, may_handle, needs_note=True),
        Rule(S.IN_PROGRESS, Action.ESCALATE, S.ESCALATED, may_handle, needs_note=True),
        Rule(S.IN_PROGRESS, Action.RESOLVE, S.RESOLVED, may_handle, needs_note=True),
        Rule(S.RESOLVED, Action.RATE, S.RATED, is_assigner_or_requester),
        Rule(S.RATED, Action.CLOSE, S.CLOSED, is_requester),
        Rule(S.RATED, Action.REOPEN, S.IN_PROGRESS, is_requester, needs_note=True),
        *(Rule(s, Action.COMMENT, s, may_comment, needs_note=True) for s in OPEN_STATES),
    ),
    attribute="state",
    labels=dict(S.choices),
    action_labels=ACTION_LABELS,
    save=_save,
    refuse_move=_not_possible,
    refuse_actor=_not_yours,
    refuse_without_note=_without_note,
)

TRANSITIONS: dict[tuple[str, str], Rule] = MATTER_FLOW.table
ACTIONS: tuple[str, ...] = MATTER_FLOW.actions
# Where the matter waits for a dispatcher (its dispatch unit), and where the responsible
# unit handles it: the states from which those actions leave.
WAITING_STATES: tuple[str, ...] = MATTER_FLOW.sources(Action.ASSIGN)
HANDLING_STATES: tuple[str, ...] = MATTER_FLOW.sources(Action.ACCEPT, Action.RESOLVE)
