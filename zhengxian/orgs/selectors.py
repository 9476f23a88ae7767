"""Reads of the organisation, always starting from the user's scope."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet

from .models import Person, RoleAssignment, Unit
from .roles import Perm
from .scope import scope_for


@dataclass
class TreeNode:
    unit: Unit
    people_count: int
    children: list[TreeNode] = field(default_factory=list)


def units_visible_to(user: Any, perm: Perm = Perm.VIEW_ORG) -> QuerySet[Unit]:
    return Unit.objects.filter(scope_for(user).unit_q(perm))


def unit_tree_for(user: Any, *, include_inactive: bool = False) -> list[TreeNode]:
    """The user's visible units as a forest (one query), children ordered by order and name."""
    units = units_visible_to(user)
    if not include_inactive:
        units = units.filter(is_active=True)
    rows = list(
        units.annotate(people_count=Count("people", filter=Q(people__is_active=True))).order_by(
            "depth", "sort_order", "name"
        )
    )
    nodes = {unit.pk: TreeNode(unit=unit, people_count=unit.people_count) for unit in rows}
    roots: list[TreeNode] = []
    for unit in rows:
        parent = nodes.get(unit.parent_id) if unit.parent_id else None
        (parent.children if parent else roots).append(nodes[unit.pk])
    return roots


def people_visible_to(
    user: Any,
    *,
    unit: Unit | None = None,
    search: str = "",
    role: str = "",
    include_inactive: bool = False,
) -> QuerySet[Person]:
    people = scope_for(user).filter(Person.objects.select_related("unit", "user"))
    if unit is not None:
        people = people.filter(unit__path__startswith=unit.path)
    if not include_inactive:
        people = people.filter(is_active=True)
    if search:
        people = people.filter(
            Q(name__icontains=search)
            | Q(phone__contains=search)
            | Q(position__icontains=search)
            | Q(user__username__icontains=search)
        )
    if role:
        people = people.filter(roles__role=role).distinct()
    return people.order_by("unit__path", "name", "id")


def roles_of(person: Person) -> QuerySet[RoleAssignment]:
    return person.roles.select_related("unit").order_by("role", "unit__path")


def unit_breadcrumbs(unit: Unit) -> list[Unit]:
    ids = unit.ancestor_ids()
    ancestors = {u.pk: u for u in Unit.objects.filter(pk__in=ids)}
    return [ancestors[i] for i in ids if i in ancestors] + [unit]
