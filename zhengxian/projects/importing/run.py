"""The import as one call: read the upload, check every row, then write all rows or none."""

from __future__ import annotations

from functools import partial
from typing import Any

from zhengxian.core.spreadsheets import ImportOutcome as Outcome
from zhengxian.core.spreadsheets import Upload, run_import

from .apply import ImportResult, apply_plan
from .reader import read_workbook
from .validate import validate

__all__ = ["ImportOutcome", "ImportResult", "project_import"]

ImportOutcome = Outcome[ImportResult]


def project_import(*, upload: Upload, user: Any) -> ImportOutcome:
    """Imports the projects, milestones and quantities of ``upload`` within the user's
    MANAGE_PROJECTS scope, all of them or none. Wrong headers are listed as problems of row 1,
    without a file error."""
    return run_import(
        upload=upload,
        user=user,
        read=read_workbook,
        validate=validate,
        apply=partial(apply_plan, actor=user),
    )
