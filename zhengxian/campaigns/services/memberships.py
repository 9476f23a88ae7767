"""Which units compete in which group of a campaign."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from zhengxian.orgs.models import Unit
from zhengxian.orgs.roles import Perm
from zhengxian.orgs.scope import require

from ..models import Campaign, GroupMembership


@transaction.atomic
def campaign_sync_members(*, campaign: Campaign, actor: Any) -> int:
    """Resolves each group's unit selector (kinds and codes) into memberships.

    A unit already in an earlier group stays there (one group per unit per campaign).
    """
    require(actor, Perm.MANAGE_CAMPAIGN, campaign.owner_unit)
    owner_path = campaign.owner_unit.path
    taken: set[int] = set()
    rows = []
    GroupMembership.objects.filter(campaign=campaign).delete()
    for group in campaign.groups.order_by("order", "code"):
        units = Unit.objects.filter(path__startswith=owner_path, is_active=True).exclude(
            pk=campaign.owner_unit_id  # the organising unit runs the campaign, never competes
        )
        selected = units.none()
        if group.unit_kinds:
            selected = selected | units.filter(kind__in=group.unit_kinds)
        if group.unit_codes:
            selected = selected | units.filter(code__in=group.unit_codes)
        for unit_id in selected.values_list("pk", flat=True).order_by("pk"):
            if unit_id not in taken:
                taken.add(unit_id)
                rows.append(GroupMembership(campaign=campaign, group=group, unit_id=unit_id))
    GroupMembership.objects.bulk_create(rows)
    return len(rows)
