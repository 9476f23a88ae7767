"""Reads of the organisation, always starting from the user's scope."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Case, Count, F, Q, QuerySet, Value, When, Window
from django.db.models.functions import RowNumber

from .models import Person, RoleAssignment, Unit, UnitKind
from .paths import path_ids
from .roles import Perm
from .scope import scope_for

# How many children one expand shows, and how many units a search lists: a page stays small
# whatever the size of the tree (a unit with more children says how many are left out).
TREE_CHILDREN_LIMIT = 200
SEARCH_LIMIT = 50


@dataclass
class TreeNode:
    """A unit of the lazy tree with its direct counts.

    ``children`` is None while not loaded (the page offers to expand the node), else the
    loaded children, at most `TREE_CHILDREN_LIMIT` of them.
    """

    unit: Unit
    people_count: int = 0
    children_count: int = 0
    children: list[TreeNode] | None = None
    kind_label: str = ""

    @property
    def loaded(self) -> bool:
        return self.children is not None

    @property
    def children_left_out(self) -> int:
        return max(self.children_count - len(self.children or ()), 0)


@dataclass(frozen=True)
class UnitMatch:
    """A unit found by the tree's search, with the names of its visible ancestors."""

    unit: Unit
    ancestors: list[str]


def units_visible_to(user: Any, perm: Perm = Perm.VIEW_ORG) -> QuerySet[Unit]:
    return Unit.objects.filter(scope_for(user).unit_q(perm))


_SIBLING_ORDER = ("sort_order", "name", "pk")


def _counted(units: list[Unit], *, include_inactive: bool) -> dict[int, TreeNode]:
    """A node for each unit, with its direct children and active people counted: one GROUP BY
    each over these units only (two queries, whatever their number)."""
    ids = [unit.pk for unit in units]
    children = Unit.objects.filter(parent_id__in=ids)
    if not include_inactive:
        children = children.filter(is_active=True)
    child_counts = dict(
        children.order_by()
        .values("parent_id")
        .annotate(n=Count("pk"))
        .values_list("parent_id", "n")
    )
    people_counts = dict(
        Person.objects.filter(unit_id__in=ids, is_active=True)
        .order_by()
        .values("unit_id")
        .annotate(n=Count("pk"))
        .values_list("unit_id", "n")
    )
    kinds = {
        value: str(label) for value, label in UnitKind.choices
    }  # translated once, not per node
    return {
        unit.pk: TreeNode(
            unit=unit,
            people_count=people_counts.get(unit.pk, 0),
            children_count=child_counts.get(unit.pk, 0),
            kind_label=kinds.get(unit.kind, unit.kind),
        )
        for unit in units
    }


def unit_tree_for(user: Any, *, include_inactive: bool = False) -> list[TreeNode]:
    """The first page of the lazy tree: the top units of the user's scope and their direct
    children (at most `TREE_CHILDREN_LIMIT` each), every node counted; deeper levels load by
    `unit_children_for`. Four queries at any size of the tree."""
    scope = scope_for(user)
    if scope.is_superuser:
        roots_q = Q(parent__isnull=True)
    else:
        # The scope's outermost paths end with the ids of its top units: no query needed.
        roots_q = Q(pk__in=[path_ids(path)[-1] for path in scope.paths()])
    roots = Unit.objects.filter(roots_q)
    if not include_inactive:
        roots = roots.filter(is_active=True)
    root_units = list(roots.order_by("depth", *_SIBLING_ORDER))
    children = Unit.objects.filter(parent_id__in=[unit.pk for unit in root_units])
    if not include_inactive:
        children = children.filter(is_active=True)
    ranked = children.annotate(
        rank=Window(
            RowNumber(),
            partition_by=[F("parent_id")],
            order_by=[F(name) for name in _SIBLING_ORDER],
        )
    )
    child_units: list[Unit] = list(
        ranked.filter(rank__lte=TREE_CHILDREN_LIMIT).order_by("parent_id", *_SIBLING_ORDER)
    )
    nodes = _counted(root_units + child_units, include_inactive=include_inactive)
    for unit in root_units:
        nodes[unit.pk].children = []
    for unit in child_units:
        parent = nodes[unit.parent_id]  # type: ignore[index]
        assert parent.children is not None
        parent.children.append(nodes[unit.pk])
    return [nodes[unit.pk] for unit in root_units]


def unit_children_for(unit: Unit, *, include_inactive: bool = False) -> TreeNode:
    """``unit`` (already authorised by the caller) with its children loaded and counted,
    at most `TREE_CHILDREN_LIMIT` of them. Three queries at any size."""
    children = Unit.objects.filter(parent=unit)
    if not include_inactive:
        children = children.filter(is_active=True)
    child_units = list(children.order_by(*_SIBLING_ORDER)[:TREE_CHILDREN_LIMIT])
    nodes = _counted([unit, *child_units], include_inactive=include_inactive)
    node = nodes[unit.pk]
    node.children = [nodes[child.pk] for child in child_units]
    return node


def tree_search(
    user: Any, query: str, *, include_inactive: bool = False, limit: int = SEARCH_LIMIT
) -> tuple[list[UnitMatch], bool]:
    """Units of the user's scope whose name or code contains ``query``, an exact code first,
    then from the top of the tree down; at most ``limit`` of them, and whether more matched.
    Each comes with the names of its ancestors inside the scope. Two queries."""
    units = units_visible_to(user).filter(Q(name__icontains=query) | Q(code__icontains=query))
    if not include_inactive:
        units = units.filter(is_active=True)
    exact = Case(When(code__iexact=query, then=Value(0)), default=Value(1))
    rows = list(
        units.annotate(exact=exact).order_by("exact", "depth", *_SIBLING_ORDER)[: limit + 1]
    )
    more, rows = len(rows) > limit, rows[:limit]
    above = {pk for unit in rows for pk in unit.ancestor_ids()}
    names = (
        dict(units_visible_to(user).filter(pk__in=above).values_list("pk", "name")) if above else {}
    )
    matches = [
        UnitMatch(unit=unit, ancestors=[names[pk] for pk in unit.ancestor_ids() if pk in names])
        for unit in rows
    ]
    return matches, more


def visible_breadcrumbs(user: Any, unit: Unit) -> list[Unit]:
    """``unit`` and its ancestors from the top of the user's scope down (one query)."""
    ancestors = {u.pk: u for u in units_visible_to(user).filter(pk__in=unit.ancestor_ids())}
    return [ancestors[pk] for pk in unit.ancestor_ids() if pk in ancestors] + [unit]


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
