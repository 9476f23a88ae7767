"""Opening an uploaded workbook safely and reading the rows of the project sheets.

As in the organisation import (zhengxian.orgs.importing.reader): the file is judged by its
content, its size is checked before parsing, the unpacked archive is bounded (a small zip
can unpack to gigabytes) and so is the number of data rows.
"""

from __future__ import annotations

import io
import logging
import warnings
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import openpyxl
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from zhengxian.orgs.importing import ImportFileError, RowProblem
from zhengxian.orgs.importing.reader import Upload

from .columns import COLUMNS_OF_SHEET

logger = logging.getLogger(__name__)

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
UNPACKED_FACTOR = 20
MAX_COLUMNS = 64

Row = tuple[int, dict[str, Any]]


@dataclass
class Workbook:
    sheets: dict[str, list[Row]] = field(default_factory=dict)
    problems: list[RowProblem] = field(default_factory=list)


def read_workbook(upload: Upload) -> Workbook:
    """The rows of the 项目, 节点 and 实物量 sheets; ImportFileError for an unusable file."""
    data = _read_bytes(upload)
    _check_archive(data)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds of errors on a damaged file
        logger.info("project import: workbook could not be opened: %r", error)
        raise ImportFileError(_damaged()) from error
    try:
        return _read_sheets(book)
    except ImportFileError:
        raise
    except Exception as error:
        logger.info("project import: workbook could not be read: %r", error)
        raise ImportFileError(_damaged()) from error
    finally:
        book.close()


def _damaged() -> str:
    return _("The file is damaged or is not an Excel .xlsx workbook.")


def _read_bytes(upload: Upload) -> bytes:
    limit: int = settings.ZHENGXIAN_IMPORT_MAX_BYTES
    too_big = _("The file is larger than %(limit)s; split it into smaller files.") % {
        "limit": filesizeformat(limit)
    }
    if upload.size is not None and upload.size > limit:
        raise ImportFileError(too_big)
    handle = upload.open("rb")
    handle.seek(0)
    data: bytes = handle.read(limit + 1)
    if len(data) > limit:
        raise ImportFileError(too_big)
    if not data:
        raise ImportFileError(_("The file is empty."))
    return data


def _check_archive(data: bytes) -> None:
    if data.startswith(OLE_MAGIC):
        raise ImportFileError(
            _(
                "The file is password-protected or in the old .xls format: save it in Excel"
                " as an .xlsx workbook without a password."
            )
        )
    if not data.startswith(ZIP_MAGIC):
        raise ImportFileError(_("The file is not an Excel .xlsx workbook."))
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise ImportFileError(_damaged()) from error
    if unpacked > settings.ZHENGXIAN_IMPORT_MAX_BYTES * UNPACKED_FACTOR:
        raise ImportFileError(_("The file unpacks to too much data; split it into smaller files."))


def _read_sheets(book: Any) -> Workbook:
    by_title = {str(sheet.title).strip(): sheet for sheet in book.worksheets}
    found = [name for name in COLUMNS_OF_SHEET if name in by_title]
    if not found:
        raise ImportFileError(
            _("The workbook has no sheet named %(names)s: use the template.")
            % {"names": "、".join(COLUMNS_OF_SHEET)}
        )
    result = Workbook()
    limit: int = settings.ZHENGXIAN_IMPORT_MAX_ROWS
    count = 0
    for name in found:
        rows = by_title[name].iter_rows(values_only=True, max_col=MAX_COLUMNS)
        header = next(rows, ())
        if _is_blank(header or ()) and all(_is_blank(cells) for cells in rows):
            continue  # a blank sheet counts as absent
        headers = _headers(name, header, result.problems)
        if headers is None:
            continue
        sheet_rows: list[Row] = []
        for number, cells in _numbered(rows):
            count += 1
            if count > limit:
                raise ImportFileError(
                    _("The file has more than %(limit)s data rows; split it into smaller files.")
                    % {"limit": limit}
                )
            sheet_rows.append(
                (number, {h: cells[i] if i < len(cells) else None for h, i in headers.items()})
            )
        result.sheets[name] = sheet_rows
    if not result.problems and count == 0:
        raise ImportFileError(
            _("The file has no data rows: fill in the rows under the header row of the template.")
        )
    return result


def _numbered(rows: Iterator[tuple[Any, ...]]) -> Iterator[tuple[int, tuple[Any, ...]]]:
    for number, cells in enumerate(rows, start=2):
        if not _is_blank(cells):
            yield number, cells


def _is_blank(cells: tuple[Any, ...]) -> bool:
    return all(cell is None or (isinstance(cell, str) and not cell.strip()) for cell in cells)


def _headers(
    sheet: str, cells: tuple[Any, ...], problems: list[RowProblem]
) -> dict[str, int] | None:
    """Header -> column index; exactly the expected headers, in any order."""
    expected = COLUMNS_OF_SHEET[sheet]
    positions: dict[str, int] = {}
    before = len(problems)
    for index, cell in enumerate(cells or ()):
        header = "" if cell is None else str(cell).strip()
        if not header:
            continue
        if header not in expected:
            message = _("Unknown column %(column)s; the columns are: %(expected)s.") % {
                "column": header,
                "expected": "、".join(expected),
            }
            problems.append(RowProblem(sheet, 1, header, message))
        elif header in positions:
            message = _("The column %(column)s appears twice.") % {"column": header}
            problems.append(RowProblem(sheet, 1, header, message))
        else:
            positions[header] = index
    for header in expected:
        if header not in positions:
            message = _("The column %(column)s is missing.") % {"column": header}
            problems.append(RowProblem(sheet, 1, header, message))
    return None if len(problems) > before else positions
