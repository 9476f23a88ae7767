"""Supervision days and their findings, which become rectification matters assigned to the
inspected units."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from zhengxian.campaigns.models import month_key
from zhengxian.orgs.models import Person, Unit
from zhengxian.orgs.roles import Perm
from zhengxian.orgs.scope import scope_for

from ..models import (
    Matter,
    MatterOrigin,
    RectificationKind,
    SupervisionDay,
    SupervisionDaySupervisor,
    SupervisionInspection,
)
from ..workflow import Action
from .common import moment, require_any
from .matters import matter_create
from .transitions import matter_transition


@transaction.atomic
def supervision_day_create(
    *,
    actor: Any,
    unit: Unit,
    held_on: dt.date,
    title: str,
    inspected_units: Sequence[Unit],
    supervisors: Sequence[Person],
    notes: str = "",
    at: dt.datetime | None = None,
    is_demo: bool = False,
) -> SupervisionDay:
    require_any(actor, [Perm.SUPERVISE], unit)
    _when, today = moment(at)
    if held_on > today:
        raise ValidationError(
            {"held_on": _("A supervision day is recorded once it has been held.")}
        )
    units = list(dict.fromkeys(inspected_units))
    if not units:
        raise ValidationError({"inspected_units": _("Choose the units inspected.")})
    scope = scope_for(actor)
    if any(not scope.can(Perm.SUPERVISE, u) for u in units):
        raise ValidationError({"inspected_units": _("You may only inspect units you supervise.")})
    if not supervisors:
        raise ValidationError({"supervisors": _("Say who supervised.")})
    day = SupervisionDay(
        held_on=held_on,
        month=month_key(held_on),
        unit=unit,
        title=title.strip(),
        notes=notes.strip(),
        recorded_by=actor,
        is_demo=is_demo,
    )
    day.full_clean()
    day.save()
    for inspected in units:
        SupervisionInspection.objects.create(day=day, unit=inspected)
    for person in dict.fromkeys(supervisors):
        SupervisionDaySupervisor.objects.create(day=day, person=person)
    return day


@transaction.atomic
def supervision_finding_create(
    *,
    day: SupervisionDay,
    actor: Any,
    unit: Unit,
    title: str,
    deadline: dt.date,
    description: str = "",
    category: str = "conduct",
    at: dt.datetime | None = None,
) -> Matter:
    """A finding of ``day`` about ``unit``: a matter assigned to that unit for rectification."""
    if not day.inspections.filter(unit=unit).exists():
        raise ValidationError({"unit": _("The unit was not inspected on this supervision day.")})
    matter = matter_create(
        actor=actor,
        title=title,
        description=description,
        category=category,
        origin=MatterOrigin.SUPERVISION,
        rectification_kind=RectificationKind.SUPERVISION_DAY,
        reporting_unit=day.unit,
        target_unit=unit,
        supervision_day=day,
        at=at,
        is_demo=day.is_demo,
    )
    return matter_transition(
        matter=matter,
        action=Action.ASSIGN,
        actor=actor,
        at=at,
        responsible_unit=unit,
        deadline=deadline,
    )
