"""Writing the project sheets: header styling, text columns, drop-down lists."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from zhengxian.core.spreadsheets.writer import workbook_bytes

from .columns import CATEGORY, CATEGORY_LABELS, CODE, LEAD, PUBLIC, REQUIRED, UNIT

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
VALIDATED_ROWS = 2000
_REQUIRED_FILL = PatternFill("solid", fgColor="F8D7DA")
_OPTIONAL_FILL = PatternFill("solid", fgColor="E2E3E5")
_TEXT_COLUMNS = {CODE, UNIT, LEAD}


def data_sheet(
    book: Workbook, title: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]
) -> Worksheet:
    sheet = book.create_sheet(title)
    sheet.append(list(columns))
    required = REQUIRED.get(title, frozenset())
    for index, header in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font = Font(bold=True)
        cell.fill = _REQUIRED_FILL if header in required else _OPTIONAL_FILL
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = max(12, min(40, len(header) * 2 + 4))
    for row in rows:
        sheet.append(list(row))
    # Text format on code columns, so that Excel keeps a code such as 0101 as typed.
    for index, header in enumerate(columns, start=1):
        if header in _TEXT_COLUMNS:
            for row_number in range(2, max(VALIDATED_ROWS, sheet.max_row) + 2):
                sheet.cell(row=row_number, column=index).number_format = "@"
    sheet.freeze_panes = "A2"
    _lists(sheet, columns)
    return sheet


def _lists(sheet: Worksheet, columns: Sequence[str]) -> None:
    choices = {CATEGORY: list(CATEGORY_LABELS.values()), PUBLIC: ["是", "否"]}
    for header, values in choices.items():
        if header not in columns:
            continue
        letter = get_column_letter(columns.index(header) + 1)
        validation = DataValidation(type="list", formula1=f'"{",".join(values)}"', allow_blank=True)
        validation.add(f"{letter}2:{letter}{VALIDATED_ROWS + 1}")
        sheet.add_data_validation(validation)


def to_bytes(book: Workbook) -> bytes:
    return workbook_bytes(book)
