"""Small helpers shared by the project views."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import HttpRequest

from zhengxian.orgs.models import Person, Unit
from zhengxian.orgs.roles import Perm, Role
from zhengxian.orgs.selectors import people_visible_to, units_visible_to

from ..forms import ProjectFilterForm
from ..selectors import ProjectFilters, filter_choices


def filter_form(
    request: HttpRequest, *, autosubmit: bool = False
) -> tuple[ProjectFilterForm, ProjectFilters]:
    units, leads = filter_choices(request.user)
    form = ProjectFilterForm(request.GET or None, units=units, leads=leads, autosubmit=autosubmit)
    filters = ProjectFilters()
    if form.is_valid():
        data = form.cleaned_data
        filters = ProjectFilters(
            category=data["category"] or "",
            lead_id=data["lead"].pk if data["lead"] else None,
            unit_id=data["unit"].pk if data["unit"] else None,
            status=data["status"] or "",
            search=(data["q"] or "").strip(),
        )
    return form, filters


def managed_units(user: Any) -> QuerySet[Unit]:
    return units_visible_to(user, Perm.MANAGE_PROJECTS).filter(is_active=True).order_by("path")


def lead_choices(user: Any, *, keep: int | None = None) -> QuerySet[Person]:
    """People who may lead a project (project leads and leadership the user sees), and the
    current lead ``keep`` even when outside the user's scope, so that editing keeps it."""
    eligible = people_visible_to(user).filter(roles__role__in=[Role.PROJECT_LEAD, Role.LEADERSHIP])
    return (
        Person.objects.filter(Q(pk__in=eligible.values("pk")) | Q(pk=keep))
        .select_related("unit")
        .order_by("name", "pk")
    )


def querystring_without(request: HttpRequest, *names: str) -> str:
    query = request.GET.copy()
    for name in names:
        query.pop(name, None)
    return query.urlencode()
