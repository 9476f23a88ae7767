"""Checks a whole workbook before anything is written, collecting every problem found."""

from __future__ import annotations

from typing import Any

from zhengxian.core.spreadsheets import RowProblem, Workbook, cells

from ..scope import scope_for
from .columns import CODE as UNIT_CODE
from .columns import PARENT, PEOPLE_SHEET, ROLE_UNIT, UNIT, UNIT_SHEET
from .known import KnownUnits
from .plan import ImportPlan
from .validate_people import validate_people
from .validate_units import validate_units

SHEET_ORDER = {UNIT_SHEET: 0, PEOPLE_SHEET: 1}


def validate(book: Workbook, *, user: Any) -> tuple[ImportPlan, list[RowProblem]]:
    """The plan to apply, and the problems that forbid applying it (an empty list if none)."""
    unit_rows = book.sheets.get(UNIT_SHEET, [])
    person_rows = book.sheets.get(PEOPLE_SHEET, [])
    known = KnownUnits(codes=_codes(unit_rows, person_rows), scope=scope_for(user))
    problems: list[RowProblem] = []
    units = validate_units(unit_rows, known, problems)
    file_parents = {unit.code: unit.parent_code for unit in units}
    people = validate_people(person_rows, known, file_parents, problems, actor=user)
    problems.sort(key=lambda p: (SHEET_ORDER.get(p.sheet, 9), p.row))
    return ImportPlan(units=units, people=people), problems


def _codes(
    unit_rows: list[tuple[int, dict[str, Any]]], person_rows: list[tuple[int, dict[str, Any]]]
) -> set[str]:
    """Every unit code the file mentions, to look them all up at once."""
    codes = {cells.text(values[c]) for _, values in unit_rows for c in (UNIT_CODE, PARENT)}
    codes |= {cells.text(values[c]) for _, values in person_rows for c in (UNIT, ROLE_UNIT)}
    codes.discard("")
    return codes
