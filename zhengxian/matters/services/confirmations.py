"""The requester's own confirmation of a self-closed matter.

A matter closed by its own unit's people (``Matter.self_closed``) may count for satisfaction
only once the requester confirmed it themselves, when the campaign says so
(``require_confirmation`` of the `matters_satisfaction` source). The requester's phone on
file receives a one-time link; the public page behind it takes their word and rating. Only
the token's SHA-256 is stored; a link expires after ``ZHENGXIAN_CONFIRMATION_DAYS`` (7) and
works once; sending a new link ends the previous one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from zhengxian.core import clock
from zhengxian.core.errors import DomainError, NotAllowed
from zhengxian.core.notification_kinds import Kind

from ..models import Matter, MatterState, RequesterConfirmation, Resolution
from ..sms import send_sms
from ..workflow import Action, Actor, may_dispatch, may_handle
from .common import matter_url, notify_later, responsible_handlers
from .history import history_record

DEFAULT_DAYS = 7
RESEND_AFTER = dt.timedelta(minutes=10)
CONFIRMABLE_STATES = frozenset({MatterState.RATED, MatterState.CLOSED})


class ConfirmationInvalid(DomainError):
    code = "confirmation_invalid"


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def valid_days() -> int:
    return int(getattr(settings, "ZHENGXIAN_CONFIRMATION_DAYS", DEFAULT_DAYS))


def may_send(actor: Any, matter: Matter) -> bool:
    who = Actor.of(actor)
    return (
        who.user_id == matter.reported_by_id or may_handle(who, matter) or may_dispatch(who, matter)
    )


def needs_confirmation(matter: Matter) -> bool:
    return (
        matter.self_closed
        and matter.requester_confirmed_at is None
        and matter.state in CONFIRMABLE_STATES
    )


@transaction.atomic
def confirmation_send(
    *, actor: Any, matter: Matter, base_url: str = "", automatic: bool = False
) -> RequesterConfirmation:
    """Sends the requester a one-time link (ending any earlier one) and returns its row.

    ``automatic`` is the call made by the close transition itself (its actor was checked
    there). ``base_url`` (scheme and host) makes the link absolute in the message."""
    if not automatic and not may_send(actor, matter):
        raise NotAllowed
    if not matter.requester_phone:
        raise ValidationError(_("No phone number of the requester is on file."))
    if not needs_confirmation(matter):
        raise DomainError(_("This matter does not wait for the requester's confirmation."))
    now = clock.now()
    live = RequesterConfirmation.objects.filter(
        matter=matter, used_at__isnull=True, expires_at__gt=now
    )
    if live.filter(sent_at__gt=now - RESEND_AFTER).exists():
        raise DomainError(_("A link was sent a few minutes ago; wait before sending another."))
    for old in live:
        old.expires_at = now
        old.save(update_fields=["expires_at"])
    token = secrets.token_urlsafe(24)
    row = RequesterConfirmation(
        matter=matter,
        token_hash=token_hash(token),
        phone=matter.requester_phone,
        sent_at=now,
        expires_at=now + dt.timedelta(days=valid_days()),
        sent_by=actor if getattr(actor, "pk", None) else None,
    )
    row.full_clean()
    row.save()
    base_url = base_url or getattr(settings, "ZHENGXIAN_PUBLIC_URL", "")
    link = base_url.rstrip("/") + reverse("matters:confirm", args=[token])
    text = _(
        "Your matter “%(title)s” was marked solved. Please confirm or rate it (once, within "
        "%(days)s days): %(link)s"
    ) % {"title": matter.title[:30], "days": valid_days(), "link": link}
    send_sms(phone=matter.requester_phone, text=text)
    return row


def confirmation_for(token: str) -> RequesterConfirmation:
    """The live confirmation of ``token``; ConfirmationInvalid when unknown, used or expired."""
    row = (
        RequesterConfirmation.objects.select_related("matter", "matter__responsible_unit")
        .filter(token_hash=token_hash(token or ""))
        .first()
    )
    if row is None or row.used_at is not None or row.expires_at <= clock.now():
        raise ConfirmationInvalid(
            _("This link is not valid any more: it was used, it expired, or it never existed.")
        )
    return row


@transaction.atomic
def confirmation_use(
    *, token: str, resolution: str, satisfaction: int, note: str = ""
) -> RequesterConfirmation:
    """The requester's own word and rating. The token itself is the requester's credential
    (no account): it is checked, locked and spent in one transaction."""
    found = confirmation_for(token)
    row = RequesterConfirmation.objects.select_for_update(of=("self",)).get(pk=found.pk)
    if row.used_at is not None:
        raise ConfirmationInvalid(_("This link was used already."))
    if resolution not in Resolution.values:
        raise ValidationError({"resolution": _("Say whether the matter is solved.")})
    if not 1 <= satisfaction <= 5:
        raise ValidationError({"satisfaction": _("Give a satisfaction rating from 1 to 5.")})
    now = clock.now()
    row.used_at = now
    row.resolution = resolution
    row.satisfaction = satisfaction
    row.note = note.strip()[:500]
    row.full_clean()
    row.save()
    matter = Matter.objects.select_for_update(of=("self",)).get(pk=row.matter_id)
    matter.requester_confirmed_at = now
    matter.requester_satisfaction = satisfaction
    matter.requester_resolution = resolution
    matter.full_clean()
    matter.save()
    history_record(
        matter=matter,
        action=Action.REQUESTER,
        from_state=matter.state,
        to_state=matter.state,
        actor=None,
        note=row.note,
        extra={"resolution": resolution, "satisfaction": satisfaction},
        at=now,
    )
    if resolution != Resolution.SOLVED:
        notify_later(
            recipients=responsible_handlers(matter.responsible_unit),
            text=_("The requester says the matter is not solved: %(title)s")
            % {"title": matter.title},
            kind=Kind.MATTER_REOPENED,
            url=matter_url(matter.pk),
            unit=matter.responsible_unit,
        )
    return row
