"""The one place that decides what a user may see and change.

Every list, detail page, form and endpoint asks this module: `scope_for(user)` gives the
user's grants (role over a unit subtree); `filter` narrows any queryset that reaches a unit;
`access_*` helpers fetch one object and authorise it in one step (404 outside the scope,
403 inside it without the permission), so no view can forget the check.
"""

from __future__ import annotations

import hashlib
import operator
from collections.abc import Iterable
from dataclasses import dataclass
from functools import reduce
from typing import TYPE_CHECKING, Any, TypeVar, cast

from django.db.models import Model, Q, QuerySet
from django.http import Http404

from zhengxian.core.errors import NotAllowed

from .paths import Placed
from .roles import Perm, permissions_of

if TYPE_CHECKING:
    from .models import Person, Unit

M = TypeVar("M", bound=Model)


@dataclass(frozen=True)
class Grant:
    role: str
    unit_id: int
    unit_path: str
    at_root: bool = False  # the unit has no parent: the grant may cover a whole tree


def _outermost(paths: Iterable[str]) -> list[str]:
    """Drops paths that lie under another path of the list: their subtree is already in."""
    kept: list[str] = []
    for path in sorted(set(paths)):
        if not any(path.startswith(outer) for outer in kept):
            kept.append(path)
    return kept


class Scope:
    def __init__(self, *, grants: Iterable[Grant], is_superuser: bool = False) -> None:
        self.grants = tuple(grants)
        self.is_superuser = is_superuser
        self._root_paths: list[str] | None = None

    def roles(self) -> set[str]:
        return {grant.role for grant in self.grants}

    def has(self, perm: Perm) -> bool:
        """True when the user holds ``perm`` anywhere; use `can` for a given unit."""
        return self.is_superuser or any(perm in permissions_of(g.role) for g in self.grants)

    def paths(self, perm: Perm = Perm.VIEW_ORG) -> list[str]:
        return _outermost(g.unit_path for g in self.grants if perm in permissions_of(g.role))

    def cache_key(self, perm: Perm = Perm.VIEW_ORG) -> str:
        """What decides the units ``perm`` reaches, as a short text for a cache key: "all",
        or a digest of the outermost paths (users of one scope share what is kept)."""
        if self.sees_everything(perm):
            return "all"
        paths = ",".join(sorted(self.paths(perm)))
        return hashlib.sha256(paths.encode()).hexdigest()[:32]

    def sees_everything(self, perm: Perm = Perm.VIEW_ORG) -> bool:
        """True when ``perm``'s grants cover every tree's root, so every unit: the campaign
        office of the whole tree. Its filters can then be left out, which at province
        scale spares every list a join to the units and a path match per row. The roots
        are read (one query) only when a grant is on a root."""
        if self.is_superuser:
            return True
        granted = {g.unit_path for g in self.grants if g.at_root and perm in permissions_of(g.role)}
        if not granted:
            return False
        if self._root_paths is None:
            from .models import Unit

            self._root_paths = list(
                Unit.objects.filter(parent__isnull=True).values_list("path", flat=True)
            )
        return set(self._root_paths) <= granted

    def holds(self, role: str, unit: Unit) -> bool:
        """True when the user holds ``role`` on ``unit`` itself (not above it)."""
        return any(g.role == role and g.unit_id == unit.pk for g in self.grants)

    def can(self, perm: Perm, unit: Placed) -> bool:
        if self.is_superuser:
            return True
        return any(unit.path.startswith(path) for path in self.paths(perm))

    def unit_q(self, perm: Perm = Perm.VIEW_ORG, *, via: str = "") -> Q:
        """A filter on the unit reached through ``via`` ("" for Unit itself, "unit" for a FK)."""
        if self.is_superuser:
            return Q()
        if self.sees_everything(perm):
            # Every unit, so every row that reaches one (a null link reaches none).
            return Q(**{f"{via}__isnull": False}) if via else Q()
        field = f"{via}__path__startswith" if via else "path__startswith"
        q = Q(pk__in=[])
        for path in self.paths(perm):
            q |= Q(**{field: path})
        return q

    def visible_q(
        self,
        model: type[Model],
        *vias: str,
        perm: Perm = Perm.VIEW_ORG,
        also: Q | None = None,
        prefix: str = "",
    ) -> Q:
        """Rows of ``model`` that reach a unit in scope through any of ``vias`` ("" for Unit
        itself, "unit", "matter__reporting_unit"...), or that match ``also`` (the lead
        leader, the user's own roster rows...). When the scope sees every unit and one of
        the links reaches a unit on every row, that is every row: no filter at all, which
        at province scale spares a list a join and a path match per row.

        ``prefix`` names ``model``'s rows from another model (``"tasks"`` from an action, to
        count the visible ones); ``also`` is then written from that other model too."""
        if self.sees_everything(perm) and any(_always_reaches_unit(model, via) for via in vias):
            return Q()
        paths = ("__".join(part for part in (prefix, via) if part) for via in vias)
        q = reduce(operator.or_, (self.unit_q(perm, via=path) for path in paths))
        return q | also if also is not None else q

    def filter(
        self, queryset: QuerySet[M], perm: Perm = Perm.VIEW_ORG, *, via: str = "unit"
    ) -> QuerySet[M]:
        return queryset.filter(self.visible_q(queryset.model, via, perm=perm))


def _always_reaches_unit(model: type[Model], via: str) -> bool:
    """True when every row of ``model`` reaches a unit through ``via``: each link on the
    way is a required many-to-one (or one-to-one) foreign key."""
    if not via:
        return True  # the unit itself
    for name in via.split("__"):
        link = model._meta.get_field(name)
        forward = getattr(link, "concrete", False) and (link.many_to_one or link.one_to_one)
        if not forward or link.null or link.related_model is None:
            return False
        model = cast("type[Model]", link.related_model)
    return True


def scope_for(user: Any) -> Scope:
    """The scope of ``user``, loaded once per user object (one query)."""
    cached = getattr(user, "_zhengxian_scope", None)
    if cached is not None:
        return cached
    if getattr(user, "is_system", False):
        return Scope(grants=(), is_superuser=True)
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        scope = Scope(grants=())
    else:
        from .models import RoleAssignment

        rows = RoleAssignment.objects.filter(
            person__user=user, person__is_active=True, unit__is_active=True
        ).values_list("role", "unit_id", "unit__path", "unit__parent_id")
        scope = Scope(
            grants=[
                Grant(role, unit_id, path, at_root=parent is None)
                for role, unit_id, path, parent in rows
            ],
            is_superuser=user.is_superuser,
        )
    user._zhengxian_scope = scope
    return scope


def require(user: Any, perm: Perm, unit: Unit | None = None) -> None:
    scope = scope_for(user)
    allowed = scope.can(perm, unit) if unit is not None else scope.has(perm)
    if not allowed:
        raise NotAllowed


def require_one_of(user: Any, *perms: Perm) -> None:
    """For a page that serves several roles, each through its own permission."""
    scope = scope_for(user)
    if not any(scope.has(perm) for perm in perms):
        raise NotAllowed


def access_unit(user: Any, unit_id: int, perm: Perm = Perm.VIEW_ORG) -> Unit:
    from .models import Unit

    scope = scope_for(user)
    unit = Unit.objects.filter(scope.unit_q(Perm.VIEW_ORG), pk=unit_id).first()
    if unit is None:
        raise Http404
    if perm is not Perm.VIEW_ORG and not scope.can(perm, unit):
        raise NotAllowed
    return unit


def access_person(user: Any, person_id: int, perm: Perm = Perm.VIEW_ORG) -> Person:
    from .models import Person

    scope = scope_for(user)
    person = (
        scope.filter(Person.objects.select_related("unit", "user")).filter(pk=person_id).first()
    )
    if person is None:
        raise Http404
    if perm is not Perm.VIEW_ORG and not scope.can(perm, person.unit):
        raise NotAllowed
    return person
