"""`matter_transition`: the one function that changes a matter's state.

It locks the matter, checks the table in `workflow.py` (the action exists from the current
state, the actor may take it, a note is there when one is required), applies the action's
effect on the matter's fields, moves and saves it through the table, and writes the history
row, all in one transaction; anything refused raises a `MatterError` subclass and leaves
nothing written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from zhengxian.campaigns.models import month_key
from zhengxian.core.notification_kinds import Kind
from zhengxian.orgs.duties import is_own_unit
from zhengxian.orgs.models import Unit
from zhengxian.orgs.roles import Perm

from ..duplicates import unindex_matter
from ..errors import CannotEscalate, TransitionInputError
from ..models import Matter, MatterOrigin, Resolution
from ..workflow import HANDLING_STATES, MATTER_FLOW, Action, Actor
from .common import handlers_of, matter_url, moment, notify_later, responsible_handlers
from .confirmations import confirmation_send, needs_confirmation
from .history import history_record

Effect = Callable[[Matter, Actor, dt.date, dict[str, Any]], dict[str, Any]]


def matter_transition(
    *,
    matter: Matter,
    action: str,
    actor: Any,
    note: str = "",
    at: dt.datetime | None = None,
    **extra: Any,
) -> Matter:
    """Takes ``action`` on ``matter`` as ``actor``; returns the updated matter.

    ``extra`` carries the action's input: ``responsible_unit`` and ``deadline`` for assign,
    ``satisfaction`` (1–5) for rate, ``resolution`` for reopen. ``at`` backdates (the demo).
    """
    with transaction.atomic():
        locked = (
            Matter.objects.select_for_update(of=("self",))
            .select_related("reporting_unit", "dispatch_unit", "responsible_unit")
            .get(pk=matter.pk)
        )
        who = Actor.of(actor)
        note = (note or "").strip()
        rule = MATTER_FLOW.check(locked, action, who, note=note)
        when, day = moment(at)
        from_state = locked.state
        details = EFFECTS.get(action, _no_effect)(locked, who, day, extra)
        MATTER_FLOW.apply(locked, rule, actor=actor, also=None)
        history_record(
            matter=locked,
            action=action,
            from_state=from_state,
            to_state=locked.state,
            actor=actor,
            note=note,
            extra=details,
            at=when,
        )
        _announce(locked, action, actor)
        if action == Action.CLOSE and locked.requester_phone and needs_confirmation(locked):
            confirmation_send(actor=actor, matter=locked, automatic=True)
    return locked


def matter_confirm(
    *, matter: Matter, actor: Any, resolution: str, note: str = "", at: dt.datetime | None = None
) -> Matter:
    """The requester's word: solved closes the matter; partly or not solved reopens it."""
    if resolution == Resolution.SOLVED:
        return matter_transition(matter=matter, action=Action.CLOSE, actor=actor, note=note, at=at)
    return matter_transition(
        matter=matter, action=Action.REOPEN, actor=actor, note=note, at=at, resolution=resolution
    )


# -- effects: validate the action's input and change the matter's fields ------------------


def _no_effect(matter: Matter, actor: Actor, day: dt.date, extra: dict[str, Any]) -> dict[str, Any]:
    return {}


def _assign(matter: Matter, actor: Actor, day: dt.date, extra: dict[str, Any]) -> dict[str, Any]:
    unit = extra.get("responsible_unit")
    if not isinstance(unit, Unit):
        raise TransitionInputError(_("Choose the responsible unit."))
    perms = [Perm.HANDLE_MATTERS]
    if matter.origin == MatterOrigin.SUPERVISION:
        perms.append(Perm.SUPERVISE)
    if not any(actor.scope.can(perm, unit) for perm in perms):
        raise TransitionInputError(
            _("You cannot assign matters to %(unit)s.") % {"unit": unit.name}
        )
    deadline = extra.get("deadline") or matter.deadline
    if not isinstance(deadline, dt.date):
        raise TransitionInputError(_("Set a deadline."))
    if deadline < day or deadline < matter.reported_on:
        raise TransitionInputError(_("The deadline cannot lie in the past."))
    details = {
        "responsible_unit": unit.pk,
        "responsible_unit_name": unit.name,
        "deadline": deadline.isoformat(),
    }
    if matter.deadline and matter.deadline != deadline:
        details["previous_deadline"] = matter.deadline.isoformat()
    matter.responsible_unit = unit
    matter.assigned_by = actor.user
    matter.deadline = deadline
    matter.due_month = month_key(deadline)
    return details


def _return(matter: Matter, actor: Actor, day: dt.date, extra: dict[str, Any]) -> dict[str, Any]:
    details = {"from_unit": matter.responsible_unit_id}
    # Back with the assigner: the unit that sent it back is no longer responsible for it.
    matter.responsible_unit = None
    return details


def _escalate(matter: Matter, actor: Actor, day: dt.date, extra: dict[str, Any]) -> dict[str, Any]:
    handling = matter.state in HANDLING_STATES
    below = (matter.responsible_unit if handling else None) or matter.dispatch_unit
    parent = below.parent
    if parent is None:
        raise CannotEscalate(_("There is no level above %(unit)s.") % {"unit": below})
    matter.dispatch_unit = parent
    return {"from_unit": below.pk, "to_unit": parent.pk, "to_unit_name": parent.name}


def _resolve(matter: Matter, actor: Actor, day: dt.date, extra: dict[str, Any]) -> dict[str, Any]:
    matter.resolved_on = day
    matter.resolved_month = month_key(day)
    on_time = matter.deadline is None or day <= matter.deadline
    return {"on_time": on_time}


def _rate(matter: Matter, actor: Actor, day: dt.date, extra: dict[str, Any]) -> dict[str, Any]:
    try:
        satisfaction = int(extra.get("satisfaction"))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        satisfaction = 0
    if not 1 <= satisfaction <= 5:
        raise TransitionInputError(_("Give a satisfaction rating from 1 to 5."))
    matter.satisfaction = satisfaction
    matter.rated_month = month_key(day)
    matter.self_closed = _by_own_unit(matter, actor)
    return {"satisfaction": satisfaction, "self_closed": matter.self_closed}


def _close(matter: Matter, actor: Actor, day: dt.date, extra: dict[str, Any]) -> dict[str, Any]:
    matter.resolution = Resolution.SOLVED
    matter.closed_on = day
    matter.closed_month = month_key(day)
    matter.self_closed = matter.self_closed or _by_own_unit(matter, actor)
    unindex_matter(matter)  # a closed matter is no longer a duplicate candidate
    return {"resolution": Resolution.SOLVED, "self_closed": matter.self_closed}


def _reopen(matter: Matter, actor: Actor, day: dt.date, extra: dict[str, Any]) -> dict[str, Any]:
    resolution = extra.get("resolution")
    if resolution not in {Resolution.PARTLY_SOLVED, Resolution.NOT_SOLVED}:
        raise TransitionInputError(_("Say whether the matter is partly solved or not solved."))
    matter.resolution = resolution
    matter.resolved_on = None
    matter.resolved_month = None
    matter.reopen_count += 1
    matter.self_closed = False
    return {"resolution": resolution}


def _by_own_unit(matter: Matter, actor: Actor) -> bool:
    """The rating or confirmation comes from the responsible unit's own people."""
    unit = matter.responsible_unit
    return unit is not None and is_own_unit(actor.user, unit)


EFFECTS: dict[str, Effect] = {
    Action.ASSIGN: _assign,
    Action.RETURN: _return,
    Action.ESCALATE: _escalate,
    Action.RESOLVE: _resolve,
    Action.RATE: _rate,
    Action.CLOSE: _close,
    Action.REOPEN: _reopen,
}


def _announce(matter: Matter, action: str, actor: Any) -> None:
    """Tells the people the move concerns, and the reporter of every step."""
    url = matter_url(matter.pk)
    title = matter.title
    told: list[Any] = []
    if action == Action.ASSIGN:
        told = notify_later(
            recipients=responsible_handlers(matter.responsible_unit),
            text=_("Matter assigned to your unit: %(title)s") % {"title": title},
            kind=Kind.MATTER_ASSIGNED,
            url=url,
            skip=actor,
            unit=matter.responsible_unit,
        )
    elif action == Action.ACCEPT:
        told = notify_later(
            recipients=[matter.assigned_by],
            text=_("%(unit)s accepted the matter: %(title)s")
            % {"unit": matter.responsible_unit, "title": title},
            kind=Kind.MATTER_ACCEPTED,
            url=url,
            skip=actor,
            about=matter,
        )
    elif action in {Action.RETURN, Action.ESCALATE}:
        recipients = handlers_of(matter.dispatch_unit)
        if action == Action.RETURN and matter.assigned_by is not None:
            recipients = [matter.assigned_by, *recipients]
        told = notify_later(
            recipients=recipients,
            text=_("Matter waiting to be assigned: %(title)s") % {"title": title},
            kind=Kind.MATTER_WAITING,
            url=url,
            skip=actor,
            unit=matter.dispatch_unit,
        )
    elif action == Action.RESOLVE:
        told = notify_later(
            recipients=[matter.reported_by, matter.assigned_by],
            text=_("Matter resolved, please rate it: %(title)s") % {"title": title},
            kind=Kind.MATTER_RESOLVED,
            url=url,
            skip=actor,
            about=matter,
        )
    elif action == Action.REOPEN:
        told = notify_later(
            recipients=responsible_handlers(matter.responsible_unit),
            text=_("Matter reopened by the requester: %(title)s") % {"title": title},
            kind=Kind.MATTER_REOPENED,
            url=url,
            skip=actor,
            unit=matter.responsible_unit,
        )
    reporter = matter.reported_by
    if reporter is not None and all(user.pk != reporter.pk for user in told):
        notify_later(
            recipients=[reporter],
            text=_("The matter you reported is now “%(state)s”: %(title)s")
            % {"state": matter.get_state_display(), "title": title},
            kind=Kind.MATTER_STEP,
            url=url,
            skip=actor,
            about=matter,
        )
