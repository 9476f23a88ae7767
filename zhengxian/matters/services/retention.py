"""Purging residents' personal data from matters closed long ago (the retention period).

``ZHENGXIAN_PERSONAL_DATA_RETENTION_YEARS`` (3 by default) after a matter closed, the names
and phone numbers of its requester, of the requesters of its linked reports, of the phone its
confirmation links went to and, for a mediation case, of its parties are blanked. Each row is
saved on its own, so the audit log records the purge (with the masked values only). Running
it again changes nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from zhengxian.core.errors import NotAllowed
from zhengxian.orgs.scope import scope_for

from ..models import Matter, MatterLink, MatterState, MediationParty, RequesterConfirmation

DEFAULT_YEARS = 3
PURGED_NAME = "*"  # a party's name is required: the mark that it was purged


@dataclass(frozen=True)
class PurgeResult:
    cutoff: dt.date
    matters: int = 0
    links: int = 0
    parties: int = 0
    confirmations: int = 0

    @property
    def total(self) -> int:
        return self.matters + self.links + self.parties + self.confirmations


def retention_years() -> int:
    return int(getattr(settings, "ZHENGXIAN_PERSONAL_DATA_RETENTION_YEARS", DEFAULT_YEARS))


def retention_cutoff(today: dt.date, years: int) -> dt.date:
    """Matters closed before this day are past the retention period."""
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


@transaction.atomic
def personal_data_purge(
    *, actor: Any, today: dt.date, years: int | None = None, dry_run: bool = False
) -> PurgeResult:
    """Blanks residents' personal data of matters closed before the cutoff; counts the rows."""
    if not scope_for(actor).is_superuser:
        raise NotAllowed(_("Only the operator's command purges personal data."))
    years = retention_years() if years is None else years
    cutoff = retention_cutoff(today, years)
    old = Matter.objects.filter(state=MatterState.CLOSED, closed_on__lt=cutoff)
    matters = list(old.exclude(requester_name="", requester_phone=""))
    links = list(MatterLink.objects.filter(matter__in=old).exclude(requester_name=""))
    parties = list(
        MediationParty.objects.filter(case__matter__in=old).exclude(
            Q(name=PURGED_NAME) & Q(phone="")
        )
    )
    confirmations = list(RequesterConfirmation.objects.filter(matter__in=old).exclude(phone=""))
    result = PurgeResult(
        cutoff=cutoff,
        matters=len(matters),
        links=len(links),
        parties=len(parties),
        confirmations=len(confirmations),
    )
    if dry_run:
        return result
    for matter in matters:
        matter.requester_name = ""
        matter.requester_phone = ""
        matter.save(update_fields=["requester_name", "requester_phone", "updated_at"])
    for link in links:
        link.requester_name = ""
        link.save(update_fields=["requester_name"])
    for party in parties:
        party.name = PURGED_NAME
        party.phone = ""
        party.save(update_fields=["name", "phone"])
    for confirmation in confirmations:
        confirmation.phone = ""
        confirmation.save(update_fields=["phone"])
    return result
