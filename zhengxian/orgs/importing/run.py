"""The import as one call: read the upload, check every row, then write all rows or none
(`org_import`), or queue the writes as a background job with progress (`org_import_start`)."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from django.utils.translation import gettext as _

from zhengxian.core.background import JobStarted, run_here
from zhengxian.core.spreadsheets import ImportOutcome as Outcome
from zhengxian.core.spreadsheets import Upload, run_import

from .apply import ImportResult, apply_plan
from .job import apply_in_job, import_job_start, plan_to_json, result_of
from .plan import ImportPlan
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


def org_import_here(
    *, upload: Upload, user: Any, report: Callable[[int, int, str], None] | None = None
) -> ImportOutcome:
    """`org_import_start` without the queue: checks every row, then runs the same job handler
    in this process (``manage.py import_org``), telling ``report`` each row."""

    def apply(plan: ImportPlan) -> ImportResult:
        outcome = run_here(
            apply_in_job, owner=user, params={"plan": plan_to_json(plan)}, report=report
        )
        return result_of(outcome)

    return run_import(
        upload=upload,
        user=user,
        read=read_workbook,
        validate=validate,
        apply=apply,
        header_error=_header_error,
    )


def _header_error() -> str:
    return _("The column headers do not match the template: correct row 1 as listed.")
