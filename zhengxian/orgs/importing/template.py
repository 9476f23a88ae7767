"""The downloadable .xlsx template: an instructions sheet, then 单位 and/or 人员.

Each data sheet has the header row (required columns shaded, a note on every header),
example rows that import as they are, drop-down lists for 类型 and 角色, and text format
on code and phone columns so that Excel does not turn 13800000000 into 1.38E+10.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from zhengxian.core.spreadsheets.writer import workbook_bytes

from ..models import Unit
from ..roles import Perm
from ..scope import scope_for
from . import template_text as text
from .columns import (
    ACCOUNT,
    CODE,
    HELP_SHEET,
    KIND,
    KIND_BY_LABEL,
    PARENT,
    PEOPLE_SHEET,
    PERSON_COLUMNS,
    PHONE,
    REQUIRED,
    ROLE_BY_LABEL,
    ROLE_UNIT,
    ROLES,
    START_DATE,
    UNIT,
    UNIT_COLUMNS,
    UNIT_SHEET,
)

TEMPLATE_KINDS = ("all", "units", "people")
TEMPLATE_FILENAMES = {
    "all": "单位和人员导入模板.xlsx",
    "units": "单位导入模板.xlsx",
    "people": "人员导入模板.xlsx",
}
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
VALIDATED_ROWS = 2000  # drop-down lists cover this many rows under the header
_REQUIRED_FILL = PatternFill("solid", fgColor="F8D7DA")
_OPTIONAL_FILL = PatternFill("solid", fgColor="E2E3E5")
_TEXT_COLUMNS = {CODE, PARENT, UNIT, PHONE, ACCOUNT, ROLE_UNIT}


def example_parent_code(user: Any) -> str:
    """The code of the highest unit the user may import into, to make the examples valid."""
    scope = scope_for(user)
    first = (
        Unit.objects.filter(scope.unit_q(Perm.IMPORT_ORG), is_active=True)
        .order_by("depth", "sort_order", "code")
        .first()
    )
    return first.code if first else ""


def build_template(kind: str, *, parent_code: str) -> bytes:
    """The template workbook for ``kind`` ("all", "units" or "people") as .xlsx bytes."""
    if kind not in TEMPLATE_KINDS:
        raise ValueError(kind)
    book = Workbook()
    _instructions(book.active)
    units = text.example_units(parent_code)
    if kind in ("all", "units"):
        sheet = book.create_sheet(UNIT_SHEET)
        _data_sheet(sheet, UNIT_SHEET, UNIT_COLUMNS, text.UNIT_NOTES, units)
        _list_validation(sheet, UNIT_COLUMNS, KIND, KIND_BY_LABEL, strict=True)
    if kind in ("all", "people"):
        # Alone, the people template refers to an existing unit instead of the examples.
        unit_code, grid_code = (
            (str(units[0][0]), str(units[1][0])) if kind == "all" else (parent_code, parent_code)
        )
        sheet = book.create_sheet(PEOPLE_SHEET)
        people = text.example_people(unit_code, grid_code)
        _data_sheet(sheet, PEOPLE_SHEET, PERSON_COLUMNS, text.PERSON_NOTES, people)
        # Several roles may share a cell, so the list only suggests: other text is allowed.
        _list_validation(sheet, PERSON_COLUMNS, ROLES, ROLE_BY_LABEL, strict=False)
        _date_format(sheet, PERSON_COLUMNS.index(START_DATE) + 1, len(people))
    book.active = 1  # open on the first data sheet
    return workbook_bytes(book)


def _instructions(sheet: Worksheet) -> None:
    sheet.title = HELP_SHEET
    lines = text.instructions(
        max_rows=settings.ZHENGXIAN_IMPORT_MAX_ROWS,
        max_size=str(filesizeformat(settings.ZHENGXIAN_IMPORT_MAX_BYTES)),
    )
    for line in lines:
        sheet.append([line])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([])
    sheet.append(["类型", "说明"])
    for label in KIND_BY_LABEL:
        sheet.append([label, "单位类型"])
    sheet.append([])
    sheet.append(["角色", "说明"])
    for label, description in text.ROLE_DESCRIPTIONS.items():
        sheet.append([label, description])
    for row in sheet.iter_rows(min_row=len(lines) + 2):
        if row[0].value in ("类型", "角色"):
            for cell in row:
                cell.font = Font(bold=True)
    sheet.column_dimensions["A"].width = 14
    sheet.column_dimensions["B"].width = 60


def _data_sheet(
    sheet: Worksheet,
    name: str,
    columns: tuple[str, ...],
    notes: dict[str, str],
    examples: list[tuple[object, ...]],
) -> None:
    sheet.append(list(columns))
    for example in examples:
        sheet.append(list(example))
    for index, header in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font = Font(bold=True)
        cell.fill = _REQUIRED_FILL if header in REQUIRED[name] else _OPTIONAL_FILL
        cell.comment = Comment(notes[header], "争先", width=320, height=120)
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = max(12, len(header) * 2 + 6)
        if header in _TEXT_COLUMNS:
            sheet.column_dimensions[letter].number_format = "@"
            for row in range(2, len(examples) + 2):
                sheet.cell(row=row, column=index).number_format = "@"
    sheet.freeze_panes = "A2"


def _list_validation(
    sheet: Worksheet,
    columns: tuple[str, ...],
    header: str,
    choices: dict[str, str],
    *,
    strict: bool,
) -> None:
    letter = get_column_letter(columns.index(header) + 1)
    validation = DataValidation(
        type="list", formula1='"{}"'.format(",".join(choices)), allow_blank=True
    )
    validation.showErrorMessage = strict
    validation.error = "请从列表中选择：" + "、".join(choices)
    validation.errorTitle = header
    validation.prompt = "可选：" + "、".join(choices)
    validation.promptTitle = header
    validation.showInputMessage = True
    sheet.add_data_validation(validation)
    validation.add(f"{letter}2:{letter}{VALIDATED_ROWS + 1}")


def _date_format(sheet: Worksheet, column: int, rows: int) -> None:
    for row in range(2, rows + 2):
        sheet.cell(row=row, column=column).number_format = "yyyy-mm-dd"
