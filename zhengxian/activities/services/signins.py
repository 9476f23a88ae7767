"""Signing in: by the cadre's own phone (QR), or by an organiser's hand with a reason.

A cadre signs in only as themselves: the person is the logged-in account's, never a
parameter. One sign-in per person and session (a unique constraint backs the check), and
only while the session is open and inside its window (`rules.in_window`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from zhengxian.core import clock
from zhengxian.orgs.models import Person
from zhengxian.orgs.roles import Perm
from zhengxian.orgs.scope import require

from .. import rules
from ..errors import ActivityError, Refusal
from ..models import ExpectedAttendee, Session, SessionStatus, SignIn, SignInMethod


def _time(moment: dt.datetime) -> str:
    return formats.time_format(timezone.localtime(moment), "H:i")


def _check_window(session: Session, at: dt.datetime) -> None:
    if session.status == SessionStatus.PLANNED:
        raise ActivityError(_("The organiser has not opened sign-in yet."), code=Refusal.NOT_OPEN)
    if session.status != SessionStatus.OPEN:
        raise ActivityError(_("Sign-in for this session is closed."), code=Refusal.CLOSED)
    if at < rules.window_opens(session):
        raise ActivityError(
            _("Sign-in opens at %(time)s.") % {"time": _time(rules.window_opens(session))},
            code=Refusal.TOO_EARLY,
        )
    if at > rules.window_closes(session):
        raise ActivityError(
            _("Sign-in closed at %(time)s.") % {"time": _time(rules.window_closes(session))},
            code=Refusal.TOO_LATE,
        )


def _existing(session: Session, person: Person) -> SignIn | None:
    return SignIn.objects.filter(session=session, person=person).first()


def _refuse_twice(existing: SignIn) -> None:
    raise ActivityError(
        _("You signed in at %(time)s already.") % {"time": _time(existing.signed_at)},
        code=Refusal.ALREADY,
    )


def _create(session: Session, person: Person, **fields: Any) -> SignIn:
    row = SignIn(session=session, person=person, unit=person.unit, month=session.month, **fields)
    # The related rows are loaded already; the unique constraint is checked by the insert.
    row.full_clean(exclude=["session", "person", "unit", "recorded_by"], validate_constraints=False)
    try:
        with transaction.atomic():  # a savepoint: a lost race must not spoil the caller's
            row.save()
    except IntegrityError:
        existing = _existing(session, person)
        if existing is None:
            raise
        _refuse_twice(existing)
    return row


def person_of(user: Any) -> Person | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return Person.objects.select_related("unit").filter(user=user, is_active=True).first()


def sign_in_refusal(
    session: Session, person: Person | None, at: dt.datetime
) -> ActivityError | None:
    """Why ``person`` could not sign in to ``session`` at ``at`` (None: they can). No writes."""
    try:
        if person is None:
            raise ActivityError(
                _("Your account is not linked to a person, so it cannot sign in."),
                code=Refusal.NO_PERSON,
            )
        existing = _existing(session, person)
        if existing is not None:
            _refuse_twice(existing)
        _check_window(session, at)
    except ActivityError as error:
        return error
    return None


@transaction.atomic
def sign_in(*, token: str, actor: Any, at: dt.datetime | None = None) -> SignIn:
    """The logged-in ``actor`` signs in to the session whose current token is ``token``."""
    at = at or clock.now()
    session = Session.objects.select_for_update(of=("self",)).filter(token=token).first()
    if session is None:
        raise Http404
    person = person_of(actor)
    refusal = sign_in_refusal(session, person, at)
    if refusal is not None:
        raise refusal
    assert person is not None
    return _create(session, person, signed_at=at, method=SignInMethod.QR, recorded_by=actor)


@transaction.atomic
def sign_in_by_hand(
    *,
    session: Session,
    person: Person,
    reason: str,
    actor: Any,
    signed_at: dt.datetime | None = None,
) -> SignIn:
    """An organiser records that ``person`` was there (no phone, a broken screen …).

    The reason is required and kept; the audit log records who did it. The time defaults
    to the session's start (on time) and must lie in the session's window.
    """
    session = (
        Session.objects.select_for_update(of=("self",))
        .select_related("activity__organiser")
        .get(pk=session.pk)
    )
    require(actor, Perm.ORGANISE_ACTIVITIES, session.activity.organiser)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for recording the sign-in by hand.")})
    if not session.is_held:
        raise ActivityError(
            _("Sign-ins can be recorded by hand only for a session that is held."),
            code=Refusal.NOT_HELD,
        )
    if not ExpectedAttendee.objects.filter(session=session, person=person).exists():
        raise ActivityError(
            _("%(name)s is not on this session's list.") % {"name": person.name},
            code=Refusal.NOT_EXPECTED,
        )
    existing = _existing(session, person)
    if existing is not None:
        raise ActivityError(
            _("%(name)s signed in at %(time)s already.")
            % {"name": person.name, "time": _time(existing.signed_at)},
            code=Refusal.ALREADY,
        )
    signed_at = signed_at or session.starts_at
    if not rules.in_window(session, signed_at):
        raise ValidationError(
            {
                "signed_at": _("Choose a time between %(start)s and %(end)s.")
                % {
                    "start": _time(rules.window_opens(session)),
                    "end": _time(rules.window_closes(session)),
                }
            }
        )
    return _create(
        session,
        person,
        signed_at=signed_at,
        method=SignInMethod.MANUAL,
        reason=reason[:200],
        recorded_by=actor,
    )
