"""The downloadable .xlsx template: instructions in Chinese, then 走访 with an example row."""

from __future__ import annotations

import datetime as dt

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from zhengxian.core.spreadsheets.writer import workbook_bytes

from .columns import COLUMNS, HELP_SHEET, KIND, KIND_LABELS, REQUIRED, SHEET, TARGET, UNIT

TEMPLATE_FILENAME = "走访记录导入模板.xlsx"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
VALIDATED_ROWS = 2000
_REQUIRED_FILL = PatternFill("solid", fgColor="F8D7DA")
_OPTIONAL_FILL = PatternFill("solid", fgColor="E2E3E5")


def help_lines(max_rows: int) -> list[str]:
    return [
        "走访记录导入说明",
        "",
        "1. 「走访」表每行一次走访；红色表头为必填列。",
        "2. 走访单位编码：记录走访的单位（须在您的权限范围内，您须有为该单位记录走访的权限）。",
        "3. 走访日期写作 2026-03-01、2026/3/1 或 2026年3月1日；不能晚于今天，也不能早于一年前。",
        "4. 走访人：该单位人员的姓名，多人用顿号或逗号分隔；同名时请改填手机号。",
        "5. 走访对象填 " + "、".join(KIND_LABELS.values()) + "；所在社区编码不填时为走访单位本身。",
        "6. 企业、工地须已在该社区的企业或工地名录中，填写其名称；住户须填写住户（姓名或地址）。",
        "7. 先检查全部行：任何一行有问题，整个文件都不导入；与已有记录完全相同的行不会重复导入。",
        f"8. 每个文件最多 {max_rows} 行数据。",
    ]


def build_template(*, unit_code: str, visitor: str, today: dt.date, max_rows: int) -> bytes:
    book = Workbook()
    help_sheet = book.active
    help_sheet.title = HELP_SHEET
    for line in help_lines(max_rows):
        help_sheet.append([line])
    help_sheet.column_dimensions["A"].width = 110
    sheet = book.create_sheet(SHEET)
    sheet.append(list(COLUMNS))
    for index, header in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font = Font(bold=True)
        cell.fill = _REQUIRED_FILL if header in REQUIRED else _OPTIONAL_FILL
        sheet.column_dimensions[get_column_letter(index)].width = max(12, len(header) * 2 + 4)
    example = "走访了解社区情况（示例，请替换）"
    sheet.append([unit_code, today, visitor, "社区", "", "", "", example])
    for index, header in enumerate(COLUMNS, start=1):
        if header in (UNIT, TARGET):  # keep a code such as 0101 as typed
            for row in range(2, VALIDATED_ROWS + 2):
                sheet.cell(row=row, column=index).number_format = "@"
    letter = get_column_letter(COLUMNS.index(KIND) + 1)
    kinds = DataValidation(type="list", formula1=f'"{",".join(KIND_LABELS.values())}"')
    kinds.add(f"{letter}2:{letter}{VALIDATED_ROWS + 1}")
    sheet.add_data_validation(kinds)
    sheet.freeze_panes = "A2"
    return workbook_bytes(book)
