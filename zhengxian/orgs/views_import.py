"""Excel import of units and people: the page, the upload, and the template downloads."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from zhengxian.audit.services import record_export
from zhengxian.core.forms import BootstrapForm
from zhengxian.core.import_page import import_page_context, submit_import

from .importing import TEMPLATE_KINDS, build_template, org_import_start
from .importing.template import TEMPLATE_FILENAMES, XLSX_TYPE, example_parent_code
from .roles import Perm
from .scope import require

SHOWN_PROBLEMS = 500  # a page of problems is enough to fix a file; the rest are counted


class ImportForm(BootstrapForm):
    # An empty file passes the form so that the import explains what is wrong with it.
    file = forms.FileField(
        label=_("Excel file (.xlsx)"),
        allow_empty_file=True,
        widget=forms.FileInput(attrs={"accept": f".xlsx,{XLSX_TYPE}"}),
    )


@login_required
@never_cache  # the finished job shows one-time passwords: no cache may keep them
def import_page(request: HttpRequest) -> HttpResponse:
    require(request.user, Perm.IMPORT_ORG)
    submission = submit_import(
        request, form_class=ImportForm, start=org_import_start, url_name="orgs:import"
    )
    if submission.redirect:
        return submission.redirect
    job_id = request.GET.get("job", "")
    context = import_page_context(
        submission, shown=SHOWN_PROBLEMS, job_id=int(job_id) if job_id.isdigit() else None
    )
    return render(request, "orgs/import.html", context)


@login_required
def import_template(request: HttpRequest, kind: str) -> HttpResponse:
    require(request.user, Perm.IMPORT_ORG)
    if kind not in TEMPLATE_KINDS:
        raise Http404
    data = build_template(kind, parent_code=example_parent_code(request.user))
    record_export(request, what=f"orgs.import_template.{kind}.xlsx")
    response = HttpResponse(data, content_type=XLSX_TYPE)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=TEMPLATE_FILENAMES[kind]
    )
    return response
