"""The import as one call: read the upload, check every row, then write all rows or none
(`project_import`), or queue the writes as a background job (`project_import_start`)."""

from __future__ import annotations

from functools import partial
from typing import Any

from zhengxian.core.spreadsheets import ImportOutcome as Outcome
from zhengxian.core.spreadsheets import Upload, run_import
from zhengxian.jobs.models import Job

from .apply import ImportResult, apply_plan
from .job import import_job_start
from .reader import read_workbook
from .validate import validate

__all__ = [
    "ImportOutcome",
    "ImportResult",
    "StartOutcome",
    "project_import",
    "project_import_start",
]

ImportOutcome = Outcome[ImportResult]
StartOutcome = Outcome[Job]


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


def project_import_start(*, upload: Upload, user: Any) -> StartOutcome:
    """Checks every row of ``upload`` now, as `project_import` does; when none has a problem,
    queues the writes as ``user``'s background job (`.job`) and returns the job as the result."""
    return run_import(
        upload=upload,
        user=user,
        read=read_workbook,
        validate=validate,
        apply=partial(import_job_start, user=user),
    )
