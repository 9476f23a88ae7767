"""Excel import, its template, and the export of the projects a user sees."""

from __future__ import annotations

from urllib.parse import quote

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from zhengxian.audit.services import record_export
from zhengxian.core import clock
from zhengxian.core.import_page import import_page_context, submit_import
from zhengxian.jobs.services import own_job_card
from zhengxian.orgs.roles import Perm
from zhengxian.orgs.scope import require

from ..forms import ImportForm
from ..importing import build_template, project_import_start
from ..importing.job import KIND as IMPORT_KIND
from ..importing.sheets import XLSX_TYPE
from ..importing.template import TEMPLATE_FILENAME
from ..jobs import projects_export_start
from .common import filter_form, managed_units


def _xlsx(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=XLSX_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


@login_required
def import_page(request: HttpRequest) -> HttpResponse:
    require(request.user, Perm.MANAGE_PROJECTS)
    submission = submit_import(
        request, form_class=ImportForm, start=project_import_start, url_name="projects:import"
    )
    if submission.redirect:
        return submission.redirect
    job = own_job_card(request.user, request.GET.get("job", ""), kind=IMPORT_KIND)
    context = import_page_context(submission, import_job=job)
    return render(request, "projects/import.html", context, status=submission.status)


@login_required
def import_template(request: HttpRequest) -> HttpResponse:
    require(request.user, Perm.MANAGE_PROJECTS)
    first = managed_units(request.user).order_by("depth", "sort_order", "code").first()
    data = build_template(unit_code=first.code if first else "", today=clock.today())
    record_export(request, what="projects.import_template.xlsx")
    return _xlsx(data, TEMPLATE_FILENAME)


@login_required
@require_POST
def export(request: HttpRequest) -> HttpResponse:
    """Queues the export of the listed projects (the list's filters ride in the query
    string); the job's page shows its progress and hands out the workbook."""
    require(request.user, Perm.VIEW_ORG)
    _form, filters = filter_form(request)
    job = projects_export_start(filters=filters, actor=request.user)
    return redirect("jobs:job_detail", job_id=job.pk)
