"""The cockpit's pages: a published period's circular (通报), its preview and its two files."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from zhengxian.audit.services import record_export
from zhengxian.jobs.services import own_job_card

from .circulars.figures import circular_period_get_for
from .circulars.files import circular_file, circular_of
from .circulars.job import KIND, circular_pack_start


@login_required
@require_GET
def circular(request: HttpRequest, period_id: int) -> HttpResponse:
    period = circular_period_get_for(request.user, period_id)
    found = circular_of(period)
    if found is None:
        raise Http404
    figures, text = found
    context = {
        "period": period,
        "campaign": period.campaign,
        "figures": figures,
        "text": text,
        "pack_job": own_job_card(
            request.user, request.GET.get("job", ""), kind=KIND, period_id=period.pk
        ),
    }
    return render(request, "cockpit/circular.html", context)


@login_required
@require_POST
def circular_pack(request: HttpRequest, period_id: int) -> HttpResponse:
    """Queues the Word circular and the Excel workbook as one job; its card shows progress
    and hands out both files in one .zip."""
    period = circular_period_get_for(request.user, period_id)
    if circular_of(period) is None:
        raise Http404
    job = circular_pack_start(period=period, actor=request.user)
    return redirect(f"{reverse('cockpit:circular', args=[period.pk])}?job={job.pk}")


@login_required
@require_GET
def circular_docx(request: HttpRequest, period_id: int) -> HttpResponse:
    return _download(request, period_id, "docx")


@login_required
@require_GET
def circular_xlsx(request: HttpRequest, period_id: int) -> HttpResponse:
    return _download(request, period_id, "xlsx")


def _download(request: HttpRequest, period_id: int, kind: str) -> HttpResponse:
    period = circular_period_get_for(request.user, period_id)
    found = circular_file(period, kind)
    if found is None:
        raise Http404
    record_export(
        request, what=f"cockpit.circular.{kind}", obj=period, details={"file": found.name}
    )
    response = HttpResponse(found.content, content_type=found.content_type)
    response["Content-Disposition"] = f'attachment; filename="{found.name}"'
    return response
