"""Helpers for tests: build import workbooks in memory and wrap them as uploads."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

Rows = Sequence[dict[str, Any]]


def workbook_bytes(
    sheets: Iterable[tuple[str, Sequence[str], Rows | None]], *, extra_sheets: Sequence[str] = ()
) -> bytes:
    """An .xlsx with a sheet per (title, headers, rows) whose rows are not None: the header
    row, then each row's cells by header; then empty ``extra_sheets``. A workbook needs one
    sheet, so an empty "Sheet1" stands in when there is none."""
    book = Workbook()
    book.remove(book.active)
    for title, headers, rows in sheets:
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
