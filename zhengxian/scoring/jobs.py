"""Scoring a period as a background job: the page queues it and shows its progress.

Scoring stores a whole sheet in one transaction, so the job has two steps: "scoring" (saved
before the work starts, so the bar says what runs) and "stored" (saved in the scoring
transaction, so a worker killed before the commit leaves no sheet and the next attempt
scores again, and one killed after it does not score twice).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from zhengxian.campaigns.models import Period
from zhengxian.core.background import JobContext, JobOutcome, job_handler
from zhengxian.jobs.models import Job
from zhengxian.jobs.services import job_start
from zhengxian.orgs.roles import Perm

from .services.compute import period_score

KIND = "scoring.period_score"
STEPS = 2


def period_score_start(*, period: Period, actor: Any) -> Job:
    """Queues the scoring of ``period`` as ``actor``'s job (the service checks the actor
    again when it runs)."""
    return job_start(
        owner=actor,
        kind=KIND,
        label=_("Score %(period)s") % {"period": period.label},
        handler=score_in_job,
        params={"period_id": period.pk},
        perm=Perm.MANAGE_CAMPAIGN.value,
    )


@job_handler
def score_in_job(job: JobContext, *, period_id: int) -> JobOutcome:
    period = Period.objects.select_related("campaign").get(pk=period_id)
    if job.done < STEPS:
        job.progress(1, STEPS, _("Gathering the records and computing the points"))
        with transaction.atomic():
            sheet = period_score(period=period, actor=job.owner)
            job.progress(STEPS, STEPS, _("Stored"), state={"version": sheet.version})
        version, until = sheet.version, sheet.preview_until
    else:  # stored by an attempt whose worker stopped after the commit
        version, until = job.state["version"], None
    summary = _("%(period)s scored: version %(version)s is in preview until %(day)s.") % {
        "period": period.label,
        "version": version,
        "day": until.isoformat() if until else "—",
    }
    return JobOutcome(
        summary=[summary],
        link_url=reverse(
            "scoring:period_detail",
            kwargs={"campaign_id": period.campaign_id, "period_id": period.pk},
        ),
        link_label=_("Open the period"),
        data={"version": version},
    )
