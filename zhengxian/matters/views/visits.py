"""Visit pages: the phone-first log form (problems as repeated rows), list, detail,
coverage, and the register pickers it uses."""

from __future__ import annotations

import secrets

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from zhengxian.campaigns.models import month_key
from zhengxian.core import clock
from zhengxian.core.errors import DomainError
from zhengxian.core.forms import add_service_errors
from zhengxian.core.input_limits import parse_id
from zhengxian.core.pagination import paginate
from zhengxian.orgs.models import Unit
from zhengxian.orgs.roles import Perm
from zhengxian.orgs.scope import access_unit, require, require_one_of, scope_for
from zhengxian.orgs.selectors import people_visible_to

from ..forms import CoverageForm, ProblemRow, VisitFilterForm, VisitForm
from ..models import MatterCategory
from ..selectors.matters import matters_visible_to
from ..selectors.registers import enterprises_for, sites_for, target_communities_for
from ..selectors.visits import VisitFilters, coverage_for, visit_get_for, visit_list
from ..visit_submission import visit_form_for, visit_submit
from .common import PAGE_SIZE, HtmxRequest, own_unit, people_of, working_units

SEARCH_LIMIT = 8


@login_required
def visit_list_view(request: HtmxRequest) -> HttpResponse:
    require(request.user, Perm.RECORD_WORK)
    units = working_units(request.user, Perm.VIEW_ORG)
    form = VisitFilterForm(request.GET or None, units=units, people=people_visible_to(request.user))
    filters = VisitFilters()
    if form.is_valid():
        data = form.cleaned_data
        filters = VisitFilters(
            unit=data["unit"],
            person=data["person"],
            date_from=data["date_from"],
            date_to=data["date_to"],
            target_kind=data["target_kind"],
            search=data["q"].strip(),
        )
    page, querystring = paginate(request, visit_list(request.user, filters), PAGE_SIZE)
    context = {"form": form, "page": page, "querystring": querystring}
    template = "matters/visit_list.html#results" if request.htmx else "matters/visit_list.html"
    return render(request, template, context)


@login_required
def visit_create_view(request: HttpRequest) -> HttpResponse:
    require(request.user, Perm.RECORD_WORK)
    units = working_units(request.user, Perm.RECORD_WORK)
    default_unit = own_unit(request.user, units)
    person = getattr(request.user, "person", None)
    communities = target_communities_for(request.user)
    initial = {
        "visited_on": clock.today(),
        "unit": default_unit,
        "visitors": [person.pk] if person else [],
        "target_unit": _home_community(communities, person.unit) if person else None,
    }
    form = visit_form_for(request.user, request.POST or None, initial=initial)
    rows = (
        ProblemRow.from_post(request.POST, request.FILES)
        if request.method == "POST"
        else [ProblemRow(_new_key())]
    )
    if request.method == "POST" and form.is_valid():
        try:
            result = visit_submit(request.user, form.cleaned_data, rows)
        except ValidationError as error:
            add_service_errors(form, error)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            filed, linked = len(result.matters), len(result.links)
            messages.success(
                request,
                _(
                    "Visit logged: %(filed)s problem(s) filed as matters, "
                    "%(linked)s linked to open matters."
                )
                % {"filed": filed, "linked": linked},
            )
            return redirect("matters:visit_detail", visit_id=result.visit.pk)
    context = {
        "form": form,
        "rows": rows or [ProblemRow(_new_key())],
        "categories": MatterCategory.choices,
    }
    return render(request, "matters/visit_form.html", context)


def _home_community(communities: QuerySet[Unit], unit: Unit) -> Unit | None:
    """The community the user's unit lies in (a grid's community), if it is offered."""
    return communities.filter(pk__in=[*unit.ancestor_ids(), unit.pk]).last()


def _new_key() -> str:
    return secrets.token_hex(4)


@login_required
def problem_row(request: HttpRequest) -> HttpResponse:
    """htmx: one more empty problem row."""
    require(request.user, Perm.RECORD_WORK)
    context = {"row": ProblemRow(_new_key()), "categories": MatterCategory.choices}
    return render(request, "matters/_problem_row.html", context)


@login_required
def empty(request: HttpRequest) -> HttpResponse:
    """htmx: nothing, for removing a row by swapping it out."""
    return HttpResponse("")


@login_required
def visitors_for_unit(request: HttpRequest) -> HttpResponse:
    """htmx: the people who may be ticked as visitors for the chosen unit."""
    units = working_units(request.user, Perm.RECORD_WORK)
    unit_id = parse_id(request.GET.get("unit"))
    if request.GET.get("unit") and unit_id is None:
        return HttpResponseBadRequest(_("The unit must be given by its number."))
    unit = units.filter(pk=unit_id or 0).first()
    person = getattr(request.user, "person", None)
    form = VisitForm(
        units=units,
        people=people_of(unit),
        communities=target_communities_for(request.user),
        initial={"visitors": [person.pk] if person else []},
    )
    return render(request, "matters/visit_form.html#visitors", {"form": form})


@login_required
def enterprise_search(request: HttpRequest) -> HttpResponse:
    require(request.user, Perm.RECORD_WORK)
    query = request.GET.get("enterprise_name", "").strip()[:50]
    found = list(enterprises_for(request.user, search=query)[:SEARCH_LIMIT]) if query else []
    return render(
        request,
        "matters/_register_pick.html",
        {"found": found, "name": "enterprise", "query": query},
    )


@login_required
def site_search(request: HttpRequest) -> HttpResponse:
    require(request.user, Perm.RECORD_WORK)
    query = request.GET.get("site_name", "").strip()[:50]
    found = list(sites_for(request.user, search=query)[:SEARCH_LIMIT]) if query else []
    return render(
        request, "matters/_register_pick.html", {"found": found, "name": "site", "query": query}
    )


@login_required
def visit_detail(request: HttpRequest, visit_id: int) -> HttpResponse:
    visit = visit_get_for(request.user, visit_id)
    context = {
        "visit": visit,
        "participants": visit.participants.select_related("person__unit"),
        "matters": matters_visible_to(request.user)
        .filter(visit=visit)
        .select_related("responsible_unit"),
        "links": visit.linked_reports.select_related("matter"),
        # The leadership and viewers reach a visit from a matter: no visit list for them.
        "records_work": scope_for(request.user).has(Perm.RECORD_WORK),
    }
    return render(request, "matters/visit_detail.html", context)


@login_required
def coverage(request: HttpRequest) -> HttpResponse:
    # Cadres check their own unit's coverage; the leadership opens it from the cockpit's
    # coverage panel, whose figures it already sees.
    require_one_of(request.user, Perm.RECORD_WORK, Perm.VIEW_COCKPIT)
    units = working_units(request.user, Perm.VIEW_ORG).exclude(kind="grid")
    today = clock.today()
    this_month = f"{today.year}-{today.month:02d}"
    default_unit = own_unit(request.user, units)
    initial = {"unit": default_unit, "month_from": this_month, "month_to": this_month}
    form = CoverageForm(request.GET or None, units=units, initial=initial)
    result = None
    if form.is_valid():
        chosen: Unit = form.cleaned_data["unit"]
        unit = access_unit(request.user, chosen.pk)
        result = coverage_for(
            request.user,
            unit=unit,
            first_month=form.cleaned_data["first_month"],
            last_month=form.cleaned_data["last_month"],
        )
    elif not request.GET and default_unit is not None:
        result = coverage_for(
            request.user,
            unit=default_unit,
            first_month=month_key(today),
            last_month=month_key(today),
        )
    return render(request, "matters/coverage.html", {"form": form, "coverage": result})
