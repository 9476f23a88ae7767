"""Excel import of units and people: template, reader, validation, and the one-transaction write.

`org_import` is the entry point; `build_template` makes the downloadable workbook.
"""

from __future__ import annotations

from zhengxian.core.spreadsheets import ImportFileError, RowProblem

from .apply import ImportResult, NewAccount
from .run import ImportOutcome, org_import
from .template import TEMPLATE_KINDS, build_template

__all__ = [
    "TEMPLATE_KINDS",
    "ImportFileError",
    "ImportOutcome",
    "ImportResult",
    "NewAccount",
    "RowProblem",
    "build_template",
    "org_import",
]
