"""Checklist items (创建清单): creation targets per unit, e.g. 红色业委会 / 红色物业 created.

The office sets the items for many units at once; a unit marks its own items done with a
date, a note and a file. The `checklist` source scores items done by a period's end ÷ items.

Separation of duties: a tick gives points by itself, so an item marked done by the unit's own
people counts only once someone outside the unit who may assess it (an evaluator, the office)
confirms it. A tick by an outsider counts at once. Correcting a tick asks for a new
confirmation.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from zhengxian.campaigns.models import Campaign, GroupMembership, month_key
from zhengxian.core import clock
from zhengxian.core.actors import is_system
from zhengxian.core.errors import DomainError
from zhengxian.core.uploads import check_upload
from zhengxian.orgs.duties import is_own_unit, require_not_own_unit
from zhengxian.orgs.models import Unit
from zhengxian.orgs.roles import Perm
from zhengxian.orgs.scope import require
from zhengxian.scoring.models import ChecklistItem
from zhengxian.scoring.selectors.inputs import checklist_codes


@transaction.atomic
def checklist_items_create(
    *, campaign: Campaign, checklist: str, name: str, units: Iterable[Unit], actor: Any
) -> list[ChecklistItem]:
    """One item named ``name`` for each unit; a unit that has it already is skipped.

    The campaign office sets items (Perm.MANAGE_CAMPAIGN over the organising unit, and
    Perm.ASSESS over every unit given an item). Returns the items created. All or nothing.
    """
    require(actor, Perm.MANAGE_CAMPAIGN, campaign.owner_unit)
    if checklist not in checklist_codes(campaign):
        raise DomainError(_("This campaign has no checklist %(code)s.") % {"code": checklist})
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Name the item, e.g. 红色业委会 created.")})
    units = list(units)
    if not units:
        raise ValidationError({"units": _("Choose at least one unit.")})
    competing = set(
        GroupMembership.objects.filter(campaign=campaign, unit__in=units).values_list(
            "unit_id", flat=True
        )
    )
    for unit in units:
        require(actor, Perm.ASSESS, unit)
    outside = [unit.name for unit in units if unit.pk not in competing]
    if outside:
        raise DomainError(
            _("These units do not compete in this campaign: %(units)s.")
            % {"units": "、".join(outside)}
        )
    existing = set(
        ChecklistItem.objects.filter(campaign=campaign, checklist=checklist, name=name).values_list(
            "unit_id", flat=True
        )
    )
    created = []
    for unit in sorted(units, key=lambda u: u.pk):
        if unit.pk in existing:
            continue
        existing.add(unit.pk)
        item = ChecklistItem(campaign=campaign, checklist=checklist, unit=unit, name=name)
        item.full_clean()
        item.save()  # one by one, so that the audit log records each item
        created.append(item)
    return created


@transaction.atomic
def checklist_item_mark_done(
    *,
    item: ChecklistItem,
    done_on: dt.date,
    note: str,
    actor: Any,
    attachment: UploadedFile | None = None,
) -> ChecklistItem:
    """Marks the item done on ``done_on`` (not in the future), with a note and an optional
    file; marking it again corrects the date, the note or the file. The unit's leader or
    cadres mark it (Perm.RECORD_WORK over the item's unit)."""
    item = (
        ChecklistItem.objects.select_for_update(of=("self",)).select_related("unit").get(pk=item.pk)
    )
    require(actor, Perm.RECORD_WORK, item.unit)
    if done_on is None:
        raise ValidationError({"done_on": _("Give the day the item was done.")})
    if done_on > clock.today():
        raise ValidationError({"done_on": _("The day it was done cannot lie in the future.")})
    if not note.strip():
        raise ValidationError({"note": _("Say briefly what was done.")})
    if attachment is not None:
        try:
            check_upload(attachment)
        except ValidationError as error:
            raise ValidationError({"attachment": error.messages}) from error
        item.attachment = attachment
    item.done_on = done_on
    item.done_month = month_key(done_on)
    item.evidence_note = note.strip()
    own = is_own_unit(actor, item.unit)
    item.awaiting_confirmation = own
    item.confirmed_by = None if own or is_system(actor) else actor
    item.confirmed_at = None if own else clock.now()
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def checklist_item_confirm(*, item: ChecklistItem, actor: Any) -> ChecklistItem:
    """Someone outside the unit who may assess it confirms the unit's own tick: from now on
    the item counts as done."""
    item = (
        ChecklistItem.objects.select_for_update(of=("self",)).select_related("unit").get(pk=item.pk)
    )
    require(actor, Perm.ASSESS, item.unit)
    require_not_own_unit(actor, item.unit)
    if item.done_on is None or not item.awaiting_confirmation:
        raise DomainError(_("This item is not waiting for a confirmation."))
    item.awaiting_confirmation = False
    item.confirmed_by = None if is_system(actor) else actor
    item.confirmed_at = clock.now()
    item.full_clean()
    item.save()
    return item
