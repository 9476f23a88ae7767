"""What the Excel imports share: opening an upload safely, reading rows, cell values, problems.

Each app keeps its own columns, row checks and writes; `read_workbook` gives them the data
rows of the sheets they name, `cells` turns loose Excel values into clean ones, and
`run_import` ties reading, checking and writing together so that all rows or none are saved.
"""

from __future__ import annotations

from .problems import ImportFileError, ImportRejected, RowProblem, refusals_of
from .reader import Row, Upload, Workbook, read_workbook
from .run import ImportOutcome, run_import

__all__ = [
    "ImportFileError",
    "ImportOutcome",
    "ImportRejected",
    "Row",
    "RowProblem",
    "Upload",
    "Workbook",
    "read_workbook",
    "refusals_of",
    "run_import",
]
