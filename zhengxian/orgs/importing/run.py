"""The import as one call: read the upload, check every row, then write all rows or none."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from .apply import ImportResult, apply_plan
from .problems import ImportFileError, ImportRejected, RowProblem
from .reader import Upload, read_workbook
from .validate import validate


@dataclass
class ImportOutcome:
    """A file error, row problems (or both, for wrong headers), or a completed import's result."""

    file_error: str = ""
    problems: list[RowProblem] = field(default_factory=list)
    result: ImportResult | None = None

    @property
    def imported(self) -> bool:
        return self.result is not None


def org_import(*, upload: Upload, user: Any) -> ImportOutcome:
    """Imports the units and people of ``upload`` within ``user``'s IMPORT_ORG scope."""
    try:
        book = read_workbook(upload)
    except ImportFileError as error:
        return ImportOutcome(file_error=error.message)
    if book.problems:  # wrong headers: the rows cannot be read meaningfully
        message = _("The column headers do not match the template: correct row 1 as listed.")
        return ImportOutcome(file_error=message, problems=book.problems)
    plan, problems = validate(book, user=user)
    if problems:
        return ImportOutcome(problems=problems)
    try:
        return ImportOutcome(result=apply_plan(plan))
    except ImportRejected as error:
        return ImportOutcome(problems=error.problems)
