"""A period's results as JSON, written by a background job: at province scale the document
holds every unit's explanation and is too large to build inside a request. The job applies
the owner's scope and the campaign's publication mode when it runs, as the page would."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from zhengxian.campaigns.models import Period
from zhengxian.core.background import JobContext, JobOutcome, job_handler
from zhengxian.core.errors import DomainError
from zhengxian.jobs.models import Job
from zhengxian.jobs.services import job_start
from zhengxian.orgs.roles import Perm

from .selectors import period_export_for, results_json

KIND = "scoring.results_export"
STEPS = 2


def results_export_start(*, period: Period, actor: Any, preview: bool = False) -> Job:
    return job_start(
        owner=actor,
        kind=KIND,
        label=_("Results of %(period)s as JSON") % {"period": period.label},
        handler=export_in_job,
        params={"period_id": period.pk, "preview": preview},
        perm=Perm.VIEW_SCORES.value,
    )


@job_handler
def export_in_job(job: JobContext, *, period_id: int, preview: bool) -> JobOutcome:
    period = Period.objects.select_related("campaign").get(pk=period_id)
    job.progress(0, STEPS, _("Reading the results"))
    document = period_export_for(job.owner, period, preview=preview)
    if document is None:
        raise DomainError(_("This period has no result you may export."))
    job.progress(1, STEPS, _("Writing the file"))
    data = results_json(document).encode()
    job.progress(STEPS, STEPS, _("Done"))
    return JobOutcome(
        summary=[
            _("Results of %(period)s, version %(version)s: %(n)s units.")
            % {"period": period.label, "version": document["version"], "n": len(document["units"])}
        ],
        data={"version": document["version"], "units": len(document["units"])},
        file_name=f"{period.campaign.code}-{period.key}-v{document['version']}.json",
        file_bytes=data,
    )
