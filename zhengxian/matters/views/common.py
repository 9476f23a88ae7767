"""Small helpers the matters views share: choices from the user's scope, the page size."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from zhengxian.core.htmx import HtmxHttpRequest as HtmxRequest
from zhengxian.orgs.models import Person, Unit, UnitKind
from zhengxian.orgs.roles import Perm
from zhengxian.orgs.selectors import units_visible_to

PAGE_SIZE = 30


__all__ = ["PAGE_SIZE", "HtmxRequest", "own_unit", "people_of", "working_units"]


def working_units(user: Any, *perms: Perm) -> QuerySet[Unit]:
    """Active units (below the district) where the user holds one of ``perms``."""
    units = Unit.objects.none()
    for perm in perms:
        units = units | units_visible_to(user, perm)
    return units.filter(is_active=True).exclude(kind=UnitKind.DISTRICT).distinct().order_by("path")


def people_of(unit: Unit | None) -> QuerySet[Person]:
    if unit is None:
        return Person.objects.none()
    return (
        Person.objects.filter(unit__path__startswith=unit.path, is_active=True)
        .select_related("unit")
        .order_by("unit__path", "name")
    )


def own_unit(user: Any, units: QuerySet[Unit]) -> Unit | None:
    """The user's own unit when it is among ``units``, else the first of them."""
    person = getattr(user, "person", None)
    if person is not None:
        unit = units.filter(pk=person.unit_id).first()
        if unit is not None:
            return unit
    return units.first()
