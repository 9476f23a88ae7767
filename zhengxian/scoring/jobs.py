"""Scoring a period as a background job: the page queues it and shows its progress. A
correction of a published period (with its reason) runs the same way.

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


def period_score_start(
    *, period: Period, actor: Any, reason: str = "", include_changed_records: bool = False
) -> Job:
    """Queues the scoring of ``period`` as ``actor``'s job (the service checks the actor
    again when it runs); with a ``reason``, a correction of the published period."""
    label = _("Correct %(period)s") if reason else _("Score %(period)s")
    params: dict[str, Any] = {"period_id": period.pk}
    if reason:
        params |= {"reason": reason, "include_changed_records": include_changed_records}
    return job_start(
        owner=actor,
        kind=KIND,
        label=label % {"period": period.label},
        handler=score_in_job,
        params=params,
        perm=Perm.MANAGE_CAMPAIGN.value,
    )


@job_handler
def score_in_job(
    job: JobContext, *, period_id: int, reason: str = "", include_changed_records: bool = False
) -> JobOutcome:
    period = Period.objects.select_related("campaign").get(pk=period_id)
    if job.done < STEPS:
        job.progress(1, STEPS, _("Gathering the records and computing the points"))
        with transaction.atomic():
            sheet = period_score(
                period=period,
                actor=job.owner,
                reason=reason,
                include_changed_records=include_changed_records,
            )
            job.progress(STEPS, STEPS, _("Stored"), state={"version": sheet.version})
        version, until = sheet.version, sheet.preview_until
    else:  # stored by an attempt whose worker stopped after the commit
        version, until = job.state["version"], None
    if reason:
        summary = _(
            "Corrected version %(version)s of %(period)s is in preview; publish it to "
            "replace the published result."
        ) % {"version": version, "period": period.label}
    else:
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
