"""The project list, a project's page, and creating and editing projects."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from zhengxian.core import clock
from zhengxian.core.forms import add_service_errors
from zhengxian.core.stored_files import open_stored
from zhengxian.orgs.roles import Perm
from zhengxian.orgs.scope import require, scope_for

from .. import services
from .. import status as rules
from ..forms import DoneForm, ProjectForm, QuantityForm
from ..models import MilestoneDateRequest, ProgressPhoto, RequestState
from ..selectors import can_edit, can_report, filter_projects, project_get_for, projects_visible_to
from ..selectors.access import EDIT
from ..selectors.chart import state_labels
from ..services.date_requests import may_decide
from ..services.status import warn_days_of
from .common import filter_form, lead_choices, managed_units, querystring_without


@login_required
def project_list(request: HttpRequest) -> HttpResponse:
    require(request.user, Perm.VIEW_ORG)
    form, filters = filter_form(request)
    projects = filter_projects(request.user, filters).prefetch_related("tags")
    page = Paginator(projects, 50).get_page(request.GET.get("page"))
    scope = scope_for(request.user)
    context = {
        "form": form,
        "page": page,
        "querystring": querystring_without(request, "page"),
        "can_create": scope.has(Perm.MANAGE_PROJECTS),
        "can_see_warnings": scope.has(Perm.VIEW_COCKPIT),
    }
    partial = getattr(request, "htmx", False)  # django-htmx's middleware sets it
    template = "projects/project_list.html#results" if partial else "projects/project_list.html"
    return render(request, template, context)


@login_required
def project_detail(request: HttpRequest, project_id: int) -> HttpResponse:
    project = project_get_for(request.user, project_id)
    today = clock.today()
    warn_days = warn_days_of(project)
    milestones = [
        (m, rules.milestone_state(m.fact(), today=today, warn_days=warn_days))
        for m in project.milestones.order_by("planned_date", "id")
    ]
    labels = state_labels()
    reports = project.reports.select_related("author").prefetch_related(
        Prefetch("photos", queryset=ProgressPhoto.objects.order_by("id"))
    )[:20]
    context = {
        "project": project,
        "reasons": [reason.text() for reason in project.reasons()],
        "milestones": [
            {
                "milestone": m,
                "state": state,
                "colour": rules.STATE_COLOUR[state],
                "label": labels[state],
            }
            for m, state in milestones
        ],
        "quantities": project.quantities.all(),
        "tags": project.tags.values_list("tag", flat=True),
        "reports": reports,
        "can_edit": can_edit(request.user, project),
        "can_report": can_report(request.user, project),
        "done_form": DoneForm(initial={"day": today}),
        "changes": project.status_changes.order_by("-day", "-id")[:10],
        "date_requests": [
            (req, may_decide(request.user, req))
            for req in MilestoneDateRequest.objects.filter(
                milestone__project=project, state=RequestState.PENDING
            ).select_related("milestone__project", "requested_by__person")
        ],
    }
    return render(request, "projects/project_detail.html", context)


@login_required
def project_create(request: HttpRequest) -> HttpResponse:
    require(request.user, Perm.MANAGE_PROJECTS)
    form = ProjectForm(
        request.POST or None, units=managed_units(request.user), leads=lead_choices(request.user)
    )
    if request.method == "POST" and form.is_valid():
        try:
            project = services.project_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Project %(name)s created.") % {"name": project.name})
            return redirect("projects:project_detail", project_id=project.pk)
    return render(request, "projects/project_form.html", {"form": form, "project": None})


@login_required
def project_edit(request: HttpRequest, project_id: int) -> HttpResponse:
    project = project_get_for(request.user, project_id, EDIT)
    fields = ProjectForm.base_fields
    not_attributes = ("scored_tags", "tags", "unit", "lead")
    initial = {name: getattr(project, name) for name in fields if name not in not_attributes}
    initial.update(unit=project.unit_id, lead=project.lead_id)
    initial.update(ProjectForm.initial_tags(list(project.tags.values_list("tag", flat=True))))
    form = ProjectForm(
        request.POST or None,
        initial=initial,
        units=managed_units(request.user),
        leads=lead_choices(request.user, keep=project.lead_id),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.project_update(actor=request.user, project=project, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Project %(name)s saved.") % {"name": project.name})
            return redirect("projects:project_detail", project_id=project.pk)
    return render(request, "projects/project_form.html", {"form": form, "project": project})


@login_required
def quantity_add(request: HttpRequest, project_id: int) -> HttpResponse:
    project = project_get_for(request.user, project_id, EDIT)
    form = QuantityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.quantity_set(actor=request.user, project=project, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Quantity saved."))
            return redirect("projects:project_detail", project_id=project.pk)
    context = {"form": form, "project": project, "title": _("Physical quantity")}
    return render(request, "projects/simple_form.html", context)


@login_required
def photo(request: HttpRequest, photo_id: int) -> FileResponse:
    photo = get_object_or_404(
        ProgressPhoto.objects.select_related("report"),
        pk=photo_id,
        report__project__in=projects_visible_to(request.user),
    )
    return FileResponse(open_stored(photo.file), content_type=photo.content_type)
