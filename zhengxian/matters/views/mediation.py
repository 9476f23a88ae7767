"""Mediation pages (厢心力·城和): the case register with figures per month, filing a case,
the case page with sessions and the outcome."""

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
from zhengxian.core.input_limits import FIRST_DAY, LAST_DAY
from zhengxian.core.pagination import paginate
from zhengxian.orgs.roles import Perm
from zhengxian.orgs.scope import require, scope_for

from .. import services
from ..forms import ConcludeForm, MediationCaseForm, SessionForm, default_deadline
from ..models import MediationOutcome
from ..personal import phone_for
from ..selectors.mediation import case_get_for, cases_visible_to, mediation_figures
from ..workflow import HANDLING_STATES, Actor, may_handle
from .common import PAGE_SIZE, own_unit, working_units


@login_required
def mediation_list(request: HttpRequest) -> HttpResponse:
    require(request.user, Perm.VIEW_ORG)
    today = clock.today()
    raw_year = request.GET.get("year", "")
    year = int(raw_year) if raw_year.isascii() and raw_year.isdigit() else today.year
    if not FIRST_DAY.year <= year <= LAST_DAY.year:
        year = today.year
    cases = cases_visible_to(request.user).select_related(
        "matter__responsible_unit", "matter__reporting_unit"
    )
    outcome = request.GET.get("outcome", "")
    if outcome == "open":
        cases = cases.filter(outcome="")
    elif outcome in MediationOutcome.values:
        cases = cases.filter(outcome=outcome)
    page, querystring = paginate(request, cases.order_by("-matter__reported_on", "-id"), PAGE_SIZE)
    figures = [
        f
        for f in mediation_figures(request.user, year=year)
        if f.month <= today.year * 100 + today.month or year < today.year
    ]
    scope = scope_for(request.user)
    context = {
        "page": page,
        "querystring": querystring,
        "figures": figures,
        "year": year,
        "outcome": outcome,
        "outcomes": MediationOutcome.choices,
        "can_create": scope.has(Perm.RECORD_WORK),
        "totals": {
            "received": sum(f.received for f in figures),
            "concluded": sum(f.concluded for f in figures),
            "agreement": sum(f.agreement for f in figures),
        },
    }
    return render(request, "matters/mediation_list.html", context)


@login_required
def mediation_create(request: HttpRequest) -> HttpResponse:
    require(request.user, Perm.RECORD_WORK)
    units = working_units(request.user, Perm.RECORD_WORK)
    handling = working_units(request.user, Perm.HANDLE_MATTERS)
    initial = {
        "reporting_unit": own_unit(request.user, units),
        "deadline": default_deadline(clock.today(), 30),
    }
    form = MediationCaseForm(
        request.POST or None, units=units, handling_units=handling, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            case = services.mediation_case_create(
                actor=request.user,
                reporting_unit=data["reporting_unit"],
                title=data["title"],
                category=data["category"],
                description=data["description"],
                applicants=data["applicants"],
                respondents=data["respondents"],
                handling_unit=data["handling_unit"],
                deadline=data["deadline"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request, _("Mediation case %(number)s filed.") % {"number": case.number}
            )
            return redirect("matters:mediation_detail", case_id=case.pk)
    return render(request, "matters/mediation_form.html", {"form": form})


@login_required
def mediation_detail(request: HttpRequest, case_id: int) -> HttpResponse:
    case = case_get_for(request.user, case_id)
    handling = case.matter.state in HANDLING_STATES and may_handle(
        Actor.of(request.user), case.matter
    )
    today = clock.today()
    context = {
        "case": case,
        "matter": case.matter,
        "parties": [(p, phone_for(request.user, case.matter, p.phone)) for p in case.parties.all()],
        "sessions": case.sessions.all(),
        "session_form": SessionForm(initial={"held_on": today}) if handling else None,
        "conclude_form": ConcludeForm() if handling else None,
    }
    return render(request, "matters/mediation_detail.html", context)


@login_required
@require_POST
def mediation_session_add(request: HttpRequest, case_id: int) -> HttpResponse:
    case = case_get_for(request.user, case_id)
    form = SessionForm(request.POST)
    if form.is_valid():
        try:
            services.mediation_session_add(case=case, actor=request.user, **form.cleaned_data)
        except (ValidationError, DomainError) as error:
            messages.error(request, _message(error))
        else:
            messages.success(request, _("Session recorded."))
    else:
        messages.error(request, _("Fill in the date, the mediators and what happened."))
    return redirect("matters:mediation_detail", case_id=case.pk)


@login_required
@require_POST
def mediation_conclude(request: HttpRequest, case_id: int) -> HttpResponse:
    case = case_get_for(request.user, case_id)
    if not may_handle(Actor.of(request.user), case.matter):
        raise NotAllowed
    form = ConcludeForm(request.POST)
    if form.is_valid():
        try:
            services.mediation_conclude(case=case, actor=request.user, **form.cleaned_data)
        except (ValidationError, DomainError) as error:
            messages.error(request, _message(error))
        else:
            messages.success(
                request, _("Outcome recorded; the case now waits for the parties' rating.")
            )
    else:
        messages.error(request, _("Choose the outcome."))
    return redirect("matters:mediation_detail", case_id=case.pk)


def _message(error: Exception) -> str:
    if isinstance(error, DomainError):
        return error.message
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error)
