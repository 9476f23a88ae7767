"""Checks every row of a workbook before anything is written, collecting every problem."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from zhengxian.core import clock
from zhengxian.core.spreadsheets import Row, RowProblem, Workbook, cells
from zhengxian.orgs.models import Person, Unit, unit_code_validator
from zhengxian.orgs.roles import Perm
from zhengxian.orgs.scope import scope_for

from ..models import Project
from ..services.projects import TAG_PATTERN
from . import values
from .columns import (
    ACTUAL,
    CATEGORY,
    CATEGORY_BY_LABEL,
    CATEGORY_LABELS,
    CODE,
    DESCRIPTION,
    END,
    INVESTMENT,
    LEAD,
    LOCATION,
    MEASURE,
    MILESTONE,
    MILESTONE_SHEET,
    NAME,
    NOTE,
    PERCENT,
    PLANNED,
    PROJECT_SHEET,
    PUBLIC,
    QUANTITY,
    QUANTITY_DONE,
    QUANTITY_PLANNED,
    QUANTITY_SHEET,
    START,
    TAGS,
    UNIT,
    WARN_DAYS,
)
from .plan import ImportPlan, MilestoneRow, ProjectRow, QuantityRow

Report = Callable[[int, str, str], None]
SHEET_ORDER = {PROJECT_SHEET: 0, MILESTONE_SHEET: 1, QUANTITY_SHEET: 2}


class Known:
    """The units, projects and lead leaders a file refers to, each loaded in one query."""

    def __init__(self, book: Workbook, user: Any) -> None:
        self.scope = scope_for(user)
        project_rows = book.sheets.get(PROJECT_SHEET, [])
        codes = {cells.text(v[CODE]) for sheet in book.sheets.values() for _, v in sheet}
        unit_codes = {cells.text(v[UNIT]) for _, v in project_rows}
        accounts = {cells.text(v[LEAD]) for _, v in project_rows} - {""}
        self.units = {u.code: u for u in Unit.objects.filter(code__in=unit_codes - {""})}
        self.projects = {
            p.code: p for p in Project.objects.filter(code__in=codes - {""}).select_related("unit")
        }
        self.leads = {
            p.user.get_username().lower(): p  # type: ignore[union-attr] # filtered on user
            for p in Person.objects.filter(
                user__username__in=accounts, is_active=True
            ).select_related("user")
        }

    def may_manage(self, unit: Unit) -> bool:
        return self.scope.can(Perm.MANAGE_PROJECTS, unit)


def validate(book: Workbook, *, user: Any) -> tuple[ImportPlan, list[RowProblem]]:
    known = Known(book, user)
    problems: list[RowProblem] = []
    plan = ImportPlan()
    plan.projects = _projects(book.sheets.get(PROJECT_SHEET, []), known, problems)
    file_codes = {row.code for row in plan.projects}
    plan.milestones = _milestones(book.sheets.get(MILESTONE_SHEET, []), known, file_codes, problems)
    plan.quantities = _quantities(book.sheets.get(QUANTITY_SHEET, []), known, file_codes, problems)
    problems.sort(key=lambda p: (SHEET_ORDER.get(p.sheet, 9), p.row))
    return plan, problems


def _reporter(sheet: str, problems: list[RowProblem]) -> Report:
    def report(row: int, column: str, message: str) -> None:
        problems.append(RowProblem(sheet, row, column, message))

    return report


def _text(
    number: int, column: str, value: Any, limit: int, report: Report, *, required: bool = False
) -> str:
    result = cells.text(value)
    if required and not result:
        report(number, column, _("Enter %(column)s.") % {"column": column})
    elif len(result) > limit:
        report(number, column, _("The text is longer than %(max)s characters.") % {"max": limit})
    return result


def _date(
    number: int, column: str, value: Any, report: Report, *, required: bool = False
) -> dt.date | None:
    try:
        result = cells.date(value)
    except ValueError:
        report(number, column, _("Enter a date such as 2023-03-01."))
        return None
    if result is None and required:
        report(number, column, _("Enter %(column)s.") % {"column": column})
    return result


def _decimal(number: int, column: str, value: Any, report: Report, *, places: int = 2) -> Any:
    try:
        return values.decimal(value, places=places)
    except ValueError:
        report(
            number,
            column,
            _("Enter a number of at least 0 with at most %(places)s decimals.")
            % {"places": places},
        )
        return None


def _projects(rows: list[Row], known: Known, problems: list[RowProblem]) -> list[ProjectRow]:
    report = _reporter(PROJECT_SHEET, problems)
    seen: dict[str, int] = {}
    result = []
    for number, v in rows:
        code = cells.text(v[CODE])
        if not code:
            report(number, CODE, _("Enter %(column)s.") % {"column": CODE})
            continue
        try:
            unit_code_validator(code)
        except ValidationError as error:
            report(number, CODE, " ".join(error.messages))
            continue
        if code in seen:
            report(
                number,
                CODE,
                _("The project code %(code)s is already used in row %(row)s.")
                % {"code": code, "row": seen[code]},
            )
            continue
        seen[code] = number
        row = ProjectRow(number, code, existing=known.projects.get(code))
        if row.existing is not None and not known.may_manage(row.existing.unit):
            report(
                number, CODE, _("The project %(code)s exists outside your scope.") % {"code": code}
            )
        _project_fields(row, v, known, report)
        result.append(row)
    return result


def _project_fields(row: ProjectRow, v: dict[str, Any], known: Known, report: Report) -> None:
    n = row.row
    row.name = _text(n, NAME, v[NAME], 200, report, required=True)
    label = cells.text(v[CATEGORY])
    row.category = CATEGORY_BY_LABEL.get(label, "")
    if not row.category:
        report(
            n,
            CATEGORY,
            _("Unknown category %(value)s; use one of: %(choices)s.")
            % {"value": label or "—", "choices": "、".join(CATEGORY_LABELS.values())},
        )
    unit_code = cells.text(v[UNIT])
    row.unit = known.units.get(unit_code)
    if not unit_code:
        report(n, UNIT, _("Enter %(column)s.") % {"column": UNIT})
    elif row.unit is None:
        report(n, UNIT, _("Unknown unit code %(code)s.") % {"code": unit_code})
    elif not known.may_manage(row.unit):
        report(n, UNIT, _("The unit %(code)s is outside your scope.") % {"code": unit_code})
    account = cells.text(v[LEAD])
    if account:
        row.lead = known.leads.get(account.lower())
        if row.lead is None:
            report(n, LEAD, _("No active person has the account %(name)s.") % {"name": account})
    row.planned_start = _date(n, START, v[START], report, required=True)
    row.planned_end = _date(n, END, v[END], report, required=True)
    if row.planned_start and row.planned_end and row.planned_end < row.planned_start:
        report(n, END, _("The planned end comes before the planned start."))
    row.planned_investment = (
        _decimal(n, INVESTMENT, v[INVESTMENT], report) or row.planned_investment
    )
    row.location = _text(n, LOCATION, v[LOCATION], 200, report)
    row.tags = values.tags(v[TAGS])
    for tag in row.tags:
        if not TAG_PATTERN.match(tag):
            report(
                n,
                TAGS,
                _("A tag is 1–32 lower-case letters, digits or dashes, not %(tag)s.")
                % {"tag": tag},
            )
    try:
        row.is_public = values.yes_no(v[PUBLIC])
    except ValueError:
        report(n, PUBLIC, _("Enter 是 or 否."))
    try:
        row.warn_days = cells.whole_number(v[WARN_DAYS])
    except ValueError:
        report(n, WARN_DAYS, _("Enter a whole number."))
    if row.warn_days is not None and not 0 <= row.warn_days <= 90:
        report(n, WARN_DAYS, _("Enter a number of days from 0 to 90."))
    row.description = _text(n, DESCRIPTION, v[DESCRIPTION], 2000, report)
    row.internal_note = _text(n, NOTE, v[NOTE], 2000, report)


def _project_problem(code: str, known: Known, file_codes: set[str]) -> str:
    if not code:
        return _("Enter %(column)s.") % {"column": CODE}
    if code in file_codes:
        return ""
    project = known.projects.get(code)
    if project is None:
        return _("Unknown project code %(code)s: add it to the 项目 sheet.") % {"code": code}
    if not known.may_manage(project.unit):
        return _("The project %(code)s exists outside your scope.") % {"code": code}
    return ""


def _milestones(
    rows: list[Row], known: Known, file_codes: set[str], problems: list[RowProblem]
) -> list[MilestoneRow]:
    report = _reporter(MILESTONE_SHEET, problems)
    today = clock.today()
    seen: dict[tuple[str, str], int] = {}
    result = []
    for n, v in rows:
        code = cells.text(v[CODE])
        message = _project_problem(code, known, file_codes)
        if message:
            report(n, CODE, message)
        name = _text(n, MILESTONE, v[MILESTONE], 100, report, required=True)
        if (code, name) in seen and name:
            report(
                n,
                MILESTONE,
                _("The milestone %(name)s is already in row %(row)s.")
                % {"name": name, "row": seen[(code, name)]},
            )
        seen.setdefault((code, name), n)
        planned = _date(n, PLANNED, v[PLANNED], report, required=True)
        actual = _date(n, ACTUAL, v[ACTUAL], report)
        if actual and actual > today:
            report(n, ACTUAL, _("The actual date cannot lie in the future."))
        percent = _decimal(n, PERCENT, v[PERCENT], report, places=1)
        if percent is not None and percent > 100:
            report(n, PERCENT, _("Enter a percentage from 0 to 100."))
        note = _text(n, NOTE, v[NOTE], 300, report)
        result.append(MilestoneRow(n, code, name, planned, actual, percent, note))
    return result


def _quantities(
    rows: list[Row], known: Known, file_codes: set[str], problems: list[RowProblem]
) -> list[QuantityRow]:
    report = _reporter(QUANTITY_SHEET, problems)
    seen: dict[tuple[str, str], int] = {}
    result = []
    for n, v in rows:
        code = cells.text(v[CODE])
        message = _project_problem(code, known, file_codes)
        if message:
            report(n, CODE, message)
        name = _text(n, QUANTITY, v[QUANTITY], 50, report, required=True)
        if (code, name) in seen and name:
            report(
                n,
                QUANTITY,
                _("The quantity %(name)s is already in row %(row)s.")
                % {"name": name, "row": seen[(code, name)]},
            )
        seen.setdefault((code, name), n)
        measure = _text(n, MEASURE, v[MEASURE], 16, report, required=True)
        planned = _decimal(n, QUANTITY_PLANNED, v[QUANTITY_PLANNED], report)
        if planned is None and cells.text(v[QUANTITY_PLANNED]) == "":
            report(n, QUANTITY_PLANNED, _("Enter %(column)s.") % {"column": QUANTITY_PLANNED})
        completed = _decimal(n, QUANTITY_DONE, v[QUANTITY_DONE], report)
        result.append(QuantityRow(n, code, name, measure, planned, completed))
    return result
