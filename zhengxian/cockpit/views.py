"""The cockpit's pages: a published period's circular (通报), its preview and its two files."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from zhengxian.audit.services import record_export

from .circulars.figures import circular_period_get_for
from .circulars.files import circular_file, circular_of


@login_required
@require_GET
def circular(request: HttpRequest, period_id: int) -> HttpResponse:
    period = circular_period_get_for(request.user, period_id)
    found = circular_of(period)
    if found is None:
        raise Http404
    figures, text = found
    context = {"period": period, "campaign": period.campaign, "figures": figures, "text": text}
    return render(request, "cockpit/circular.html", context)


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
