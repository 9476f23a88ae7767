"""The import as one call: read the upload, check every row, then write all rows or none
(`org_import`), or queue the writes as a background job with progress (`org_import_start`)."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.utils.translation import gettext as _

from zhengxian.core.background import JobStarted
from zhengxian.core.spreadsheets import ImportOutcome as Outcome
from zhengxian.core.spreadsheets import Upload, run_import

from .apply import ImportResult, apply_plan
from .job import import_job_start
from .reader import read_workbook
from .validate import validate

ImportOutcome = Outcome[ImportResult]
StartOutcome = Outcome[JobStarted]


def org_import(*, upload: Upload, user: Any) -> ImportOutcome:
    """Imports the units and people of ``upload`` within ``user``'s IMPORT_ORG scope."""
    return run_import(
        upload=upload,
        user=user,
        read=read_workbook,
        validate=validate,
        apply=partial(apply_plan, actor=user),
        header_error=_header_error,
    )


def org_import_start(*, upload: Upload, user: Any) -> StartOutcome:
    """Checks every row of ``upload`` now, as `org_import` does; when none has a problem,
    queues the writes as ``user``'s background job (`.job`) and returns it as the result."""
    return run_import(
        upload=upload,
        user=user,
        read=read_workbook,
        validate=validate,
        apply=partial(import_job_start, user=user),
        header_error=_header_error,
    )


def _header_error() -> str:
    return _("The column headers do not match the template: correct row 1 as listed.")
