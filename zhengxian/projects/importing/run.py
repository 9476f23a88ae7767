"""The import as one call: read the upload, check every row, then write all rows or none."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from zhengxian.orgs.importing import ImportFileError, RowProblem
from zhengxian.orgs.importing.problems import ImportRejected
from zhengxian.orgs.importing.reader import Upload

from .apply import ImportResult, apply_plan
from .reader import read_workbook
from .validate import validate

__all__ = ["ImportOutcome", "ImportResult", "project_import"]


@dataclass
class ImportOutcome:
    """Exactly one of: a file error, row problems, or the result of a completed import."""

    file_error: str = ""
    problems: list[RowProblem] = field(default_factory=list)
    result: ImportResult | None = None

    @property
    def imported(self) -> bool:
        return self.result is not None


def project_import(*, upload: Upload, user: Any) -> ImportOutcome:
    """Imports the projects, milestones and quantities of ``upload`` within the user's
    MANAGE_PROJECTS scope, all of them or none."""
    try:
        book = read_workbook(upload)
    except ImportFileError as error:
        return ImportOutcome(file_error=error.message)
    if book.problems:
        return ImportOutcome(problems=book.problems)
    plan, problems = validate(book, user=user)
    if problems:
        return ImportOutcome(problems=problems)
    try:
        return ImportOutcome(result=apply_plan(plan))
    except ImportRejected as error:
        return ImportOutcome(problems=error.problems)
