"""A session's workflow: open → close, record as held, cancel; and its sign-in token.

Every state change goes through `_transition`, which takes the action through the table
below (`zhengxian.core.workflow`) and writes a `SessionChange` row. Only the activity's
organisers (ORGANISE_ACTIVITIES over the organising unit) may change a session; pages ask
`session_actions` which actions to offer.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zhengxian.core import clock
from zhengxian.core.workflow import Change, Rule, Workflow
from zhengxian.orgs.roles import Perm
from zhengxian.orgs.scope import require, scope_for

from ..errors import ActivityError, Refusal
from ..models import Session, SessionChange, SessionStatus
from .activities import new_token

S = SessionStatus

ACTION_LABELS = {
    "open": gettext_lazy("opened"),
    "close": gettext_lazy("closed"),
    "record_held": gettext_lazy("recorded as held"),
    "cancel": gettext_lazy("cancelled"),
}


def organises(actor: Any, session: Session) -> bool:
    return scope_for(actor).can(Perm.ORGANISE_ACTIVITIES, session.activity.organiser)


def _bad_transition(flow: Workflow, session: Session, action: str) -> Exception:
    return ActivityError(
        _("A session that is %(status)s cannot be %(action)s.")
        % {"status": flow.label(session.status), "action": flow.action_label(action)},
        code=Refusal.BAD_TRANSITION,
    )


def _save(change: Change) -> None:
    session = change.obj
    session.full_clean(exclude=["activity", "token"], validate_constraints=False)
    session.save()


SESSION_FLOW = Workflow(
    rules=(
        Rule(S.PLANNED, "open", S.OPEN),
        Rule(S.OPEN, "close", S.CLOSED),
        Rule(S.PLANNED, "record_held", S.CLOSED),
        Rule(S.PLANNED, "cancel", S.CANCELLED),
    ),
    labels=dict(S.choices),
    action_labels=ACTION_LABELS,
    may=organises,  # asked before the table: an outsider learns nothing of the session
    save=_save,
    refuse_move=_bad_transition,
)


def session_actions(session: Session, actor: Any) -> list[str]:
    """What a page offers ``actor``: the table's actions now, and ``rotate`` (a new sign-in
    code) while sign-in lies ahead, that is while the session can be opened or closed."""
    actions = SESSION_FLOW.allowed(session, actor)
    if {"open", "close"} & set(actions):
        actions.append("rotate")
    return actions


def _actor(actor: Any) -> Any:
    return actor if getattr(actor, "pk", None) else None


def _locked(session: Session) -> Session:
    return (
        Session.objects.select_for_update(of=("self",))
        .select_related("activity__organiser")
        .get(pk=session.pk)
    )


def _log(
    session: Session, action: str, before: str, at: dt.datetime, actor: Any, note: str = ""
) -> None:
    change = SessionChange(
        session=session,
        action=action,
        from_status=before,
        to_status=session.status,
        at=at,
        by=_actor(actor),
        note=note[:200],
    )
    change.save()


def _transition(
    session: Session, action: str, *, actor: Any, at: dt.datetime, note: str = ""
) -> Session:
    change = SESSION_FLOW.take(session, action, actor=actor, also=None)
    _log(session, action, change.source, at, actor, note)
    return session


@transaction.atomic
def session_open(*, session: Session, actor: Any, at: dt.datetime | None = None) -> Session:
    """The organiser starts the session: sign-in is possible within its window."""
    at = at or clock.now()
    session = _locked(session)
    if at >= session.ends_at:
        raise ActivityError(
            _("This session has ended; record it as held instead."), code=Refusal.ENDED
        )
    session.opened_at = at
    return _transition(session, "open", actor=actor, at=at)


@transaction.atomic
def session_close(*, session: Session, actor: Any, at: dt.datetime | None = None) -> Session:
    """Ends sign-in now (or at the session's end, if that came first)."""
    at = at or clock.now()
    session = _locked(session)
    session.closed_at = min(at, session.ends_at)
    return _transition(session, "close", actor=actor, at=at)


@transaction.atomic
def session_record_held(
    *, session: Session, actor: Any, participants: int | None = None, at: dt.datetime | None = None
) -> Session:
    """Records that a session took place without sign-in (an event counted by heads)."""
    at = at or clock.now()
    session = _locked(session)
    if at < session.starts_at:
        raise ActivityError(
            _("A session can be recorded as held only once it has started."),
            code=Refusal.BAD_TRANSITION,
        )
    session.opened_at = session.starts_at
    session.closed_at = session.ends_at
    if participants is not None:
        session.participants = participants
    return _transition(session, "record_held", actor=actor, at=at)


@transaction.atomic
def session_cancel(
    *, session: Session, actor: Any, reason: str, at: dt.datetime | None = None
) -> Session:
    """Takes a session out of the plan. Only before it starts: a session that was due and
    not held stays in the plan, so a unit cannot undo a missed session."""
    at = at or clock.now()
    session = _locked(session)
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for cancelling.")})
    if at >= session.starts_at:
        raise ActivityError(
            _("A session can be cancelled only before it starts."), code=Refusal.ENDED
        )
    return _transition(session, "cancel", actor=actor, at=at, note=reason.strip())


@transaction.atomic
def session_rotate_token(*, session: Session, actor: Any, at: dt.datetime | None = None) -> Session:
    """A new sign-in link and QR code; the old ones stop working at once."""
    at = at or clock.now()
    session = _locked(session)
    require(actor, Perm.ORGANISE_ACTIVITIES, session.activity.organiser)
    session.token = new_token()
    session.token_rotated_at = at
    session.save(update_fields=["token", "token_rotated_at", "updated_at"])
    _log(session, "rotate_token", session.status, at, actor)
    return session


@transaction.atomic
def session_set_participants(*, session: Session, actor: Any, participants: int) -> Session:
    """The head count of a held event session (人次)."""
    session = _locked(session)
    require(actor, Perm.ORGANISE_ACTIVITIES, session.activity.organiser)
    if not session.is_held:
        raise ActivityError(
            _("Participants can be recorded once the session is held."), code=Refusal.NOT_HELD
        )
    if participants < 0:
        raise ValidationError({"participants": _("Enter a number of 0 or more.")})
    session.participants = participants
    session.full_clean(exclude=["activity", "token"], validate_constraints=False)
    session.save()
    return session
