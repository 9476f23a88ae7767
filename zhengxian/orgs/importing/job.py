"""The write of a checked import as a background job, with progress.

The page reads and checks the whole upload first, as before: a file with any problem imports
nothing. Then the writes (password hashing makes each new account slow) run in a job that
reports each row. Each row commits with its progress, so the bar is true, a job whose worker
was killed resumes after its last row instead of creating anyone twice, and a row the
database refuses at write time (a name taken meanwhile) stops the job with that row named;
Retry continues from it.

orgs sits below the jobs app, so this module uses only `zhengxian.core.background`.
"""

from __future__ import annotations

from dataclasses import asdict, fields
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from zhengxian.core.background import (
    JobContext,
    JobOutcome,
    JobStarted,
    JobTable,
    job_handler,
    start_job,
)
from zhengxian.core.errors import DomainError
from zhengxian.core.spreadsheets import ImportRejected, refusals_of

from ..models import Unit
from ..roles import Perm
from .apply import ImportResult, NewAccount, UnitCache, apply_person_row, apply_unit_row
from .columns import PEOPLE_SHEET, UNIT_SHEET
from .plan import ImportPlan, PersonRow, UnitRow

KIND = "orgs.people_import"


def import_job_start(plan: ImportPlan, *, user: Any) -> JobStarted:
    """Queues the writes of a checked ``plan`` as ``user``'s job."""
    counts = {"units": len(plan.units), "people": len(plan.people)}
    if plan.units and plan.people:
        label = _("Import: %(units)s units, %(people)s people") % counts
    elif plan.units:
        label = _("Import: %(units)s units") % counts
    else:
        label = _("Import: %(people)s people") % counts
    return start_job(
        owner=user,
        kind=KIND,
        label=label,
        handler=apply_in_job,
        params={"plan": plan_to_json(plan)},
        perm=Perm.IMPORT_ORG.value,
    )


@job_handler
def apply_in_job(job: JobContext, *, plan: dict[str, Any]) -> JobOutcome:
    rows = plan_from_json(plan)
    steps: list[tuple[str, UnitRow | PersonRow]] = [
        *((UNIT_SHEET, row) for row in rows.units),
        *((PEOPLE_SHEET, row) for row in rows.people),
    ]
    result = _result_from_state(job.state)
    units = UnitCache()
    for index in range(job.done, len(steps)):
        sheet, row = steps[index]
        try:
            with transaction.atomic(), refusals_of(sheet, row.row):
                if isinstance(row, UnitRow):
                    apply_unit_row(row, units, result, job.owner)
                else:
                    apply_person_row(row, units, result, job.owner)
                message = _("Sheet %(sheet)s, row %(row)s") % {"sheet": sheet, "row": row.row}
                job.progress(index + 1, len(steps), message, state=asdict(result))
        except ImportRejected as error:
            raise DomainError(_rejected(error, done=index)) from error
    return _outcome(result)


def plan_to_json(plan: ImportPlan) -> dict[str, Any]:
    """The checked plan as JSON; of an existing unit only the fact that it existed is kept."""
    units = [
        {**{f.name: getattr(row, f.name) for f in fields(row)}, "existing": bool(row.existing)}
        for row in plan.units
    ]
    return {"units": units, "people": [asdict(row) for row in plan.people]}


def plan_from_json(data: dict[str, Any]) -> ImportPlan:
    """The plan again; ``existing`` only needs to say whether the unit existed at the check
    (`apply_unit_row` fetches the unit by code)."""
    return ImportPlan(
        units=[UnitRow(**{**row, "existing": _existed(row)}) for row in data["units"]],
        people=[PersonRow(**row) for row in data["people"]],
    )


def _existed(row: dict[str, Any]) -> Unit | None:
    return Unit(code=row["code"]) if row["existing"] else None


def result_of(outcome: JobOutcome | None) -> ImportResult:
    """The `ImportResult` again, from a finished job's outcome (counts in ``data``, the
    one-time passwords in the table)."""
    if outcome is None:
        return ImportResult()
    data = {k: v for k, v in outcome.data.items() if k != "accounts"}
    rows = outcome.table.rows if outcome.table else []
    return ImportResult(**data, accounts=[NewAccount(*row) for row in rows])


def _result_from_state(state: dict[str, Any]) -> ImportResult:
    if not state:
        return ImportResult()
    accounts = [NewAccount(**account) for account in state.get("accounts", [])]
    return ImportResult(**{**state, "accounts": accounts})


def _rejected(error: ImportRejected, *, done: int) -> str:
    problems = "; ".join(
        _("sheet %(sheet)s, row %(row)s: %(message)s")
        % {"sheet": p.sheet, "row": p.row, "message": p.message}
        for p in error.problems
    )
    return _("The database refused a row (%(problems)s). %(done)s rows were saved.") % {
        "problems": problems,
        "done": done,
    }


def _outcome(result: ImportResult) -> JobOutcome:
    summary = [
        _("Units created: %(n)s") % {"n": result.units_created},
        _("Units updated: %(n)s") % {"n": result.units_updated},
        _("People created: %(n)s") % {"n": result.people_created},
        _("Roles assigned: %(n)s") % {"n": result.roles_assigned},
    ]
    if result.units_unchanged:
        summary.insert(2, _("Units unchanged: %(n)s") % {"n": result.units_unchanged})
    table = None
    if result.accounts:
        table = JobTable(
            columns=[
                pgettext("person", "Name"),
                _("Unit"),
                _("Account"),
                _("One-time password"),
            ],
            rows=[[a.name, a.unit_name, a.username, a.password] for a in result.accounts],
        )
    counts = asdict(result)
    counts["accounts"] = [a.username for a in result.accounts]  # the passwords: table only
    return JobOutcome(
        summary=summary,
        data=counts,
        table=table,
        secret=True,
        notice=_(
            "These one-time passwords are shown only once: copy or print them now and give "
            "each to its person. Each must be changed at first login."
        ),
    )
