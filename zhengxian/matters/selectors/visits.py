"""Reads of visits: lists and filters from the user's scope, and a unit's coverage."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from zhengxian.orgs.models import Person, Unit, UnitKind
from zhengxian.orgs.scope import scope_for

from ..models import Enterprise, TargetKind, Visit
from .registers import register_paths


def visits_visible_to(user: Any) -> QuerySet[Visit]:
    """Visits of the units in the user's scope (the visiting unit decides)."""
    return scope_for(user).filter(Visit.objects.all(), via="unit")


def visit_get_for(user: Any, visit_id: int) -> Visit:
    visit = (
        visits_visible_to(user)
        .select_related("unit", "target_unit", "enterprise", "site", "recorded_by__person")
        .filter(pk=visit_id)
        .first()
    )
    if visit is None:
        raise Http404
    return visit


@dataclass(frozen=True)
class VisitFilters:
    unit: Unit | None = None
    person: Person | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    target_kind: str = ""
    target_unit: Unit | None = None
    search: str = ""


def visit_list(user: Any, filters: VisitFilters) -> QuerySet[Visit]:
    visits = visits_visible_to(user)
    if filters.unit is not None:
        visits = visits.filter(unit__path__startswith=filters.unit.path)
    if filters.person is not None:
        visits = visits.filter(participants__person=filters.person)
    if filters.date_from:
        visits = visits.filter(visited_on__gte=filters.date_from)
    if filters.date_to:
        visits = visits.filter(visited_on__lte=filters.date_to)
    if filters.target_kind:
        visits = visits.filter(target_kind=filters.target_kind)
    if filters.target_unit is not None:
        visits = visits.filter(target_unit__path__startswith=filters.target_unit.path)
    if filters.search:
        visits = visits.filter(
            Q(summary__icontains=filters.search)
            | Q(enterprise__name__icontains=filters.search)
            | Q(site__name__icontains=filters.search)
            | Q(household__icontains=filters.search)
        )
    return (
        visits.select_related("unit", "target_unit", "enterprise", "site")
        .prefetch_related("participants__person")
        .order_by("-visited_on", "-id")
    )


@dataclass
class Coverage:
    """Which communities and enterprises ``unit`` visited between two months, and which not."""

    unit: Unit
    first_month: int
    last_month: int
    communities_visited: list[Unit] = field(default_factory=list)
    communities_missed: list[Unit] = field(default_factory=list)
    enterprises_visited: list[Enterprise] = field(default_factory=list)
    enterprises_missed: list[Enterprise] = field(default_factory=list)

    @property
    def community_share(self) -> float:
        total = len(self.communities_visited) + len(self.communities_missed)
        return len(self.communities_visited) / total if total else 1.0

    @property
    def enterprise_share(self) -> float:
        total = len(self.enterprises_visited) + len(self.enterprises_missed)
        return len(self.enterprises_visited) / total if total else 1.0


@dataclass(frozen=True)
class CoverageCounts:
    """How many of ``unit``'s communities and enterprises were visited (the cockpit's
    figures, without the lists)."""

    communities: int
    communities_visited: int
    enterprises: int
    enterprises_visited: int

    @property
    def community_share(self) -> float:
        return self.communities_visited / self.communities if self.communities else 1.0

    @property
    def enterprise_share(self) -> float:
        return self.enterprises_visited / self.enterprises if self.enterprises else 1.0


def _coverage_targets(user: Any, unit: Unit) -> tuple[QuerySet[Unit], QuerySet[Enterprise]]:
    """The communities and active enterprises of ``unit``'s area: its own subtree, or for an
    office (which serves the whole sub-district) the user's register area."""
    if unit.kind == UnitKind.OFFICE:
        areas = [p for p in register_paths(user) if unit.path.startswith(p)] or [unit.path]
    else:
        areas = [unit.path]
    area_q = Q(pk__in=[])
    enterprise_q = Q(pk__in=[])
    for path in areas:
        area_q |= Q(path__startswith=path)
        enterprise_q |= Q(unit__path__startswith=path)
    return (
        Unit.objects.filter(area_q, kind=UnitKind.COMMUNITY, is_active=True),
        Enterprise.objects.filter(enterprise_q, is_active=True),
    )


def _unit_visits(unit: Unit, first_month: int, last_month: int) -> QuerySet[Visit]:
    """Visits made by ``unit`` or its sub-units in the months."""
    return Visit.objects.filter(
        month__gte=first_month, month__lte=last_month, unit__path__startswith=unit.path
    ).order_by()


def coverage_for(user: Any, *, unit: Unit, first_month: int, last_month: int) -> Coverage:
    """Coverage of ``unit``'s visits (made by the unit or its sub-units) over the months,
    target by target. Four queries whatever the number of targets."""
    community_qs, enterprise_qs = _coverage_targets(user, unit)
    communities = list(community_qs.order_by("sort_order", "name"))
    enterprises = list(enterprise_qs.select_related("unit").order_by("-is_key", "name"))
    visits = _unit_visits(unit, first_month, last_month)
    seen_units = set(
        visits.filter(target_kind=TargetKind.COMMUNITY)
        .values_list("target_unit_id", flat=True)
        .distinct()
    )
    seen_enterprises = set(
        visits.filter(target_kind=TargetKind.ENTERPRISE)
        .values_list("enterprise_id", flat=True)
        .distinct()
    )
    coverage = Coverage(unit=unit, first_month=first_month, last_month=last_month)
    for community in communities:
        (
            coverage.communities_visited
            if community.pk in seen_units
            else coverage.communities_missed
        ).append(community)
    for enterprise in enterprises:
        (
            coverage.enterprises_visited
            if enterprise.pk in seen_enterprises
            else coverage.enterprises_missed
        ).append(enterprise)
    return coverage


def coverage_counts_for(
    user: Any, *, unit: Unit, first_month: int, last_month: int
) -> CoverageCounts:
    """`coverage_for`'s figures counted by the database (four COUNT queries): at province
    scale a month has a million visits and the area tens of thousands of targets."""
    community_qs, enterprise_qs = _coverage_targets(user, unit)
    visits = _unit_visits(unit, first_month, last_month)
    visited_communities = visits.filter(
        target_kind=TargetKind.COMMUNITY, target_unit_id=OuterRef("pk")
    )
    visited_enterprises = visits.filter(
        target_kind=TargetKind.ENTERPRISE, enterprise_id=OuterRef("pk")
    )
    return CoverageCounts(
        communities=community_qs.count(),
        communities_visited=community_qs.filter(Exists(visited_communities)).count(),
        enterprises=enterprise_qs.count(),
        enterprises_visited=enterprise_qs.filter(Exists(visited_enterprises)).count(),
    )
