"""Listing, creating and showing activities; attachments; the attendance report."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhengxian.campaigns.models import month_key
from zhengxian.core import clock
from zhengxian.core.forms import add_service_errors
from zhengxian.core.stored_files import open_stored
from zhengxian.orgs.roles import Perm
from zhengxian.orgs.scope import require, scope_for

from .. import services
from ..forms import ActivityForm, AttachmentForm, ReportFilterForm, SessionForm
from ..models import ActivityKind, AudienceRule
from ..selectors.access import (
    activity_get_for,
    activity_pages_for,
    attachment_get_for,
    audience_people,
    audience_units,
    can_organise,
    organiser_units,
)
from ..selectors.attendance import attendance_report, my_sessions, session_counts
from ..services import Audience, SessionPlan
from .common import local_now


@login_required
def activity_list(request: HttpRequest) -> HttpResponse:
    """The user's own sessions first (to sign in), then the activities they may see."""
    kind = request.GET.get("kind", "")
    activities = activity_pages_for(request.user, kind=kind if kind in ActivityKind.values else "")
    upcoming, recent = my_sessions(request.user, clock.now(), limit=10)
    context = {
        "page": Paginator(activities, 30).get_page(request.GET.get("page")),
        "kinds": ActivityKind.choices,
        "kind": kind,
        "upcoming": upcoming,
        "recent": recent[:5],
        "can_create": scope_for(request.user).has(Perm.ORGANISE_ACTIVITIES),
    }
    return render(request, "activities/activity_list.html", context)


def _audience(data: dict) -> Audience:
    return Audience(
        units=tuple(data.get("units") or ()),
        role=data.get("role") or "",
        people=tuple(data.get("people") or ()),
    )


def _plan(form: ActivityForm | SessionForm, audience: Audience | None) -> SessionPlan:
    starts_at, ends_at = form.times()
    data = form.cleaned_data
    return SessionPlan(
        starts_at=starts_at,
        ends_at=ends_at,
        place=data["place"],
        title=data.get("title", "") if isinstance(form, SessionForm) else "",
        audience=audience,
        opens_before_minutes=data["opens_before_minutes"],
        grace_minutes=data["grace_minutes"],
    )


@login_required
def activity_create(request: HttpRequest) -> HttpResponse:
    require(request.user, Perm.ORGANISE_ACTIVITIES)
    form = ActivityForm(
        request.POST or None,
        organisers=organiser_units(request.user),
        units=audience_units(request.user),
        people=audience_people(request.user),
        initial={"kind": request.GET.get("kind", ActivityKind.STUDY), "day": clock.today()},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            activity = services.activity_create(
                actor=request.user,
                kind=data["kind"],
                title=data["title"],
                organiser=data["organiser"],
                series=data["series"],
                brand=data["brand"],
                alliance=data["alliance"],
                partners=data["partners"],
                description=data["description"],
                audience=_audience(data),
                sessions=[_plan(form, None)],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Activity %(title)s created.") % {"title": activity.title})
            return redirect("activities:activity_detail", activity_id=activity.pk)
    return render(request, "activities/activity_form.html", {"form": form})


@login_required
def activity_detail(request: HttpRequest, activity_id: int) -> HttpResponse:
    activity = activity_get_for(request.user, activity_id)
    now = clock.now()
    sessions = list(activity.sessions.order_by("starts_at", "pk"))
    organiser = can_organise(request.user, activity)
    context = {
        "activity": activity,
        "sessions": [(s, session_counts(s, now) if organiser else None) for s in sessions],
        "rules": AudienceRule.objects.filter(
            activity=activity, session__isnull=True
        ).select_related("unit", "person"),
        "attachments": activity.attachments.order_by("pk"),
        "can_organise": organiser,
        "attachment_form": AttachmentForm() if organiser else None,
        "now": local_now(),
    }
    return render(request, "activities/activity_detail.html", context)


@login_required
def session_create(request: HttpRequest, activity_id: int) -> HttpResponse:
    activity = activity_get_for(request.user, activity_id, Perm.ORGANISE_ACTIVITIES)
    last = activity.sessions.order_by("-starts_at").first()
    initial: dict[str, object] = {"day": clock.today()}
    if last is not None:
        initial.update(
            place=last.place,
            opens_before_minutes=last.opens_before_minutes,
            grace_minutes=last.grace_minutes,
        )
    form = SessionForm(
        request.POST or None,
        units=audience_units(request.user),
        people=audience_people(request.user),
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        audience = _audience(form.cleaned_data) if form.cleaned_data["own_audience"] else None
        try:
            session = services.session_add(
                activity=activity, actor=request.user, plan=_plan(form, audience)
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Session added."))
            return redirect("activities:session_detail", session_id=session.pk)
    return render(request, "activities/session_form.html", {"form": form, "activity": activity})


@login_required
@require_POST
def attachment_add(request: HttpRequest, activity_id: int) -> HttpResponse:
    activity = activity_get_for(request.user, activity_id, Perm.ORGANISE_ACTIVITIES)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.attachment_add(
                activity=activity, actor=request.user, upload=form.cleaned_data["file"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Attachment added."))
    else:
        messages.error(request, _("Choose a file to upload."))
    return redirect("activities:activity_detail", activity_id=activity.pk)


@login_required
def attachment_download(request: HttpRequest, attachment_id: int) -> FileResponse:
    attachment = attachment_get_for(request.user, attachment_id)
    return FileResponse(
        open_stored(attachment.file),
        as_attachment=not attachment.is_photo,
        filename=attachment.name,
        content_type=attachment.content_type,
    )


@login_required
def attendance(request: HttpRequest) -> HttpResponse:
    """Attendance per unit and per cadre over a range of months (the sources' figures)."""
    require(request.user, Perm.VIEW_SCORES)
    today = clock.today()
    initial = {"first": dt.date(today.year, 1, 1), "last": today}
    form = ReportFilterForm(request.GET or None, initial=initial)
    data = form.cleaned_data if form.is_bound and form.is_valid() else initial
    params = {k: data.get(k) for k in ("activity_kind", "series") if data.get(k)}
    report = attendance_report(
        request.user,
        month_key(data["first"]),
        month_key(data["last"]),
        params,
        unit_page=request.GET.get("upage"),
        person_page=request.GET.get("ppage"),
    )
    context = {
        "form": form,
        "report": report,
        "units": report.units.object_list,
        "people": report.people.object_list,
    }
    return render(request, "activities/attendance.html", context)
