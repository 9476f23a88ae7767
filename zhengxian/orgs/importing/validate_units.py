"""Checks the rows of the 单位 sheet, one by one and then against each other and the database."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from zhengxian.core.spreadsheets import RowProblem, cells

from ..models import unit_code_validator
from .columns import CODE, KIND, KIND_BY_LABEL, ORDER, PARENT, UNIT_NAME, UNIT_SHEET
from .known import KnownUnits
from .plan import UnitRow

Report = Callable[[int, str, str], None]


def validate_units(
    rows: list[tuple[int, dict[str, Any]]], known: KnownUnits, problems: list[RowProblem]
) -> list[UnitRow]:
    """The valid-looking unit rows, parents first; every problem found is added to ``problems``."""

    def report(row: int, column: str, message: str) -> None:
        problems.append(RowProblem(UNIT_SHEET, row, column, message))

    units: dict[str, UnitRow] = {}
    for number, values in rows:
        unit = _parse_row(number, values, report)
        if unit is None:
            continue
        if unit.code in units:
            report(
                number,
                CODE,
                _("The unit code %(code)s is already used in row %(row)s.")
                % {"code": unit.code, "row": units[unit.code].row},
            )
            continue
        units[unit.code] = unit
        unit.existing = known.get(unit.code)
        if unit.existing is not None and not known.in_scope(unit.existing):
            report(
                number,
                CODE,
                _("The unit %(code)s exists outside your scope.") % {"code": unit.code},
            )
    for unit in units.values():
        _check_parent(unit, units, known, report)
    for unit in _units_in_loops(units, known):
        report(
            unit.row, PARENT, _("The parent units of %(code)s form a loop.") % {"code": unit.code}
        )
    return _parents_first(units)


def _parse_row(number: int, values: dict[str, Any], report: Report) -> UnitRow | None:
    code = cells.text(values[CODE])
    if not code:
        report(number, CODE, _("Enter the unit code."))
        return None
    try:
        unit_code_validator(code)
    except ValidationError as error:
        report(number, CODE, " ".join(error.messages))
        return None
    name = cells.text(values[UNIT_NAME])
    if not name:
        report(number, UNIT_NAME, _("Enter the unit name."))
    elif len(name) > 100:
        report(number, UNIT_NAME, _("The text is longer than %(max)s characters.") % {"max": 100})
    label = cells.text(values[KIND])
    kind = KIND_BY_LABEL.get(label, "")
    if not label:
        report(number, KIND, _("Enter the unit kind."))
    elif not kind:
        report(
            number,
            KIND,
            _("Unknown unit kind %(value)s; use one of: %(choices)s.")
            % {"value": label, "choices": "、".join(KIND_BY_LABEL)},
        )
    try:
        sort_order = cells.whole_number(values[ORDER])
    except ValueError:
        report(number, ORDER, _("Enter a whole number."))
        sort_order = None
    parent_code = cells.text(values[PARENT])
    return UnitRow(number, code, name, kind, parent_code, sort_order)


def _check_parent(
    unit: UnitRow, units: dict[str, UnitRow], known: KnownUnits, report: Report
) -> None:
    existing, parent_code = unit.existing, unit.parent_code
    if not parent_code:
        keeps_top = existing is not None and existing.parent_id is None
        if not (keeps_top or (existing is None and known.scope.is_superuser)):
            report(unit.row, PARENT, _("Enter the parent unit code."))
        return
    if parent_code == unit.code:
        report(unit.row, PARENT, _("A unit cannot be its own parent."))
        return
    if parent_code in units:
        return  # a unit of the file: its own row is checked; loops are found afterwards
    parent = known.get(parent_code)
    if parent is None:
        report(unit.row, PARENT, _("Unknown parent unit code %(code)s.") % {"code": parent_code})
    elif not known.in_scope(parent) and not (existing and existing.parent_id == parent.pk):
        report(
            unit.row,
            PARENT,
            _("The parent unit %(code)s is outside your scope.") % {"code": parent_code},
        )


def _units_in_loops(units: dict[str, UnitRow], known: KnownUnits) -> list[UnitRow]:
    """The file's units whose chain of parents (the file's, else the database's) loops.

    Each unit has at most one parent, so one walk per unvisited unit, remembering the
    units already settled, finds every loop in linear time.
    """

    def parent_of(code: str) -> str:
        if code in units:
            return units[code].parent_code
        return known.parent_code.get(code, "")

    settled: set[str] = set()
    looping: list[UnitRow] = []
    for start in units:
        path: list[str] = []
        on_path: set[str] = set()
        code = start
        while code and code not in settled and code not in on_path:
            path.append(code)
            on_path.add(code)
            code = parent_of(code)
        loop = path[path.index(code) :] if code in on_path else []
        if len(loop) > 1:  # a unit that names itself as parent is reported on its own
            looping.extend(units[c] for c in loop if c in units)
        settled.update(path)
    return sorted(looping, key=lambda unit: unit.row)


def _parents_first(units: dict[str, UnitRow]) -> list[UnitRow]:
    """The file's units ordered so that a parent of the file comes before its children."""
    ordered: list[UnitRow] = []
    placed: set[str] = set()
    for start in units:
        chain: list[str] = []
        code = start
        while code in units and code not in placed and code not in chain:
            chain.append(code)
            code = units[code].parent_code
        for code in reversed(chain):
            placed.add(code)
            ordered.append(units[code])
    return ordered
