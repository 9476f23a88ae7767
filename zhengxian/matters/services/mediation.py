"""Dispute-mediation cases: filing, sessions, and the outcome that resolves the matter."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from zhengxian.campaigns.models import month_key
from zhengxian.orgs.models import Unit

from ..errors import TransitionForbidden
from ..models import (
    MatterCategory,
    MatterOrigin,
    MatterState,
    MediationCase,
    MediationOutcome,
    MediationParty,
    MediationSession,
    PartySide,
)
from ..workflow import HANDLING_STATES, Action, Actor, may_handle
from .common import moment
from .matters import matter_create
from .transitions import matter_transition

Party = tuple[str, str]  # (name, phone)


def next_case_number(year: int) -> str:
    prefix = f"{year}-"
    last = (
        MediationCase.objects.filter(number__startswith=prefix)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    serial = int(last.removeprefix(prefix)) + 1 if last else 1
    return f"{prefix}{serial:04d}"


@transaction.atomic
def mediation_case_create(
    *,
    actor: Any,
    reporting_unit: Unit,
    title: str,
    category: str,
    applicants: Sequence[Party],
    respondents: Sequence[Party],
    description: str = "",
    handling_unit: Unit | None = None,
    deadline: dt.date | None = None,
    at: dt.datetime | None = None,
    is_demo: bool = False,
) -> MediationCase:
    """Files the case's matter (origin mediation) and, given a handling unit, assigns it."""
    if not applicants or not respondents:
        raise ValidationError(_("A dispute needs at least one applicant and one respondent."))
    matter = matter_create(
        actor=actor,
        title=title,
        description=description,
        category=MatterCategory.DISPUTE,
        origin=MatterOrigin.MEDIATION,
        reporting_unit=reporting_unit,
        requester_name=applicants[0][0],
        requester_phone=applicants[0][1],
        target_unit=reporting_unit,
        at=at,
        is_demo=is_demo,
    )
    _when, day = moment(at)
    case = MediationCase(matter=matter, number=next_case_number(day.year), category=category)
    case.full_clean()
    case.save()
    for side, parties in ((PartySide.APPLICANT, applicants), (PartySide.RESPONDENT, respondents)):
        for name, phone in parties:
            party = MediationParty(case=case, side=side, name=name.strip(), phone=phone.strip())
            party.full_clean()
            party.save()
    if handling_unit is not None:
        matter_transition(
            matter=matter,
            action=Action.ASSIGN,
            actor=actor,
            at=at,
            responsible_unit=handling_unit,
            deadline=deadline,
        )
    return case


def _start_if_assigned(case: MediationCase, actor: Any, at: dt.datetime | None) -> None:
    if case.matter.state == MatterState.ASSIGNED:
        case.matter = matter_transition(
            matter=case.matter, action=Action.ACCEPT, actor=actor, at=at
        )


@transaction.atomic
def mediation_session_add(
    *,
    case: MediationCase,
    actor: Any,
    held_on: dt.date,
    mediators: str,
    summary: str,
    place: str = "",
    at: dt.datetime | None = None,
) -> MediationSession:
    """Records a session; the first one starts the handling of an assigned case."""
    case.matter.refresh_from_db()
    if case.matter.state not in HANDLING_STATES:
        raise ValidationError(_("Sessions are recorded while the case is being handled."))
    if not may_handle(Actor.of(actor), case.matter):
        raise TransitionForbidden(_("Only the handling unit records mediation sessions."))
    _when, today = moment(at)
    if held_on > today:
        raise ValidationError({"held_on": _("A session is recorded once it has been held.")})
    _start_if_assigned(case, actor, at)
    session = MediationSession(
        case=case,
        held_on=held_on,
        place=place.strip(),
        mediators=mediators.strip(),
        summary=summary.strip(),
        recorded_by=actor,
    )
    session.full_clean()
    session.save()
    return session


@transaction.atomic
def mediation_conclude(
    *,
    case: MediationCase,
    actor: Any,
    outcome: str,
    agreement_text: str = "",
    referred_to: str = "",
    note: str = "",
    at: dt.datetime | None = None,
) -> MediationCase:
    """Records the outcome and resolves the case's matter (then rated and closed as any)."""
    if outcome not in MediationOutcome.values:
        raise ValidationError({"outcome": _("Choose the outcome.")})
    if outcome == MediationOutcome.AGREEMENT and not agreement_text.strip():
        raise ValidationError({"agreement_text": _("Write down the agreement reached.")})
    if outcome == MediationOutcome.REFERRED and not referred_to.strip():
        raise ValidationError({"referred_to": _("Say where the case was referred.")})
    case.matter.refresh_from_db()
    _start_if_assigned(case, actor, at)
    label = MediationOutcome(outcome).label
    case.matter = matter_transition(
        matter=case.matter,
        action=Action.RESOLVE,
        actor=actor,
        at=at,
        note=f"{label}. {note.strip()}".strip(),
    )
    _when, day = moment(at)
    case.outcome = outcome
    case.agreement_text = agreement_text.strip()
    case.referred_to = referred_to.strip()
    case.concluded_on = day
    case.concluded_month = month_key(day)
    case.full_clean()
    case.save()
    return case
