"""Saving the workbooks Zhengxian hands out, with every cell safe to open in Excel.

Names, notes and codes come from users. A cell whose text starts with ``=`` ``+`` ``-`` ``@``
(or a tab or carriage return) could be taken by Excel for a formula (``=HYPERLINK(...)``,
``=cmd|...``): "formula injection". Every writer saves through ``workbook_bytes`` so no sheet
can forget the guard.
"""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.cell.cell import Cell

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: Cell) -> None:
    """Makes ``cell`` text if its value is a string Excel could read as a formula.

    OWASP's advice for CSV is a leading apostrophe; in an .xlsx file that apostrophe would be
    stored as a visible character and come back on import (the project export imports back
    unchanged). The .xlsx equivalent is a string-typed cell with the quotePrefix style: Excel
    never evaluates a string cell, and quotePrefix (what Excel itself records when one types
    ``'=…``) keeps it text when someone edits the cell. Numbers, negative ones included, are
    not strings and stay numbers.
    """
    value = cell.value
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        cell.data_type = "s"
        cell.quotePrefix = True


def neutralise_workbook(book: Workbook) -> None:
    """Neutralises every cell of every sheet. Zhengxian writes no formulas of its own."""
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                neutralise(cell)


def workbook_bytes(book: Workbook) -> bytes:
    """The workbook as .xlsx bytes, every cell neutralised first."""
    neutralise_workbook(book)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
