"""The project list and the battle chart share these filters."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from zhengxian.orgs.models import Person, Unit

from ..models import Project
from .access import projects_visible_to


@dataclass(frozen=True)
class ProjectFilters:
    category: str = ""
    lead_id: int | None = None
    unit_id: int | None = None
    status: str = ""
    search: str = ""
    public_only: bool = False
    tag: str = ""


def filter_projects(user: Any, filters: ProjectFilters | None = None) -> QuerySet[Project]:
    filters = filters or ProjectFilters()
    projects = projects_visible_to(user).select_related("unit", "lead")
    if filters.category:
        projects = projects.filter(category=filters.category)
    if filters.lead_id:
        projects = projects.filter(lead_id=filters.lead_id)
    if filters.unit_id:
        projects = projects.filter(unit_id=filters.unit_id)
    if filters.status:
        projects = projects.filter(status=filters.status)
    if filters.search:
        projects = projects.filter(name__icontains=filters.search)
    if filters.public_only:
        projects = projects.filter(is_public=True)
    if filters.tag:
        projects = projects.filter(tags__tag=filters.tag)
    return projects.order_by("category", "planned_start", "code")


def filter_choices(user: Any) -> tuple[QuerySet[Unit], QuerySet[Person]]:
    """The units and lead leaders of the projects the user sees, for the filter lists."""
    visible = projects_visible_to(user)
    units = Unit.objects.filter(pk__in=visible.values("unit_id")).order_by("path")
    leads = Person.objects.filter(pk__in=visible.values("lead_id")).order_by("name", "pk")
    return units, leads
