"""Pages of background jobs: my jobs, one job, its progress partial (htmx), retry, its file."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from zhengxian.audit.services import record_export
from zhengxian.core.errors import DomainError
from zhengxian.core.htmx import HtmxHttpRequest
from zhengxian.core.stored_files import open_stored

from .selectors import job_get_for, jobs_of
from .services import job_card, job_retry

LISTED = 50


@login_required
@never_cache
def job_list(request: HtmxHttpRequest) -> HttpResponse:
    return render(request, "jobs/job_list.html", {"jobs": jobs_of(request.user)[:LISTED]})


@login_required
@never_cache  # a finished import shows one-time passwords once: no cache may keep them
def job_detail(request: HtmxHttpRequest, job_id: int) -> HttpResponse:
    job = job_get_for(request.user, job_id)
    return render(request, "jobs/job_detail.html", job_card(job))


@login_required
@never_cache
def job_progress(request: HtmxHttpRequest, job_id: int) -> HttpResponse:
    job = job_get_for(request.user, job_id)
    return render(request, "jobs/_progress.html", job_card(job))


@login_required
@require_POST
def job_retry_view(request: HtmxHttpRequest, job_id: int) -> HttpResponse:
    try:
        job = job_retry(actor=request.user, job_id=job_id)
    except DomainError as error:
        if request.htmx:
            job = job_get_for(request.user, job_id)
            return render(
                request, "jobs/_progress.html", {**job_card(job), "refusal": error.message}
            )
        messages.error(request, error.message)
        return redirect("jobs:job_detail", job_id=job_id)
    if request.htmx:
        return render(request, "jobs/_progress.html", job_card(job))
    return redirect("jobs:job_detail", job_id=job.pk)


@login_required
def job_file(request: HtmxHttpRequest, job_id: int) -> FileResponse:
    job = job_get_for(request.user, job_id)
    stored = open_stored(job.result_file)  # 404 before the export is recorded
    name = (job.result_file.name or "").rsplit("/", 1)[-1]
    record_export(request, what=f"jobs.{job.kind}", obj=job, details={"file": name})
    return FileResponse(stored, as_attachment=True, filename=name)
