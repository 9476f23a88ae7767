"""Helpers for tests: build import workbooks in memory and post them to the import page."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from .columns import PEOPLE_SHEET, PERSON_COLUMNS, UNIT_COLUMNS, UNIT_SHEET

Rows = Sequence[dict[str, Any]]


def unit_row(
    code: Any, name: str = "新单位", kind: str = "社区", parent: Any = "CX", order: Any = None
) -> dict[str, Any]:
    return {"单位编码": code, "单位名称": name, "类型": kind, "上级单位编码": parent, "排序": order}


def person_row(name: str = "新人", unit: Any = "CX-XH", **cells: Any) -> dict[str, Any]:
    """A 人员 row; ``cells`` are other columns by header (e.g. ``**{"账号": "zs"}``)."""
    return {"姓名": name, "单位编码": unit, **cells}


def xlsx(
    *,
    units: Rows | None = None,
    people: Rows | None = None,
    unit_headers: Sequence[str] = UNIT_COLUMNS,
    person_headers: Sequence[str] = PERSON_COLUMNS,
    extra_sheets: Sequence[str] = (),
) -> bytes:
    """A workbook with a 单位 sheet when ``units`` is given, a 人员 sheet when ``people`` is."""
    book = Workbook()
    book.remove(book.active)
    for title, headers, rows in (
        (UNIT_SHEET, unit_headers, units),
        (PEOPLE_SHEET, person_headers, people),
    ):
        if rows is None:
            continue
        sheet = book.create_sheet(title)
        sheet.append(list(headers))
        for row in rows:
            sheet.append([row.get(header) for header in headers])
    for title in extra_sheets:
        book.create_sheet(title)
    if not book.worksheets:
        book.create_sheet("Sheet1")
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def upload(data: bytes, name: str = "import.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")
