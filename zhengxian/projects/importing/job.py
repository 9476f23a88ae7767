"""The write of a checked project import as a background job, all rows or none.

The page reads and checks the whole upload first (`run.project_import_start`): a file with any
problem starts no job. The job then writes every row in one transaction, through the
services, so every write is audited under the importer's name, and a row the database or a
service refuses at write time (a code taken meanwhile) rolls the whole file back and fails
the job with that row named. One transaction means the bar moves twice: when the writing
starts, and when it has committed; a worker killed in between leaves nothing, and the next
attempt writes the file again. The checked plan travels as JSON: units, lead leaders and
existing projects by id, fetched again when the job runs.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, fields
from decimal import Decimal
from typing import Any

from django.db import models, transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from zhengxian.core.background import JobContext, JobOutcome, job_handler
from zhengxian.core.errors import DomainError
from zhengxian.core.spreadsheets import ImportRejected
from zhengxian.jobs.models import Job
from zhengxian.jobs.services import job_start
from zhengxian.orgs.models import Person, Unit
from zhengxian.orgs.roles import Perm

from ..models import Project
from .apply import ImportResult, apply_plan
from .columns import PROJECT_SHEET
from .plan import ImportPlan, MilestoneRow, ProjectRow, QuantityRow

KIND = "projects.import"

DATES = frozenset({"planned_start", "planned_end", "planned_date", "actual_date"})
DECIMALS = frozenset({"planned_investment", "planned_percent", "planned", "completed"})
RECORDS: dict[str, type[models.Model]] = {"unit": Unit, "lead": Person, "existing": Project}


def import_job_start(plan: ImportPlan, *, user: Any) -> Job:
    """Queues the writes of a checked ``plan`` as ``user``'s job (the services check the
    user's scope again when it runs)."""
    return job_start(
        owner=user,
        kind=KIND,
        label=_(
            "Import: %(projects)s projects, %(milestones)s milestones, %(quantities)s "
            "physical quantities"
        )
        % {
            "projects": len(plan.projects),
            "milestones": len(plan.milestones),
            "quantities": len(plan.quantities),
        },
        handler=apply_in_job,
        params={"plan": plan_to_json(plan)},
        perm=Perm.MANAGE_PROJECTS.value,
    )


@job_handler
def apply_in_job(job: JobContext, *, plan: dict[str, Any]) -> JobOutcome:
    total = sum(len(plan[sheet]) for sheet in ("projects", "milestones", "quantities"))
    if job.done >= total and job.state:  # committed by an attempt whose worker then stopped
        return _outcome(ImportResult(**job.state))
    rows = plan_from_json(plan)
    job.progress(0, total, _("Writing %(n)s rows: all of them or none") % {"n": total})
    try:
        with transaction.atomic():
            result = apply_plan(rows, actor=job.owner)
            job.progress(total, total, _("Saved"), state=asdict(result))
    except ImportRejected as error:
        raise DomainError(_rejected(error)) from error
    return _outcome(result)


def plan_to_json(plan: ImportPlan) -> dict[str, Any]:
    """The checked plan as JSON: dates as ISO text, numbers as text, records by id."""
    return {
        "projects": [_row_to_json(row) for row in plan.projects],
        "milestones": [_row_to_json(row) for row in plan.milestones],
        "quantities": [_row_to_json(row) for row in plan.quantities],
    }


def plan_from_json(data: dict[str, Any]) -> ImportPlan:
    """The plan again, with its units, lead leaders and existing projects fetched now (one
    query each); one deleted since the check stops the job before anything is written."""
    found = {name: _fetch(model, data["projects"], name) for name, model in RECORDS.items()}
    projects = []
    for row in data["projects"]:
        values = _values(row)
        for name in RECORDS:
            if row[name] is None:
                continue
            if row[name] not in found[name]:
                raise DomainError(_gone(row["row"]))
            values[name] = found[name][row[name]]
        projects.append(ProjectRow(**values))
    return ImportPlan(
        projects=projects,
        milestones=[MilestoneRow(**_values(row)) for row in data["milestones"]],
        quantities=[QuantityRow(**_values(row)) for row in data["quantities"]],
    )


def _row_to_json(row: ProjectRow | MilestoneRow | QuantityRow) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for field in fields(row):
        value = getattr(row, field.name)
        if isinstance(value, models.Model):
            value = value.pk
        elif isinstance(value, dt.date | Decimal):
            value = str(value)
        data[field.name] = value
    return data


def _values(row: dict[str, Any]) -> dict[str, Any]:
    values = dict(row)
    for name, value in row.items():
        if value is None:
            continue
        if name in DATES:
            values[name] = dt.date.fromisoformat(value)
        elif name in DECIMALS:
            values[name] = Decimal(value)
    return values


def _fetch(model: type[models.Model], rows: list[dict[str, Any]], name: str) -> dict[Any, Any]:
    ids = {row[name] for row in rows if row[name] is not None}
    if not ids:
        return {}
    records = model._default_manager.all()
    if model is Project:
        records = records.select_related("unit")
    return records.in_bulk(ids)


def _gone(row: int) -> str:
    return _(
        "Nothing was imported: the unit, lead leader or project of sheet %(sheet)s, row "
        "%(row)s was deleted after the file was checked. Upload the file again."
    ) % {"sheet": PROJECT_SHEET, "row": row}


def _rejected(error: ImportRejected) -> str:
    problems = "; ".join(
        _("sheet %(sheet)s, row %(row)s: %(message)s")
        % {"sheet": p.sheet, "row": p.row, "message": p.message}
        for p in error.problems
    )
    return _(
        "Nothing was imported: the database refused a row (%(problems)s). Correct the file "
        "and upload it again."
    ) % {"problems": problems}


def _outcome(result: ImportResult) -> JobOutcome:
    return JobOutcome(
        summary=[
            _("Projects created: %(n)s") % {"n": result.projects_created},
            _("Projects updated: %(n)s") % {"n": result.projects_updated},
            _("Projects unchanged: %(n)s") % {"n": result.projects_unchanged},
            _("Milestones created: %(n)s") % {"n": result.milestones_created},
            _("Milestones updated: %(n)s") % {"n": result.milestones_updated},
            _("Physical quantities saved: %(n)s") % {"n": result.quantities_saved},
        ],
        link_url=reverse("projects:project_list"),
        link_label=_("Key projects"),
        data=asdict(result),
    )
