"""Creating and changing projects, their tags and physical quantities."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from zhengxian.core.errors import NotAllowed
from zhengxian.orgs.models import Person, Unit
from zhengxian.orgs.roles import Perm
from zhengxian.orgs.scope import require

from ..models import Project, ProjectTag, Quantity
from ..selectors.access import can_edit
from .status import project_refresh_status

TAG_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,31}$")


def require_edit(actor: Any, project: Project) -> None:
    """403 unless ``actor`` holds MANAGE_PROJECTS over the project's unit."""
    if not can_edit(actor, project):
        raise NotAllowed


def _check_dates(project: Project) -> None:
    if (
        project.planned_start
        and project.planned_end
        and project.planned_end < project.planned_start
    ):
        raise ValidationError({"planned_end": _("The planned end comes before the planned start.")})


def clean_tags(tags: Iterable[str]) -> list[str]:
    """Lower-case tags without repeats; ValidationError for one that is not a code."""
    cleaned: list[str] = []
    for raw in tags:
        tag = raw.strip().lower()
        if not tag:
            continue
        if not TAG_PATTERN.match(tag):
            raise ValidationError(
                {
                    "tags": _("A tag is 1–32 lower-case letters, digits or dashes, not %(tag)s.")
                    % {"tag": raw}
                }
            )
        if tag not in cleaned:
            cleaned.append(tag)
    return cleaned


@transaction.atomic
def project_create(
    *,
    actor: Any,
    code: str,
    name: str,
    category: str,
    unit: Unit,
    planned_start: dt.date,
    planned_end: dt.date,
    lead: Person | None = None,
    planned_investment: Decimal = Decimal(0),
    location: str = "",
    description: str = "",
    internal_note: str = "",
    is_public: bool = False,
    warn_days: int | None = None,
    tags: Iterable[str] = (),
    is_demo: bool = False,
    today: dt.date | None = None,
    refresh: bool = True,
) -> Project:
    require(actor, Perm.MANAGE_PROJECTS, unit)
    project = Project(
        code=code,
        name=name,
        category=category,
        unit=unit,
        lead=lead,
        planned_start=planned_start,
        planned_end=planned_end,
        planned_investment=planned_investment,
        location=location,
        description=description,
        internal_note=internal_note,
        is_public=is_public,
        warn_days=warn_days,
        is_demo=is_demo,
    )
    _check_dates(project)
    project.full_clean()
    project.save()
    _set_tags(project, tags)
    if refresh:
        project_refresh_status(project=project, today=today)
    return project


@transaction.atomic
def project_update(
    *, actor: Any, project: Project, today: dt.date | None = None, **fields: Any
) -> Project:
    """Changes the given fields (and ``tags`` when given) and re-derives the status."""
    require_edit(actor, project)
    unit = fields.get("unit")
    if unit is not None and unit.pk != project.unit_id:
        require(actor, Perm.MANAGE_PROJECTS, unit)
    tags = fields.pop("tags", None)
    for name, value in fields.items():
        setattr(project, name, value)
    _check_dates(project)
    project.full_clean()
    project.save()
    if tags is not None:
        _set_tags(project, tags)
    project_refresh_status(project=project, today=today)
    return project


@transaction.atomic
def project_set_tags(*, actor: Any, project: Project, tags: Iterable[str]) -> list[str]:
    require_edit(actor, project)
    return _set_tags(project, tags)


def _set_tags(project: Project, tags: Iterable[str]) -> list[str]:
    wanted = clean_tags(tags)
    current = set(project.tags.values_list("tag", flat=True))
    for row in project.tags.exclude(tag__in=wanted):
        row.delete()  # one by one, so that each removal is audited
    for tag in wanted:
        if tag not in current:
            ProjectTag.objects.create(project=project, tag=tag)
    return wanted


@transaction.atomic
def quantity_set(
    *,
    actor: Any,
    project: Project,
    name: str,
    measure: str,
    planned: Decimal,
    completed: Decimal | None = None,
    order: int | None = None,
) -> Quantity:
    """Creates the quantity ``name`` of the project, or updates it."""
    require_edit(actor, project)
    quantity = Quantity.objects.filter(project=project, name=name).first()
    if quantity is None:
        quantity = Quantity(project=project, name=name, order=order or project.quantities.count())
    quantity.measure = measure
    quantity.planned = planned
    if completed is not None:
        quantity.completed = completed
    if order is not None:
        quantity.order = order
    quantity.full_clean()
    quantity.save()
    return quantity
