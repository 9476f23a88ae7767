"""Opening an uploaded workbook safely, and reading the rows of the sheets an import names.

The file is judged by its content, never its name: it must be a zip archive (an .xlsx is
one) that openpyxl can open. Sizes are checked before parsing: the upload against
ZHENGXIAN_IMPORT_MAX_BYTES, the unpacked archive against a multiple of it (a small zip can
unpack to gigabytes), and the data rows against ZHENGXIAN_IMPORT_MAX_ROWS. The headers of a
sheet must be exactly the expected ones, in any order; wrong headers are problems of row 1.
"""

from __future__ import annotations

import io
import logging
import warnings
import zipfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import IO, Any, Protocol

import openpyxl
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from .problems import ImportFileError, RowProblem

logger = logging.getLogger(__name__)

ZIP_MAGIC = b"PK\x03\x04"
# Encrypted (password-protected) .xlsx files and old .xls files are OLE compound files.
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
UNPACKED_FACTOR = 20  # the unpacked archive may be at most this many times the size limit
MAX_COLUMNS = 64  # cells beyond this column are not read

Row = tuple[int, dict[str, Any]]  # (Excel row number, header -> raw cell value)


class Upload(Protocol):
    size: int | None

    def open(self, mode: str = ...) -> Any: ...


@dataclass
class Workbook:
    """The data rows of the sheets found, by sheet name, and the problems of their headers."""

    sheets: dict[str, list[Row]] = field(default_factory=dict)
    problems: list[RowProblem] = field(default_factory=list)


def read_workbook(
    upload: Upload,
    *,
    columns_of_sheet: Mapping[str, Sequence[str]],
    no_sheet_message: Callable[[], str],
    log_label: str,
) -> Workbook:
    """Reads the sheets of ``columns_of_sheet`` (name -> expected headers) that the file has.

    Raises ImportFileError for a file that cannot be used; ``no_sheet_message`` gives its
    message when none of the sheets is there.
    """
    data = _read_bytes(upload)
    _check_archive(data)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about styles it does not know
            book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds of errors on a damaged file
        logger.info("%s: workbook could not be opened: %r", log_label, error)
        raise ImportFileError(_damaged_message()) from error
    try:
        return _read_sheets(book, columns_of_sheet, no_sheet_message)
    except ImportFileError:
        raise
    except Exception as error:  # a damaged part found while reading the rows
        logger.info("%s: workbook could not be read: %r", log_label, error)
        raise ImportFileError(_damaged_message()) from error
    finally:
        book.close()


def _damaged_message() -> str:
    return _("The file is damaged or is not an Excel .xlsx workbook.")


def _read_bytes(upload: Upload) -> bytes:
    limit: int = settings.ZHENGXIAN_IMPORT_MAX_BYTES
    too_big = _("The file is larger than %(limit)s; split it into smaller files.") % {
        "limit": filesizeformat(limit)
    }
    if upload.size is not None and upload.size > limit:
        raise ImportFileError(too_big)
    handle: IO[bytes] = upload.open("rb")
    handle.seek(0)
    data = handle.read(limit + 1)
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
        raise ImportFileError(_damaged_message()) from error
    if unpacked > settings.ZHENGXIAN_IMPORT_MAX_BYTES * UNPACKED_FACTOR:
        raise ImportFileError(_("The file unpacks to too much data; split it into smaller files."))


def _read_sheets(
    book: Any,
    columns_of_sheet: Mapping[str, Sequence[str]],
    no_sheet_message: Callable[[], str],
) -> Workbook:
    by_title = {str(sheet.title).strip(): sheet for sheet in book.worksheets}
    found = [name for name in columns_of_sheet if name in by_title]
    if not found:
        raise ImportFileError(no_sheet_message())
    result = Workbook()
    counter = _RowCounter(settings.ZHENGXIAN_IMPORT_MAX_ROWS)
    for name in found:
        rows = by_title[name].iter_rows(values_only=True, max_col=MAX_COLUMNS)
        header_cells = next(rows, ())
        if _is_blank(header_cells) and all(_is_blank(cells) for cells in rows):
            continue  # a blank sheet counts as absent
        headers = _header_positions(name, columns_of_sheet[name], header_cells, result.problems)
        if headers is None:
            continue
        result.sheets[name] = list(_data_rows(rows, headers, counter))
    if not result.problems and counter.count == 0:
        raise ImportFileError(
            _("The file has no data rows: fill in the rows under the header row of the template.")
        )
    return result


def _header_positions(
    sheet: str, expected: Sequence[str], cells: tuple[Any, ...], problems: list[RowProblem]
) -> dict[str, int] | None:
    """Header -> column index; the headers must be exactly the expected ones, in any order."""
    positions: dict[str, int] = {}
    found_problem = False
    for index, cell in enumerate(cells):
        header = "" if cell is None else str(cell).strip()
        if not header:
            continue
        if header not in expected:
            problems.append(RowProblem(sheet, 1, header, _unknown_header(header, expected)))
            found_problem = True
        elif header in positions:
            message = _("The column %(column)s appears twice.") % {"column": header}
            problems.append(RowProblem(sheet, 1, header, message))
            found_problem = True
        else:
            positions[header] = index
    for header in expected:
        if header not in positions:
            message = _("The column %(column)s is missing.") % {"column": header}
            problems.append(RowProblem(sheet, 1, header, message))
            found_problem = True
    return None if found_problem else positions


def _unknown_header(header: str, expected: Sequence[str]) -> str:
    return _("Unknown column %(column)s; the columns are: %(expected)s.") % {
        "column": header,
        "expected": "、".join(expected),
    }


class _RowCounter:
    """Counts the data rows of all sheets; ImportFileError past the limit."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.count = 0

    def add(self) -> None:
        self.count += 1
        if self.count > self.limit:
            raise ImportFileError(
                _("The file has more than %(limit)s data rows; split it into smaller files.")
                % {"limit": self.limit}
            )


def _is_blank(cells: tuple[Any, ...]) -> bool:
    return all(cell is None or (isinstance(cell, str) and not cell.strip()) for cell in cells)


def _data_rows(
    rows: Iterator[tuple[Any, ...]], headers: dict[str, int], counter: _RowCounter
) -> Iterator[Row]:
    for number, cells in enumerate(rows, start=2):
        if _is_blank(cells):
            continue
        counter.add()
        yield (
            number,
            {
                header: cells[index] if index < len(cells) else None
                for header, index in headers.items()
            },
        )
