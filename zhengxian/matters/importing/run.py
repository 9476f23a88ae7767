"""The import as one call: read the upload, check every row, then queue the writes as a
background job (`visit_import_start`), or run that job here (`visit_import_here`)."""

from __future__ import annotations

from functools import partial
from typing import Any

from zhengxian.core.spreadsheets import ImportOutcome as Outcome
from zhengxian.core.spreadsheets import Upload, run_import
from zhengxian.jobs.models import Job

from .reader import read_workbook
from .validate import validate

StartOutcome = Outcome[Job]


def visit_import_start(*, upload: Upload, user: Any) -> StartOutcome:
    """Checks every row of ``upload`` within ``user``'s RECORD_WORK scope; when none has a
    problem, queues the writes as ``user``'s job and returns it as the result."""
    from ..jobs_import import visit_import_job_start  # the job module imports this package

    return run_import(
        upload=upload,
        user=user,
        read=read_workbook,
        validate=validate,
        apply=partial(visit_import_job_start, user=user),
    )


def header_error() -> str:
    from django.utils.translation import gettext as _

    return _("The column headers do not match the template: correct row 1 as listed.")
