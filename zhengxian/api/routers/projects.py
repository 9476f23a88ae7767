"""Key projects: the list, a project with its milestones, progress reports and photos."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db.models import Prefetch, QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
from ninja import File, Form, Query, Router
from ninja.files import UploadedFile as UploadedPhoto

from zhengxian.core import clock
from zhengxian.core.errors import DomainError
from zhengxian.core.stored_files import open_stored
from zhengxian.projects import services
from zhengxian.projects import status as rules
from zhengxian.projects.forms import (
    DateDecisionForm,
    DoneForm,
    ProgressReportForm,
    ProjectFilterForm,
)
from zhengxian.projects.models import (
    Milestone,
    MilestoneDateRequest,
    ProgressPhoto,
    ProgressReport,
    Project,
    RequestState,
)
from zhengxian.projects.selectors import (
    ProjectFilters,
    can_edit,
    can_report,
    filter_choices,
    filter_projects,
    project_get_for,
)
from zhengxian.projects.selectors.access import REPORT
from zhengxian.projects.selectors.chart import state_labels
from zhengxian.projects.services.date_requests import may_decide
from zhengxian.projects.services.status import verdict_of, warn_days_of

from ..filters import ListParams, scoped_unit, under
from ..forms import form_data, require_valid
from ..idempotency import idempotent_create
from ..pagination import Page, cursor_slice
from ..schemas_projects import (
    DecisionIn,
    DoneIn,
    MilestoneOut,
    ProgressFormIn,
    ProgressIn,
    ProgressReportOut,
    ProjectItemOut,
    ProjectListParams,
    ProjectOut,
)

router = Router(tags=["projects"])

PROJECT_ORDER = ("category", "planned_start", "code")
IMAGE_TYPES = ("image/jpeg", "image/png", "image/gif", "image/webp")


# --- reading -----------------------------------------------------------------------------


def _ref(obj: Any) -> dict[str, Any] | None:
    return None if obj is None else {"id": obj.pk, "name": obj.name}


def _verdict(project: Project, milestones: Iterable[Milestone], today: dt.date) -> rules.Verdict:
    """The colour derived for today, as the battle chart and the public page derive it."""
    reports = [(project.progress_on, project.progress)] if project.progress_on else []
    return verdict_of(project, today=today, milestones=milestones, reports=reports)


def _status_label(status: str) -> str:
    return {rules.GREEN: _("Green"), rules.YELLOW: _("Yellow"), rules.RED: _("Red")}[status]


def _item(project: Project, today: dt.date) -> dict[str, Any]:
    verdict = _verdict(project, project.milestones.all(), today)
    return {
        "id": project.pk,
        "code": project.code,
        "name": project.name,
        "category": project.category,
        "category_label": str(project.get_category_display()),
        "unit": _ref(project.unit),
        "lead": _ref(project.lead),
        "planned_start": project.planned_start,
        "planned_end": project.planned_end,
        "planned_investment": float(project.planned_investment),
        "completed_investment": float(project.completed_investment),
        "progress": float(project.progress),
        "progress_on": project.progress_on,
        "status": verdict.status,
        "status_label": _status_label(verdict.status),
        "reasons": [reason.text() for reason in verdict.reasons],
        "is_public": project.is_public,
        "tags": [tag.tag for tag in project.tags.all()],
        "url": reverse("projects:project_detail", args=[project.pk]),
    }


def _milestone(
    milestone: Milestone, today: dt.date, warn_days: int, labels: dict[str, str]
) -> dict[str, Any]:
    state = rules.milestone_state(milestone.fact(), today=today, warn_days=warn_days)
    percent = milestone.planned_percent
    return {
        "id": milestone.pk,
        "name": milestone.name,
        "planned_date": milestone.planned_date,
        "actual_date": milestone.actual_date,
        "planned_percent": None if percent is None else float(percent),
        "state": state,
        "state_label": labels.get(state, state),
        "colour": rules.STATE_COLOUR[state],
    }


def _ordered_milestones() -> Prefetch:
    return Prefetch("milestones", queryset=Milestone.objects.order_by("planned_date", "id"))


def _with_details(projects: QuerySet[Project]) -> QuerySet[Project]:
    return projects.select_related("unit", "lead").prefetch_related("tags", _ordered_milestones())


def _filters(request: HttpRequest, params: ProjectListParams) -> ProjectFilters:
    """The page's filter form over the query, so a wrong value is refused in its words."""
    units, leads = filter_choices(request.user)
    fields = {name: getattr(params, name) for name in ("q", "category", "lead", "status")}
    form = ProjectFilterForm(form_data(fields), units=units, leads=leads)
    data = require_valid(form)
    return ProjectFilters(
        category=data["category"] or "",
        lead_id=data["lead"].pk if data["lead"] else None,
        search=(data["q"] or "").strip(),
        public_only=bool(params.public),
        tag=(params.tag or "").strip(),
    )


@router.get(
    "/projects",
    response=Page[ProjectItemOut],
    summary="List key projects",
    description=(
        "The projects the caller sees (the list page's selector), in the page's order "
        "(category, planned start, code). `unit` keeps a unit's projects and those of the "
        "units below it; `date_from`/`date_to` keep projects whose planned span overlaps the "
        "range; `status` filters on the colour derived for today (as the battle chart does)."
    ),
)
def project_list(request: HttpRequest, params: Query[ProjectListParams]) -> dict[str, Any]:
    filters = _filters(request, params)
    unit = scoped_unit(request.user, params.unit)
    date_from, date_to = params.checked_range()
    projects = filter_projects(request.user, filters).filter(**under(unit))
    if date_from:
        projects = projects.filter(planned_end__gte=date_from)
    if date_to:
        projects = projects.filter(planned_start__lte=date_to)
    today = clock.today()
    if params.status:  # the page's form has checked it is a colour
        live = projects.prefetch_related(_ordered_milestones())
        keep = [
            p.pk for p in live if _verdict(p, p.milestones.all(), today).status == params.status
        ]
        projects = projects.filter(pk__in=keep)
    page = cursor_slice(
        _with_details(projects),
        cursor=params.cursor,
        limit=params.checked_limit(),
        order=PROJECT_ORDER,
    )
    return {"items": [_item(p, today) for p in page.items], "next_cursor": page.next_cursor}


def _project(request: HttpRequest, project_id: int, need: str = "view") -> Project:
    project = project_get_for(request.user, project_id, need)
    return _with_details(Project.objects.filter(pk=project.pk)).get()


def _detail(request: HttpRequest, project: Project) -> dict[str, Any]:
    today = clock.today()
    warn_days = warn_days_of(project)
    labels = state_labels()
    return {
        **_item(project, today),
        "location": project.location,
        "description": project.description,
        "internal_note": project.internal_note,
        "warn_days": warn_days,
        "milestones": [_milestone(m, today, warn_days, labels) for m in project.milestones.all()],
        "quantities": [
            {
                "id": q.pk,
                "name": q.name,
                "measure": q.measure,
                "planned": float(q.planned),
                "completed": float(q.completed),
            }
            for q in project.quantities.all()
        ],
        "date_requests": [
            {
                "id": pending.pk,
                "milestone": {"id": pending.milestone.pk, "name": pending.milestone.name},
                "old_planned_date": pending.old_planned_date,
                "new_planned_date": pending.new_planned_date,
                "reason": pending.reason,
                "requested_by": _requester(pending),
                "may_decide": may_decide(request.user, pending),
            }
            for pending in _pending_requests(project)
        ],
        "can_edit": can_edit(request.user, project),
        "can_report": can_report(request.user, project),
    }


def _pending_requests(project: Project) -> QuerySet[MilestoneDateRequest]:
    return MilestoneDateRequest.objects.filter(
        milestone__project=project, state=RequestState.PENDING
    ).select_related("milestone__project", "requested_by__person")


def _requester(pending: MilestoneDateRequest) -> str:
    person = getattr(pending.requested_by, "person", None)
    return person.name if person is not None else pending.requested_by.get_username()


@router.get(
    "/projects/{project_id}",
    response=ProjectOut,
    summary="A key project",
    description=(
        "The project with its milestones (each with its state today) and physical "
        "quantities. `status` and `reasons` are derived for today, so a milestone that fell "
        "overdue overnight shows red before the daily refresh has run."
    ),
)
def project_get(request: HttpRequest, project_id: int) -> dict[str, Any]:
    return _detail(request, _project(request, project_id))


@router.get(
    "/projects/{project_id}/milestones",
    response=Page[MilestoneOut],
    summary="A project's milestones",
    description="In planned order, each with its state today.",
)
def project_milestone_list(
    request: HttpRequest, project_id: int, cursor: str | None = None, limit: int = 50
) -> dict[str, Any]:
    project = project_get_for(request.user, project_id)
    params = ListParams(cursor=cursor, limit=limit)
    page = cursor_slice(
        project.milestones.all(),
        cursor=params.cursor,
        limit=params.checked_limit(),
        order=("planned_date", "id"),
    )
    today, warn_days, labels = clock.today(), warn_days_of(project), state_labels()
    return {
        "items": [_milestone(m, today, warn_days, labels) for m in page.items],
        "next_cursor": page.next_cursor,
    }


@router.post(
    "/projects/{project_id}/milestones/{milestone_id}/done",
    response=ProjectOut,
    summary="Mark a milestone done",
    description=(
        "As the project page's tick: the same form (the day, not in the future) and the same "
        "service, open to whoever may report progress. Repeating it with the same day "
        "changes nothing; a milestone already done on another day is refused "
        "(409 `already_done`). Answers the project with its colour re-derived."
    ),
)
def project_milestone_done(
    request: HttpRequest, project_id: int, milestone_id: int, payload: DoneIn
) -> dict[str, Any]:
    project = project_get_for(request.user, project_id, REPORT)
    milestone = project.milestones.filter(pk=milestone_id).first()
    if milestone is None:
        raise Http404
    milestone.project = project
    day = require_valid(DoneForm(form_data(payload.dict())))["day"]
    if milestone.actual_date is not None and milestone.actual_date != day:
        raise DomainError(
            _("%(name)s was marked done on %(day)s already.")
            % {"name": milestone.name, "day": milestone.actual_date.isoformat()},
            code="already_done",
        )
    if milestone.actual_date is None:
        services.milestone_complete(actor=request.user, milestone=milestone, actual_date=day)
    return _detail(request, _project(request, project_id))


@router.post(
    "/projects/{project_id}/date-requests/{request_id}/decision",
    response=ProjectOut,
    summary="Approve or reject a milestone's date change",
    description=(
        "A unit's change to the planned date of its own overdue milestone waits for the "
        "project's lead leader (for a project without one, the office from outside the unit): "
        "`decision` is `approve` (the date moves and the colour is re-derived) or `reject`, "
        "with an optional `note`. Anyone else who sees the project gets 403; a request "
        "decided already is refused (409). Answers the project."
    ),
)
def project_date_request_decide(
    request: HttpRequest, project_id: int, request_id: int, payload: DecisionIn
) -> dict[str, Any]:
    project = project_get_for(request.user, project_id)
    pending = MilestoneDateRequest.objects.filter(pk=request_id, milestone__project=project).first()
    if pending is None:
        raise Http404
    data = require_valid(DateDecisionForm(form_data(payload.dict())))
    services.date_request_decide(
        actor=request.user,
        request=pending,
        approve=data["decision"] == "approve",
        note=data["note"],
    )
    return _detail(request, _project(request, project_id))


# --- progress reports --------------------------------------------------------------------


def _photo_url(project_id: int, photo_id: int) -> str:
    return reverse("api:project_photo_get", kwargs={"project_id": project_id, "photo_id": photo_id})


def _report(report: ProgressReport) -> dict[str, Any]:
    return {
        "id": report.pk,
        "reported_on": report.reported_on.isoformat(),
        "percent": float(report.percent),
        "text": report.text,
        "issues": report.issues,
        "investment": float(report.investment),
        "author": _ref(report.author),
        "photos": [
            {
                "id": photo.pk,
                "caption": photo.caption,
                "content_type": photo.content_type,
                "is_public": photo.is_public,
                "url": _photo_url(report.project_id, photo.pk),
            }
            for photo in report.photos.all()
        ],
    }


def _reports() -> QuerySet[ProgressReport]:
    return ProgressReport.objects.select_related("author").prefetch_related(
        Prefetch("photos", queryset=ProgressPhoto.objects.order_by("id"))
    )


@router.get(
    "/projects/{project_id}/progress",
    response=Page[ProgressReportOut],
    summary="A project's progress reports",
    description=(
        "Newest first, with their photos (fetched through `url`). `date_from`/`date_to` "
        "narrow the report days; `unit` is not used."
    ),
)
def project_progress_list(
    request: HttpRequest, project_id: int, params: Query[ListParams]
) -> dict[str, Any]:
    project = project_get_for(request.user, project_id)
    date_from, date_to = params.checked_range()
    reports = _reports().filter(project=project)
    if date_from:
        reports = reports.filter(reported_on__gte=date_from)
    if date_to:
        reports = reports.filter(reported_on__lte=date_to)
    page = cursor_slice(
        reports, cursor=params.cursor, limit=params.checked_limit(), order=("-reported_on", "-id")
    )
    return {"items": [_report(r) for r in page.items], "next_cursor": page.next_cursor}


def _report_create(
    request: HttpRequest,
    project: Project,
    fields: dict[str, Any],
    files: MultiValueDict[str, UploadedFile] | None,
) -> dict[str, Any]:
    """The page's form and service; the created report as the answer."""
    form = ProgressReportForm(form_data(fields), files, quantities=list(project.quantities.all()))
    data = require_valid(form)
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
    return _report(_reports().get(pk=report.pk))


def _quantity_fields(project: Project, values: dict[int, Decimal]) -> dict[str, Any]:
    known = set(project.quantities.values_list("pk", flat=True))
    unknown = sorted(set(values) - known)
    if unknown:
        raise ValidationError(
            {
                "quantities": _("No physical quantity %(ids)s in this project.")
                % {"ids": ", ".join(str(pk) for pk in unknown)}
            }
        )
    return {f"quantity_{pk}": value for pk, value in values.items()}


@router.post(
    "/projects/{project_id}/progress",
    response={201: ProgressReportOut},
    summary="Report progress",
    description=(
        "The same rules as the page's form: percent 0–100 (one decimal), the progress made "
        "(public for a public project), problems and needs (internal), the investment since "
        "the previous report, and the physical quantities completed (`quantities`: id → "
        "value). Open to the unit's cadres, project managers and the project's lead leader. "
        "Send an `Idempotency-Key`: a retry returns the first answer and files nothing again. "
        "Photos: the multipart endpoint `/progress/with-photos`."
    ),
)
def project_progress_create(
    request: HttpRequest, project_id: int, payload: ProgressIn
) -> HttpResponse:
    from ..api import api

    project = project_get_for(request.user, project_id, REPORT)

    def create() -> dict[str, Any]:
        fields = payload.dict(exclude={"quantities"})
        fields.update(_quantity_fields(project, payload.quantities))
        return _report_create(request, project, fields, None)

    return idempotent_create(
        api,
        request,
        operation="project_progress_create",
        payload={"project": project_id, **payload.dict()},
        create=create,
    )


def _digest(upload: UploadedFile) -> str:
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


@router.post(
    "/projects/{project_id}/progress/with-photos",
    response={201: ProgressReportOut},
    summary="Report progress with photos (multipart)",
    description=(
        "The page's form as `multipart/form-data`: the fields of `/progress`, up to 6 files "
        "`photos` (JPEG, PNG, GIF or WebP, judged by their content, as on the page) and "
        "`quantity_<id>` fields for physical quantities. Idempotent like `/progress` (the "
        "photos' content is part of the request compared)."
    ),
)
def project_progress_create_with_photos(
    request: HttpRequest,
    project_id: int,
    payload: Form[ProgressFormIn],
    photos: File[list[UploadedPhoto] | None] = None,
) -> HttpResponse:
    from ..api import api

    project = project_get_for(request.user, project_id, REPORT)
    fields: dict[str, Any] = {
        name: request.POST[name] for name in request.POST if name.startswith("quantity_")
    }
    fields.update(payload.dict())
    uploads: list[UploadedFile] = list(photos or [])
    files: MultiValueDict[str, UploadedFile] = MultiValueDict({"photos": uploads})

    return idempotent_create(
        api,
        request,
        operation="project_progress_create_with_photos",
        payload={"project": project_id, **fields, "photos": [_digest(f) for f in uploads]},
        create=lambda: _report_create(request, project, fields, files),
    )


@router.get(
    "/projects/{project_id}/photos/{photo_id}",
    response={200: None},
    summary="A progress photo",
    description="The photo's file, for whoever sees the project (as the page serves it).",
    openapi_extra={
        "responses": {
            "200": {
                "description": "The photo.",
                "content": {
                    kind: {"schema": {"type": "string", "format": "binary"}} for kind in IMAGE_TYPES
                },
            }
        }
    },
)
def project_photo_get(request: HttpRequest, project_id: int, photo_id: int) -> FileResponse:
    project = project_get_for(request.user, project_id)
    photo = ProgressPhoto.objects.filter(pk=photo_id, report__project=project).first()
    if photo is None:
        raise Http404
    return FileResponse(open_stored(photo.file), content_type=photo.content_type)
