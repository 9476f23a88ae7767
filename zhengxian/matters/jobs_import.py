"""The write of a checked visit import as a background job, all rows or none.

The page checks the whole upload first (`importing.run.visit_import_start`); the job then
writes every row in one transaction with bulk inserts (`importing.apply`), so the bar moves
when the writing starts and when it has committed; a worker killed in between leaves
nothing, and the retry writes the file again. Nothing is re-scored here: the scores pick the
visits up at their next run.
"""

from __future__ import annotations

from dataclasses import fields
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from zhengxian.core.background import JobContext, JobOutcome, job_handler
from zhengxian.jobs.models import Job
from zhengxian.jobs.services import job_start
from zhengxian.orgs.roles import Perm

from .importing.apply import visits_import_write
from .importing.plan import ImportPlan, VisitRow

KIND = "matters.visit_import"


def visit_import_job_start(plan: ImportPlan, *, user: Any) -> Job:
    return job_start(
        owner=user,
        kind=KIND,
        label=_("Import: %(n)s visits") % {"n": len(plan.rows)},
        handler=import_visits_in_job,
        params=visit_import_job_params(plan),
        perm=Perm.RECORD_WORK.value,
    )


ROW_FIELDS = tuple(f.name for f in fields(VisitRow))  # the visitors last


def visit_import_job_params(plan: ImportPlan) -> dict[str, Any]:
    """The checked rows as JSON: ids and ISO dates, the visitors' ids last. Field by field,
    not `astuple`, which deep-copies every value (a second of 100,000 rows)."""
    rows = [[getattr(row, name) for name in ROW_FIELDS] for row in plan.rows]
    return {"rows": rows, "duplicates": plan.duplicates}


@job_handler
def import_visits_in_job(
    job: JobContext, *, rows: list[list[Any]], duplicates: int = 0
) -> JobOutcome:
    total = len(rows)
    if total and job.done >= total and job.state:  # committed by an attempt that then stopped
        return _outcome(job.state["written"], duplicates)
    plan = [
        VisitRow(*values[:-1], visitors=tuple(values[-1]))  # type: ignore[misc]
        for values in rows
    ]
    job.progress(0, total, _("Writing %(n)s rows: all of them or none") % {"n": total})
    with transaction.atomic():
        written = visits_import_write(actor=job.owner, rows=plan, duplicates=duplicates)
        job.progress(total, total, _("Saved"), state={"written": written})
    return _outcome(written, duplicates)


def _outcome(written: int, duplicates: int) -> JobOutcome:
    summary = [_("Visits imported: %(n)s") % {"n": written}]
    if duplicates:
        summary.append(
            _("%(n)s rows are identical to visits already recorded and were not imported again.")
            % {"n": duplicates}
        )
    if not written:
        summary.append(_("Nothing new was written: every row was already recorded."))
    return JobOutcome(summary=summary, data={"visits": written, "duplicates": duplicates})
