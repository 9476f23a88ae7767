"""An import as one call: read the upload, check every row, then write all rows or none."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from .problems import ImportFileError, ImportRejected, RowProblem
from .reader import Upload, Workbook

ResultT = TypeVar("ResultT")
PlanT = TypeVar("PlanT")


@dataclass
class ImportOutcome(Generic[ResultT]):
    """A file error, row problems (or both, for wrong headers), or a completed import's result."""

    file_error: str = ""
    problems: list[RowProblem] = field(default_factory=list)
    result: ResultT | None = None

    @property
    def imported(self) -> bool:
        return self.result is not None


def run_import(
    *,
    upload: Upload,
    user: Any,
    read: Callable[[Upload], Workbook],
    validate: Callable[..., tuple[PlanT, list[RowProblem]]],
    apply: Callable[[PlanT], ResultT],
    header_error: Callable[[], str] | None = None,
) -> ImportOutcome[ResultT]:
    """Reads ``upload``, checks its rows with ``validate(book, user=user)`` and, when no row has
    a problem, writes them with ``apply(plan)``. Wrong headers stop the import before the rows
    are checked; ``header_error`` gives the file error shown with them, if any."""
    try:
        book = read(upload)
    except ImportFileError as error:
        return ImportOutcome(file_error=error.message)
    if book.problems:  # wrong headers: the rows cannot be read meaningfully
        message = header_error() if header_error is not None else ""
        return ImportOutcome(file_error=message, problems=book.problems)
    plan, problems = validate(book, user=user)
    if problems:
        return ImportOutcome(problems=problems)
    try:
        return ImportOutcome(result=apply(plan))
    except ImportRejected as error:
        return ImportOutcome(problems=error.problems)
