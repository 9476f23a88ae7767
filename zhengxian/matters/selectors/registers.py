"""The registers a user may pick visit targets from.

Registers are shared within a sub-district: anyone who records work anywhere in a
sub-district may pick (and add to) any of its communities, enterprises and sites, because an
office's cadres visit enterprises across the whole sub-district. The *register area* of a
user is the sub-district above each unit where they hold the permission (or the unit itself
when it lies above any sub-district).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from zhengxian.orgs.models import Unit, UnitKind
from zhengxian.orgs.paths import path_ids
from zhengxian.orgs.roles import Perm
from zhengxian.orgs.scope import scope_for

from ..models import Enterprise, Site


def register_paths(user: Any, perm: Perm = Perm.RECORD_WORK) -> list[str]:
    """The paths of the user's register areas (one query); ["/"] for a superuser."""
    scope = scope_for(user)
    if scope.is_superuser:
        return ["/"]
    grant_paths = scope.paths(perm)
    ids = {unit_id for path in grant_paths for unit_id in path_ids(path)}
    subdistricts = dict(
        Unit.objects.filter(pk__in=ids, kind=UnitKind.SUBDISTRICT).values_list("pk", "path")
    )
    roots = set()
    for path in grant_paths:
        chain = path_ids(path)
        above = [subdistricts[i] for i in chain if i in subdistricts]
        roots.add(above[-1] if above else path)
    return sorted(roots)


def _under(paths: list[str], field: str) -> Q:
    q = Q(pk__in=[])
    for path in paths:
        q |= Q(**{f"{field}__path__startswith": path} if field else {"path__startswith": path})
    return q


def in_register_area(user: Any, unit: Unit, perm: Perm = Perm.RECORD_WORK) -> bool:
    return any(unit.path.startswith(path) for path in register_paths(user, perm))


def target_communities_for(user: Any) -> QuerySet[Unit]:
    """The communities of the user's register areas: where a visit (or a matter) may go.
    Only communities: not their grids, nor the offices (科室) or the sub-district itself."""
    return Unit.objects.filter(
        _under(register_paths(user), ""), is_active=True, kind=UnitKind.COMMUNITY
    ).order_by("path")


def enterprises_for(
    user: Any, *, search: str = "", unit: Unit | None = None
) -> QuerySet[Enterprise]:
    rows = Enterprise.objects.filter(_under(register_paths(user), "unit"), is_active=True)
    if unit is not None:
        rows = rows.filter(unit__path__startswith=unit.path)
    if search:
        rows = rows.filter(Q(name__icontains=search) | Q(credit_code__icontains=search))
    return rows.select_related("unit").order_by("-is_key", "name")


def sites_for(user: Any, *, search: str = "", unit: Unit | None = None) -> QuerySet[Site]:
    rows = Site.objects.filter(_under(register_paths(user), "unit"), is_active=True)
    if unit is not None:
        rows = rows.filter(unit__path__startswith=unit.path)
    if search:
        rows = rows.filter(name__icontains=search)
    return rows.select_related("unit").order_by("name")
