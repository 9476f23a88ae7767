"""What an import reports when it refuses a file: problems tied to a cell, or the file."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class RowProblem:
    """One problem of one cell: ``row`` is the Excel row number (the header is row 1)."""

    sheet: str
    row: int
    column: str
    message: str


class ImportFileError(Exception):
    """The upload as a whole cannot be read (empty, not an xlsx, too big, too many rows…)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ImportRejected(Exception):
    """The database refused a row while applying: the whole import was rolled back."""

    def __init__(self, problems: list[RowProblem]) -> None:
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems


@contextmanager
def refusals_of(sheet: str, row: int) -> Iterator[None]:
    """Turns a refusal of the database or a service into a problem of the row."""
    try:
        yield
    except ValidationError as error:
        raise ImportRejected([RowProblem(sheet, row, "", " ".join(error.messages))]) from error
    except IntegrityError as error:
        message = _("The row conflicts with data saved meanwhile; try again.")
        raise ImportRejected([RowProblem(sheet, row, "", message)]) from error
