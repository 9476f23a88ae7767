"""Writes a validated plan in one transaction, through the services, so every write is audited."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from zhengxian.core.spreadsheets import refusals_of

from .. import services
from ..models import Unit
from .columns import PEOPLE_SHEET, UNIT_SHEET
from .plan import ImportPlan, PersonRow, UnitRow


@dataclass(frozen=True)
class NewAccount:
    name: str
    unit_name: str
    username: str
    password: str  # the one-time password, shown once to the importer


@dataclass
class ImportResult:
    units_created: int = 0
    units_updated: int = 0
    units_unchanged: int = 0
    people_created: int = 0
    roles_assigned: int = 0
    accounts: list[NewAccount] = field(default_factory=list)


class UnitCache:
    """Units by code, fetched when first needed; forgotten after a move changes paths."""

    def __init__(self) -> None:
        self._cache: dict[str, Unit] = {}

    def get(self, code: str) -> Unit:
        if code not in self._cache:
            self._cache[code] = Unit.objects.get(code=code)
        return self._cache[code]

    def put(self, unit: Unit) -> None:
        self._cache[unit.code] = unit

    def forget(self) -> None:
        self._cache.clear()


def apply_plan(plan: ImportPlan, *, actor: Any) -> ImportResult:
    """Applies every row or none: a row the database refuses rolls the whole file back.

    Each write goes through a service that checks ``actor`` again (validation already did)."""
    result = ImportResult()
    units = UnitCache()
    with transaction.atomic():
        for unit_row in plan.units:
            with refusals_of(UNIT_SHEET, unit_row.row):
                apply_unit_row(unit_row, units, result, actor)
        for person_row in plan.people:
            with refusals_of(PEOPLE_SHEET, person_row.row):
                apply_person_row(person_row, units, result, actor)
    return result


def apply_unit_row(row: UnitRow, units: UnitCache, result: ImportResult, actor: Any) -> None:
    parent = units.get(row.parent_code) if row.parent_code else None
    if row.existing is None:
        unit = services.unit_create(
            actor=actor,
            code=row.code,
            name=row.name,
            kind=row.kind,
            parent=parent,
            sort_order=row.sort_order or 0,
        )
        units.put(unit)
        result.units_created += 1
        return
    unit = units.get(row.code)
    changes: dict[str, object] = {}
    for name, value in (("name", row.name), ("kind", row.kind), ("sort_order", row.sort_order)):
        if value is not None and getattr(unit, name) != value:
            changes[name] = value
    moving = (parent.pk if parent else None) != unit.parent_id
    if moving:
        changes["parent"] = parent
    if not changes:
        result.units_unchanged += 1
        return
    services.unit_update(actor=actor, unit=unit, **changes)
    result.units_updated += 1
    if moving:
        units.forget()  # the paths of the moved subtree changed in the database


def apply_person_row(row: PersonRow, units: UnitCache, result: ImportResult, actor: Any) -> None:
    unit = units.get(row.unit_code)
    role_unit = units.get(row.role_unit_code)
    person, password = services.person_create(
        actor=actor,
        name=row.name,
        unit=unit,
        username=row.username or None,
        position=row.position,
        phone=row.phone,
        roles=[(role, role_unit) for role in row.roles],
    )
    result.people_created += 1
    result.roles_assigned += len(row.roles)
    if password and person.user is not None:
        result.accounts.append(
            NewAccount(person.name, unit.name, person.user.get_username(), password)
        )
