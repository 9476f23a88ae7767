"""Excel import of visits and its template: the page checks the file, a job writes it."""

from __future__ import annotations

from urllib.parse import quote

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from zhengxian.audit.services import record_export
from zhengxian.core import clock
from zhengxian.core.forms import BootstrapForm
from zhengxian.core.import_page import import_page_context, submit_import
from zhengxian.jobs.services import own_job_card
from zhengxian.orgs.models import Person
from zhengxian.orgs.roles import Perm
from zhengxian.orgs.scope import require, scope_for

from ..importing.run import visit_import_start
from ..importing.template import TEMPLATE_FILENAME, XLSX_TYPE, build_template
from ..jobs_import import KIND


class VisitImportForm(BootstrapForm):
    file = forms.FileField(label=_("Excel file (.xlsx)"))


@login_required
def visit_import(request: HttpRequest) -> HttpResponse:
    require(request.user, Perm.RECORD_WORK)
    submission = submit_import(
        request,
        form_class=VisitImportForm,
        start=visit_import_start,
        url_name="matters:visit_import",
    )
    if submission.redirect:
        return submission.redirect
    job = own_job_card(request.user, request.GET.get("job", ""), kind=KIND)
    context = import_page_context(submission, import_job=job)
    return render(request, "matters/visit_import.html", context, status=submission.status)


@login_required
def visit_import_template(request: HttpRequest) -> HttpResponse:
    require(request.user, Perm.RECORD_WORK)
    me = Person.objects.filter(user_id=request.user.pk or 0).select_related("unit").first()
    unit = me.unit if me and scope_for(request.user).can(Perm.RECORD_WORK, me.unit) else None
    data = build_template(
        unit_code=unit.code if unit else "",
        visitor=me.name if unit and me else "",
        today=clock.today(),
        max_rows=settings.ZHENGXIAN_IMPORT_MAX_ROWS,
    )
    record_export(request, what="matters.visit_import_template.xlsx")
    response = HttpResponse(data, content_type=XLSX_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(TEMPLATE_FILENAME)}"
    return response
