"""Checks the rows of the 人员 sheet against each other, the units and the accounts."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping
from typing import Any, cast

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from zhengxian.core.spreadsheets import RowProblem, cells

from ..grants import can_grant
from ..models import Unit, phone_validator
from ..roles import Role
from .columns import (
    ACCOUNT,
    NAME,
    PEOPLE_SHEET,
    PHONE,
    POSITION,
    ROLE_BY_LABEL,
    ROLE_SEPARATORS,
    ROLE_UNIT,
    ROLES,
    START_DATE,
    UNIT,
)
from .known import KnownUnits, chunks
from .plan import PersonRow

Report = Callable[[int, str, str], None]


def validate_people(
    rows: list[tuple[int, dict[str, Any]]],
    known: KnownUnits,
    file_parents: Mapping[str, str],
    problems: list[RowProblem],
    *,
    actor: Any,
) -> list[PersonRow]:
    """``file_parents`` maps each unit code of the 单位 sheet to its parent's code."""

    def report(row: int, column: str, message: str) -> None:
        problems.append(RowProblem(PEOPLE_SHEET, row, column, message))

    def check_unit(row: int, column: str, code: str) -> None:
        message = _unit_problem(code, known, file_parents)
        if message:
            report(row, column, message)

    people = [_parse_row(number, values, report) for number, values in rows]
    for person in people:
        check_unit(person.row, UNIT, person.unit_code)
        if person.role_unit_code and person.role_unit_code != person.unit_code:
            check_unit(person.row, ROLE_UNIT, person.role_unit_code)
        _check_grants(person, known, file_parents, actor, report)
    _check_accounts(people, report)
    return people


def _parse_row(number: int, values: dict[str, Any], report: Report) -> PersonRow:
    name = _short_text(number, NAME, values[NAME], 50, report)
    if not name:
        report(number, NAME, _("Enter the name."))
    unit_code = cells.text(values[UNIT])
    if not unit_code:
        report(number, UNIT, _("Enter the unit code."))
    position = _short_text(number, POSITION, values[POSITION], 50, report)
    phone = cells.phone(values[PHONE])
    if phone:
        try:
            phone_validator(phone)
        except ValidationError as error:
            report(number, PHONE, " ".join(error.messages))
    username = cells.text(values[ACCOUNT])
    if username:
        _check_username(number, username, report)
    roles = _roles(number, cells.text(values[ROLES]), report)
    role_unit_code = cells.text(values[ROLE_UNIT])
    if role_unit_code and not roles:
        report(number, ROLE_UNIT, _("A role scope unit is given but no role."))
    try:
        cells.date(values[START_DATE])
    except ValueError:
        report(number, START_DATE, _("Enter a date such as 2023-03-01."))
    return PersonRow(
        number, name, unit_code, position, phone, username, roles, role_unit_code or unit_code
    )


def _short_text(row: int, column: str, value: Any, limit: int, report: Report) -> str:
    result = cells.text(value)
    if len(result) > limit:
        report(row, column, _("The text is longer than %(max)s characters.") % {"max": limit})
    return result


def _check_username(row: int, username: str, report: Report) -> None:
    user_model = get_user_model()
    field = cast(models.Field, user_model._meta.get_field(user_model.USERNAME_FIELD))
    try:
        field.run_validators(username)
    except ValidationError as error:
        report(row, ACCOUNT, " ".join(error.messages))


def _roles(row: int, raw: str, report: Report) -> list[str]:
    roles: list[str] = []
    for label in (part.strip() for part in re.split(ROLE_SEPARATORS, raw)):
        if not label:
            continue
        role = ROLE_BY_LABEL.get(label)
        if role is None:
            report(
                row,
                ROLES,
                _("Unknown role %(value)s; use one of: %(choices)s.")
                % {"value": label, "choices": "、".join(ROLE_BY_LABEL)},
            )
        elif role not in roles:
            roles.append(role)
    return roles


def _unit_problem(code: str, known: KnownUnits, file_unit_codes: Collection[str]) -> str:
    if not code or code in file_unit_codes:
        return ""
    unit = known.get(code)
    if unit is None:
        return _("Unknown unit code %(code)s.") % {"code": code}
    if not known.in_scope(unit):
        return _("The unit %(code)s is outside your scope.") % {"code": code}
    return ""


def _check_grants(
    person: PersonRow,
    known: KnownUnits,
    file_parents: Mapping[str, str],
    actor: Any,
    report: Report,
) -> None:
    """Each role must be one the importer may grant, as on the person page."""
    if not person.roles:
        return
    scope_unit = _existing_unit_at_or_above(person.role_unit_code, known, file_parents)
    for role in person.roles:
        # A unit the file creates lies under its nearest existing ancestor: whoever may grant
        # a role over that ancestor may grant it over the new unit, and only they may.
        allowed = (
            can_grant(actor, role, scope_unit)
            if scope_unit is not None
            else known.scope.is_superuser
        )
        if not allowed:
            report(
                person.row,
                ROLES,
                _("You may not grant the role %(role)s over %(unit)s.")
                % {"role": Role(role).label, "unit": person.role_unit_code},
            )


def _existing_unit_at_or_above(
    code: str, known: KnownUnits, file_parents: Mapping[str, str]
) -> Unit | None:
    seen: set[str] = set()
    while code in file_parents and code not in seen:
        seen.add(code)
        code = file_parents[code]
    return known.get(code) if code else None


def _check_accounts(people: list[PersonRow], report: Report) -> None:
    first_row: dict[str, int] = {}
    for person in people:
        key = person.username.lower()
        if not key:
            continue
        if key in first_row:
            report(
                person.row,
                ACCOUNT,
                _("The account %(name)s is already used in row %(row)s.")
                % {"name": person.username, "row": first_row[key]},
            )
        else:
            first_row[key] = person.row
    taken = _taken_usernames(first_row)
    for person in people:
        key = person.username.lower()
        if key in taken and first_row.get(key) == person.row:
            report(
                person.row,
                ACCOUNT,
                _("The account name %(name)s is taken.") % {"name": person.username},
            )


def _taken_usernames(lowered: Collection[str]) -> set[str]:
    user_model = get_user_model()
    taken: set[str] = set()
    for batch in chunks(sorted(lowered)):
        taken.update(
            user_model._default_manager.annotate(lowered=Lower(user_model.USERNAME_FIELD))
            .filter(lowered__in=batch)
            .values_list("lowered", flat=True)
        )
    return taken
