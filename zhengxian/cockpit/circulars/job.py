"""The circular as one background job: the Word circular and the Excel workbook of a
published period, written from one reading of the figures and handed out as one .zip."""

from __future__ import annotations

import io
import zipfile
from typing import Any

from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _

from zhengxian.campaigns.models import Period
from zhengxian.core.background import JobContext, JobOutcome, job_handler
from zhengxian.core.errors import DomainError
from zhengxian.jobs.models import Job
from zhengxian.jobs.services import job_start

from .excel import circular_xlsx
from .figures import circular_period_get_for
from .files import circular_of, circular_stem
from .word import circular_docx

KIND = "cockpit.circular"
STEPS = 3


def circular_pack_start(*, period: Period, actor: Any) -> Job:
    """Queues the circular of ``period`` as ``actor``'s job (who may read it is checked
    again when it runs)."""
    return job_start(
        owner=actor,
        kind=KIND,
        label=_("Circular of %(period)s (Word and Excel)") % {"period": period.label},
        handler=circular_pack_in_job,
        params={"period_id": period.pk},
    )


@job_handler
def circular_pack_in_job(job: JobContext, *, period_id: int) -> JobOutcome:
    try:
        period = circular_period_get_for(job.owner, period_id)
    except Http404 as error:
        raise DomainError(_("You may no longer read this period's circular.")) from error
    job.progress(0, STEPS, _("Reading the published figures"))
    found = circular_of(period)
    if found is None:
        raise DomainError(_("This period has no publication: publish it first."))
    figures, text = found
    job.progress(1, STEPS, _("Writing the Word circular"))
    docx = circular_docx(text)
    job.progress(2, STEPS, _("Writing the Excel workbook"))
    xlsx = circular_xlsx(figures)
    stem = circular_stem(period, figures)
    pack = io.BytesIO()
    with zipfile.ZipFile(pack, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"{stem}.docx", docx)
        archive.writestr(f"{stem}.xlsx", xlsx)
    job.progress(STEPS, STEPS, _("Done"))
    return JobOutcome(
        summary=[
            _(
                "The circular of %(period)s, version %(version)s: the Word circular and "
                "the Excel workbook."
            )
            % {"period": period.label, "version": figures.sheet.version}
        ],
        link_url=reverse("cockpit:circular", args=[period.pk]),
        link_label=_("Read the circular"),
        file_name=f"{stem}.zip",
        file_bytes=pack.getvalue(),
    )
