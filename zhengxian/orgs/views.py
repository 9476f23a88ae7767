"""Browsing and managing units and people. Thin: parse, call a selector or service, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhengxian.core.forms import add_service_errors
from zhengxian.core.htmx import HtmxHttpRequest
from zhengxian.core.links import around_id
from zhengxian.core.pagination import paginate

from . import services
from .forms import PeopleFilterForm, PersonForm, RoleForm, UnitForm
from .grants import can_grant, can_manage_account, require_manage_account, roles_offered
from .models import Person, RoleAssignment
from .roles import Perm, Role
from .scope import access_person, access_unit, require, scope_for
from .selectors import (
    people_visible_to,
    roles_of,
    tree_search,
    unit_breadcrumbs,
    unit_children_for,
    unit_tree_for,
    units_visible_to,
    visible_breadcrumbs,
)

SEARCH_QUERY_MAX = 50


def _show_inactive(request: HttpRequest) -> bool:
    return request.GET.get("inactive") == "1"


def tree_labels() -> dict[str, str]:
    """The labels of the tree's nodes, translated once per page rather than once per node."""
    return {"children": _("Sub-units"), "people": _("People"), "expand": _("Show the sub-units")}


def tree_links() -> dict[str, tuple[str, str]]:
    """The tree's links around the unit id, reversed once per page (a `{% url %}` per node
    was a tenth of the tree page's time at province scale)."""
    return {"detail": around_id("orgs:unit_detail"), "children": around_id("orgs:unit_children")}


@login_required
def unit_tree(request: HtmxHttpRequest) -> HttpResponse:
    """The lazy tree: the top units of the user's scope and their children (deeper levels
    load from `unit_children`), and a search by name or code over the whole scope."""
    require(request.user, Perm.VIEW_ORG)
    show_inactive = _show_inactive(request)
    query = request.GET.get("q", "").strip()[:SEARCH_QUERY_MAX]
    matches, more = (
        tree_search(request.user, query, include_inactive=show_inactive) if query else ([], False)
    )
    context: dict[str, Any] = {
        "query": query,
        "matches": matches,
        "more_matches": more,
        "show_inactive": show_inactive,
        "inactive_query": "?inactive=1" if show_inactive else "",
        "tree_labels": tree_labels(),
        "tree_links": tree_links(),
    }
    if request.htmx and request.htmx.target == "unit-search-results":
        response = render(request, "orgs/unit_tree.html#search-results", context)
    else:
        context["roots"] = unit_tree_for(request.user, include_inactive=show_inactive)
        context["can_manage"] = scope_for(request.user).has(Perm.MANAGE_UNITS)
        response = render(request, "orgs/unit_tree.html", context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@login_required
def unit_children(request: HtmxHttpRequest, unit_id: int) -> HttpResponse:
    """A unit's children, each counted and expandable: the items of the tree's list for htmx,
    else a page of their own (the tree's expand links without JavaScript)."""
    unit = access_unit(request.user, unit_id)
    show_inactive = _show_inactive(request)
    context = {
        "node": unit_children_for(unit, include_inactive=show_inactive),
        "show_inactive": show_inactive,
        "inactive_query": "?inactive=1" if show_inactive else "",
        "tree_labels": tree_labels(),
        "tree_links": tree_links(),
    }
    if request.htmx:
        response = render(request, "orgs/unit_children.html#children", context)
    else:
        context["breadcrumbs"] = visible_breadcrumbs(request.user, unit)
        response = render(request, "orgs/unit_children.html", context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@login_required
def unit_detail(request: HttpRequest, unit_id: int) -> HttpResponse:
    unit = access_unit(request.user, unit_id)
    scope = scope_for(request.user)
    visible_ids = set(
        units_visible_to(request.user)
        .filter(pk__in=unit.ancestor_ids())
        .values_list("pk", flat=True)
    )
    context = {
        "unit": unit,
        "breadcrumbs": [
            u for u in unit_breadcrumbs(unit) if u.pk in visible_ids or u.pk == unit.pk
        ],
        "children": unit.children.order_by("sort_order", "name"),
        "people": people_visible_to(request.user).filter(unit=unit)[:200],
        "subtree_people": people_visible_to(request.user, unit=unit).count(),
        "can_manage": scope.can(Perm.MANAGE_UNITS, unit),
        "can_manage_people": scope.can(Perm.MANAGE_PEOPLE, unit),
    }
    return render(request, "orgs/unit_detail.html", context)


@login_required
def unit_create(request: HttpRequest) -> HttpResponse:
    require(request.user, Perm.MANAGE_UNITS)
    parents = units_visible_to(request.user, Perm.MANAGE_UNITS).filter(is_active=True)
    initial = {"parent": request.GET.get("parent")}
    form = UnitForm(request.POST or None, parents=parents, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if data["parent"] is None and not request.user.is_superuser:
            form.add_error("parent", _("Choose the parent unit."))
        else:
            try:
                unit = services.unit_create(
                    actor=request.user,
                    code=data["code"],
                    name=data["name"],
                    kind=data["kind"],
                    parent=data["parent"],
                    sort_order=data["sort_order"] or 0,
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Unit %(name)s created.") % {"name": unit.name})
                return redirect("orgs:unit_detail", unit_id=unit.pk)
    return render(request, "orgs/unit_form.html", {"form": form, "unit": None})


@login_required
def unit_edit(request: HttpRequest, unit_id: int) -> HttpResponse:
    unit = access_unit(request.user, unit_id, Perm.MANAGE_UNITS)
    parents = (
        units_visible_to(request.user, Perm.MANAGE_UNITS)
        .filter(is_active=True)
        .exclude(path__startswith=unit.path)
    )
    initial = {f: getattr(unit, f) for f in ("code", "name", "kind", "sort_order", "is_active")}
    initial["parent"] = unit.parent_id
    form = UnitForm(request.POST or None, parents=parents, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["sort_order"] = data["sort_order"] or 0
        if data["parent"] is None and unit.parent_id is not None and not request.user.is_superuser:
            form.add_error("parent", _("Choose the parent unit."))
        else:
            try:
                services.unit_update(actor=request.user, unit=unit, **data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Unit %(name)s saved.") % {"name": unit.name})
                return redirect("orgs:unit_detail", unit_id=unit.pk)
    return render(request, "orgs/unit_form.html", {"form": form, "unit": unit})


@login_required
def person_list(request: HtmxHttpRequest) -> HttpResponse:
    require(request.user, Perm.VIEW_ORG)
    units = units_visible_to(request.user).filter(is_active=True)
    form = PeopleFilterForm(request.GET or None, units=units)
    filters: dict[str, Any] = {}
    if form.is_valid():
        filters = {
            "search": form.cleaned_data["q"].strip(),
            "unit": form.cleaned_data["unit"],
            "role": form.cleaned_data["role"],
        }
    people = people_visible_to(request.user, **filters)
    page, querystring = paginate(request, people, 50)
    context = {
        "form": form,
        "page": page,
        "can_create": scope_for(request.user).has(Perm.MANAGE_PEOPLE),
        "querystring": querystring,
    }
    template = "orgs/person_list.html#results" if request.htmx else "orgs/person_list.html"
    return render(request, template, context)


def _username_of(person: Person) -> str:
    """The login name of a person who has just been given an account or a new password."""
    if person.user is None:
        raise RuntimeError(f"Person {person.pk} has no user account.")
    return person.user.get_username()


@login_required
def person_detail(request: HttpRequest, person_id: int) -> HttpResponse:
    person = access_person(request.user, person_id)
    is_self = person.user_id is not None and person.user_id == request.user.pk
    may_grant = not is_self and scope_for(request.user).can(Perm.MANAGE_PEOPLE, person.unit)
    assignments = roles_of(person)
    offered = roles_offered(request.user) if may_grant else []
    context = {
        "person": person,
        "assignments": [
            (a, may_grant and can_grant(request.user, a.role, a.unit)) for a in assignments
        ],
        "can_manage": can_manage_account(request.user, person),
        "role_form": _role_form(request, offered) if offered else None,
    }
    return render(request, "orgs/person_detail.html", context)


def _role_form(request: HttpRequest, roles: list[str], data: Any = None) -> RoleForm:
    units = units_visible_to(request.user, Perm.MANAGE_PEOPLE).filter(is_active=True)
    return RoleForm(data, units=units, roles=roles)


@login_required
def person_create(request: HttpRequest) -> HttpResponse:
    require(request.user, Perm.MANAGE_PEOPLE)
    units = units_visible_to(request.user, Perm.MANAGE_PEOPLE).filter(is_active=True)
    form = PersonForm(request.POST or None, units=units, initial={"unit": request.GET.get("unit")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            person, temporary = services.person_create(
                actor=request.user,
                name=data["name"],
                unit=data["unit"],
                position=data["position"],
                phone=data["phone"],
                username=data["username"] or None,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("%(name)s added.") % {"name": person.name})
            if temporary:
                _announce_temporary_password(request, _username_of(person), temporary)
            return redirect("orgs:person_detail", person_id=person.pk)
    return render(request, "orgs/person_form.html", {"form": form, "person": None})


def _announce_temporary_password(request: HttpRequest, username: str, password: str) -> None:
    messages.warning(
        request,
        _(
            "One-time password for %(username)s: %(password)s — give it to the person; "
            "it is shown only once and must be changed at first login."
        )
        % {"username": username, "password": password},
    )


@login_required
def person_edit(request: HttpRequest, person_id: int) -> HttpResponse:
    person = access_person(request.user, person_id, Perm.MANAGE_PEOPLE)
    require_manage_account(request.user, person)
    units = units_visible_to(request.user, Perm.MANAGE_PEOPLE).filter(is_active=True)
    initial = {
        "name": person.name,
        "unit": person.unit_id,
        "position": person.position,
        "phone": person.phone,
        "username": _username_of(person) if person.user else "",
        "is_active": person.is_active,
    }
    form = PersonForm(request.POST or None, units=units, initial=initial, editing=person)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.person_update(
                actor=request.user,
                person=person,
                name=data["name"],
                unit=data["unit"],
                position=data["position"],
                phone=data["phone"],
                is_active=data["is_active"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("%(name)s saved.") % {"name": person.name})
            return redirect("orgs:person_detail", person_id=person.pk)
    return render(request, "orgs/person_form.html", {"form": form, "person": person})


@login_required
@require_POST
def person_role_add(request: HttpRequest, person_id: int) -> HttpResponse:
    person = access_person(request.user, person_id, Perm.MANAGE_PEOPLE)
    # Every role is a valid choice here: the service refuses, with its reason and an audit
    # entry, what the grants table does not allow.
    form = _role_form(request, list(Role.values), request.POST)
    if form.is_valid():
        services.role_assign(
            actor=request.user,
            person=person,
            role=form.cleaned_data["role"],
            unit=form.cleaned_data["unit"],
        )
        messages.success(request, _("Role added."))
    else:
        messages.error(
            request, _("The role could not be added: choose a role and a unit in your scope.")
        )
    return redirect("orgs:person_detail", person_id=person.pk)


@login_required
@require_POST
def person_role_remove(request: HttpRequest, person_id: int, assignment_id: int) -> HttpResponse:
    person = access_person(request.user, person_id, Perm.MANAGE_PEOPLE)
    assignment = get_object_or_404(
        RoleAssignment.objects.select_related("unit"), pk=assignment_id, person=person
    )
    services.role_remove(actor=request.user, assignment=assignment)
    messages.success(request, _("Role removed."))
    return redirect("orgs:person_detail", person_id=person.pk)


@login_required
@require_POST
def person_password_reset(request: HttpRequest, person_id: int) -> HttpResponse:
    person = access_person(request.user, person_id, Perm.MANAGE_PEOPLE)
    try:
        temporary = services.person_reset_password(actor=request.user, person=person)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        _announce_temporary_password(request, _username_of(person), temporary)
    return redirect("orgs:person_detail", person_id=person.pk)
