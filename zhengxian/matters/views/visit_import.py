"""Excel import of visits and its template: the page checks the file, a job writes it."""

from __future__ import annotations

from urllib.parse import quote

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from zhengxian.audit.services import record_export
from zhengxian.core import clock
from zhengxian.core.forms import BootstrapForm
from zhengxian.jobs.services import own_job_card
from zhengxian.orgs.models import Person
from zhengxian.orgs.roles import Perm
from zhengxian.orgs.scope import require, scope_for

from ..importing.run import visit_import_start
from ..importing.template import TEMPLATE_FILENAME, XLSX_TYPE, build_template
from ..jobs_import import KIND

MAX_PROBLEMS_SHOWN = 200


class VisitImportForm(BootstrapForm):
    file = forms.FileField(label=_("Excel file (.xlsx)"))


@login_required
def visit_import(request: HttpRequest) -> HttpResponse:
    """Checks the upload at once (a file with a problem imports nothing); the writes run as a
    background job, whose progress card this page shows after the redirect (``?job=<id>``)."""
    require(request.user, Perm.RECORD_WORK)
    form = VisitImportForm(request.POST or None, request.FILES or None)
    outcome = None
    if request.method == "POST" and form.is_valid():
        outcome = visit_import_start(upload=form.cleaned_data["file"], user=request.user)
        if outcome.result is not None:
            return redirect(f"{reverse('matters:visit_import')}?job={outcome.result.pk}")
    problems = outcome.problems if outcome else []
    context = {
        "form": form,
        "outcome": outcome,
        "problems": problems[:MAX_PROBLEMS_SHOWN],
        "problems_total": len(problems),
        "problems_hidden": max(0, len(problems) - MAX_PROBLEMS_SHOWN),
        "max_size": filesizeformat(settings.ZHENGXIAN_IMPORT_MAX_BYTES),
        "max_rows": settings.ZHENGXIAN_IMPORT_MAX_ROWS,
        "import_job": own_job_card(request.user, request.GET.get("job", ""), kind=KIND),
    }
    status = 400 if outcome is not None else 200
    return render(request, "matters/visit_import.html", context, status=status)


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
