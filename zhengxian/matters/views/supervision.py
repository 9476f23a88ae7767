"""Supervision-day pages: list, record a day, detail with its findings, add a finding."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhengxian.core import clock
from zhengxian.core.errors import DomainError, NotAllowed
from zhengxian.core.forms import add_service_errors
from zhengxian.core.pagination import paginate
from zhengxian.orgs.roles import Perm
from zhengxian.orgs.scope import require, scope_for

from .. import services
from ..forms import FindingForm, SupervisionDayForm, default_deadline
from ..selectors.supervision import (
    findings_of,
    inspected_units_of,
    supervision_day_get_for,
    supervision_days_visible_to,
    supervisors_for,
)
from .common import PAGE_SIZE, own_unit, working_units


@login_required
def supervision_list(request: HttpRequest) -> HttpResponse:
    require(request.user, Perm.SUPERVISE)
    days = (
        supervision_days_visible_to(request.user)
        .select_related("unit")
        .prefetch_related("inspections__unit")
    )
    page, querystring = paginate(request, days.order_by("-held_on", "-id"), PAGE_SIZE)
    return render(
        request, "matters/supervision_list.html", {"page": page, "querystring": querystring}
    )


@login_required
def supervision_create(request: HttpRequest) -> HttpResponse:
    require(request.user, Perm.SUPERVISE)
    units = working_units(request.user, Perm.SUPERVISE)
    inspectable = units.exclude(kind__in=["district", "subdistrict", "grid"])
    person = getattr(request.user, "person", None)
    initial = {
        "held_on": clock.today(),
        "unit": own_unit(request.user, units),
        "supervisors": [person.pk] if person else [],
    }
    form = SupervisionDayForm(
        request.POST or None,
        units=units,
        inspectable=inspectable,
        people=supervisors_for(request.user),
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            day = services.supervision_day_create(
                actor=request.user,
                unit=data["unit"],
                held_on=data["held_on"],
                title=data["title"],
                inspected_units=list(data["inspected_units"]),
                supervisors=list(data["supervisors"]),
                notes=data["notes"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Supervision day recorded. Add its findings below."))
            return redirect("matters:supervision_detail", day_id=day.pk)
    return render(request, "matters/supervision_form.html", {"form": form})


@login_required
def supervision_detail(request: HttpRequest, day_id: int) -> HttpResponse:
    day = supervision_day_get_for(request.user, day_id)
    can_add = scope_for(request.user).can(Perm.SUPERVISE, day.unit)
    inspected = [i.unit for i in day.inspections.select_related("unit")]
    form = None
    if can_add:
        form = FindingForm(
            units=inspected_units_of(day), initial={"deadline": default_deadline(clock.today(), 14)}
        )
    context = {
        "day": day,
        "inspected": inspected,
        "supervisors": [s.person for s in day.supervisors.select_related("person")],
        "findings": findings_of(request.user, day),
        "form": form,
    }
    return render(request, "matters/supervision_detail.html", context)


@login_required
@require_POST
def supervision_finding_add(request: HttpRequest, day_id: int) -> HttpResponse:
    day = supervision_day_get_for(request.user, day_id)
    if not scope_for(request.user).can(Perm.SUPERVISE, day.unit):
        raise NotAllowed
    form = FindingForm(request.POST, units=inspected_units_of(day))
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.supervision_finding_create(
                day=day,
                actor=request.user,
                unit=data["unit"],
                title=data["title"],
                description=data["description"],
                category=data["category"],
                deadline=data["deadline"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Finding added and assigned for rectification."))
    else:
        messages.error(request, _("Fill in the unit, the finding and the deadline."))
    return redirect("matters:supervision_detail", day_id=day.pk)
