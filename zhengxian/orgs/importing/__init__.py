"""Excel import of units and people: template, reader, validation, and the one-transaction write.

`org_import` is the entry point (`org_import_start` queues the writes as a background job);
`build_template` makes the downloadable workbook.
"""

from __future__ import annotations

from zhengxian.core.spreadsheets import ImportFileError, RowProblem

from .apply import ImportResult, NewAccount
from .run import ImportOutcome, StartOutcome, org_import, org_import_start
from .template import TEMPLATE_KINDS, build_template

__all__ = [
    "TEMPLATE_KINDS",
    "ImportFileError",
    "ImportOutcome",
    "ImportResult",
    "NewAccount",
    "RowProblem",
    "StartOutcome",
    "build_template",
    "org_import",
    "org_import_start",
]
