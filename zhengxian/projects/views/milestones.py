"""Adding and changing milestones, marking them done, and reporting progress."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhengxian.core import clock
from zhengxian.core.errors import DomainError
from zhengxian.core.forms import add_service_errors

from .. import services
from ..forms import DateDecisionForm, DoneForm, MilestoneEditForm, MilestoneForm, ProgressReportForm
from ..models import Milestone, MilestoneDateRequest
from ..selectors import project_get_for
from ..selectors.access import EDIT, REPORT, VIEW


def _milestone_for(request: HttpRequest, milestone_id: int, need: str) -> Milestone:
    project_id = (
        Milestone.objects.filter(pk=milestone_id).values_list("project_id", flat=True).first()
    )
    if project_id is None:
        raise Http404
    project = project_get_for(request.user, project_id, need)
    found = project.milestones.get(pk=milestone_id)
    found.project = project
    return found


@login_required
def milestone_create(request: HttpRequest, project_id: int) -> HttpResponse:
    project = project_get_for(request.user, project_id, EDIT)
    form = MilestoneForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.milestone_create(actor=request.user, project=project, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Milestone added."))
            return redirect("projects:project_detail", project_id=project.pk)
    context = {"form": form, "project": project, "title": _("New milestone")}
    return render(request, "projects/simple_form.html", context)


@login_required
def milestone_edit(request: HttpRequest, milestone_id: int) -> HttpResponse:
    milestone = _milestone_for(request, milestone_id, EDIT)
    initial = {name: getattr(milestone, name) for name in MilestoneForm.base_fields}
    form = MilestoneEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.milestone_update(
                actor=request.user, milestone=milestone, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if saved.planned_date != form.cleaned_data["planned_date"]:
                messages.warning(
                    request, _("The new planned date waits for the lead leader's approval.")
                )
            else:
                messages.success(request, _("Milestone saved."))
            return redirect("projects:project_detail", project_id=milestone.project_id)
    context = {"form": form, "project": milestone.project, "title": milestone.name}
    return render(request, "projects/simple_form.html", context)


@login_required
@require_POST
def milestone_done(request: HttpRequest, milestone_id: int) -> HttpResponse:
    milestone = _milestone_for(request, milestone_id, REPORT)
    form = DoneForm(request.POST)
    if form.is_valid():
        try:
            services.milestone_complete(
                actor=request.user, milestone=milestone, actual_date=form.cleaned_data["day"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, _("Milestone %(name)s marked done.") % {"name": milestone.name}
            )
    else:
        messages.error(request, _("Enter the day it was done."))
    return redirect("projects:project_detail", project_id=milestone.project_id)


@login_required
def progress_report_create(request: HttpRequest, project_id: int) -> HttpResponse:
    project = project_get_for(request.user, project_id, REPORT)
    quantities = list(project.quantities.all())
    form = ProgressReportForm(
        request.POST or None,
        request.FILES or None,
        quantities=quantities,
        initial={"reported_on": clock.today(), "percent": project.progress},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            report = services.progress_report_create(
                actor=request.user,
                project=project,
                reported_on=data["reported_on"],
                percent=data["percent"],
                text=data["text"],
                issues=data["issues"],
                investment=data["investment"],
                quantities=form.quantity_values(),
                photos=data["photos"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Progress reported."))
            url = reverse("projects:project_detail", args=[project.pk])
            return redirect(f"{url}#report-{report.pk}")
    context = {"form": form, "project": project, "title": _("Report progress"), "multipart": True}
    return render(request, "projects/simple_form.html", context)


@login_required
@require_POST
def date_request_decide(request: HttpRequest, request_id: int) -> HttpResponse:
    milestone_id = (
        MilestoneDateRequest.objects.filter(pk=request_id)
        .values_list("milestone_id", flat=True)
        .first()
    )
    if milestone_id is None:
        raise Http404
    milestone = _milestone_for(request, milestone_id, VIEW)
    date_request = MilestoneDateRequest.objects.get(pk=request_id)
    form = DateDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Approve or reject the change."))
        return redirect("projects:project_detail", project_id=milestone.project_id)
    approve = form.cleaned_data["decision"] == "approve"
    try:
        services.date_request_decide(
            actor=request.user,
            request=date_request,
            approve=approve,
            note=form.cleaned_data["note"],
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Change approved.") if approve else _("Change rejected."))
    return redirect("projects:project_detail", project_id=milestone.project_id)
