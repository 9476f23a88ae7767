"""The export of the key projects a user sees, as a background job: the list's filters are
saved with the job, the workbook is written in the worker and handed out on the job's card."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from django.utils.translation import gettext as _

from zhengxian.core import clock
from zhengxian.core.background import JobContext, JobOutcome, job_handler
from zhengxian.jobs.models import Job
from zhengxian.jobs.services import job_start
from zhengxian.orgs.roles import Perm

from .importing import export_projects
from .selectors import ProjectFilters, filter_projects

KIND = "projects.export"
STEPS = 2


def projects_export_start(*, filters: ProjectFilters, actor: Any) -> Job:
    """Queues the export of the projects ``actor`` sees under ``filters`` (the scope is
    applied again when the job runs, to the owner as they are then)."""
    return job_start(
        owner=actor,
        kind=KIND,
        label=_("Export of the key projects"),
        handler=export_in_job,
        params={"filters": asdict(filters)},
        perm=Perm.VIEW_ORG.value,
    )


@job_handler
def export_in_job(job: JobContext, *, filters: dict[str, Any]) -> JobOutcome:
    job.progress(0, STEPS, _("Reading the projects"))
    projects = list(
        filter_projects(job.owner, ProjectFilters(**filters)).select_related("lead__user")
    )
    job.progress(1, STEPS, _("Writing the workbook"))
    data = export_projects(projects)
    job.progress(STEPS, STEPS, _("Done"))
    return JobOutcome(
        summary=[_("%(n)s key projects exported.") % {"n": len(projects)}],
        data={"projects": len(projects)},
        file_name=f"重点项目_{clock.today():%Y%m%d}.xlsx",
        file_bytes=data,
    )
