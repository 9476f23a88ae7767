"""Helpers shared by the services: who is acting, on which day, who to tell."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from zhengxian.core import clock
from zhengxian.core.errors import NotAllowed
from zhengxian.core.notifications import notify
from zhengxian.orgs.models import RoleAssignment, Unit, UnitKind
from zhengxian.orgs.roles import ROLE_PERMISSIONS, Perm, Role
from zhengxian.orgs.scope import scope_for


def moment(at: dt.datetime | None) -> tuple[dt.datetime, dt.date]:
    """When an action happens (now unless the demo backdates it) and its local day."""
    when = at or clock.now()
    return when, timezone.localdate(when)


def display_name(user: Any) -> str:
    if user is None:
        return ""
    person = getattr(user, "person", None)
    return person.name if person is not None else user.get_username()


def require_any(user: Any, perms: Iterable[Perm], unit: Unit) -> None:
    """403 unless ``user`` holds one of ``perms`` over ``unit``."""
    scope = scope_for(user)
    if not any(scope.can(perm, unit) for perm in perms):
        raise NotAllowed


def roles_with(perm: Perm) -> list[str]:
    return [role for role, perms in ROLE_PERMISSIONS.items() if perm in perms]


def handlers_of(unit: Unit | None, perm: Perm = Perm.HANDLE_MATTERS) -> list[Any]:
    """The accounts holding ``perm`` at ``unit`` or, failing that, at its nearest ancestor
    where someone does (one query): the people a matter waiting there concerns."""
    if unit is None:
        return []
    levels = [*unit.ancestor_ids(), unit.pk]
    rows = (
        RoleAssignment.objects.filter(
            unit_id__in=levels,
            role__in=roles_with(perm),
            person__is_active=True,
            person__user__isnull=False,
            person__user__is_active=True,
        )
        .select_related("person__user")
        .order_by("pk")
    )
    by_level: dict[int, list[Any]] = {}
    for row in rows:
        by_level.setdefault(row.unit_id, []).append(row.person.user)
    for level in reversed(levels):
        if level in by_level:
            return by_level[level]
    return []


def responsible_handlers(unit: Unit | None) -> list[Any]:
    """Who handles a matter assigned to ``unit``: `handlers_of` it and, for a grid, the
    grid's own cadres (网格员), who may accept and resolve what is assigned to it."""
    people = handlers_of(unit)
    if unit is None or unit.kind != UnitKind.GRID:
        return people
    cadres = (
        RoleAssignment.objects.filter(
            unit=unit,
            role=Role.CADRE,
            person__is_active=True,
            person__user__isnull=False,
            person__user__is_active=True,
        )
        .select_related("person__user")
        .order_by("pk")
    )
    known = {user.pk for user in people}
    extra = [row.person.user for row in cadres]
    return people + [user for user in extra if user is not None and user.pk not in known]


def notify_later(
    *,
    recipients: Iterable[Any],
    text: str,
    kind: str,
    url: str = "",
    skip: Any = None,
    unit: Unit | None = None,
    about: Any = None,
) -> list[Any]:
    """Notifies once the transaction commits, never the user who acted; returns who.

    The notifications are grouped by ``unit`` ("5 new matters · 湘湖社区") or, with
    ``about`` (a matter), by that matter; ``unit`` also routes them to its webhooks."""
    people = [u for u in recipients if u is not None and (skip is None or u.pk != skip.pk)]
    if about is not None:
        group, label = f"matter:{about.pk}", about.title
    elif unit is not None:
        group, label = f"unit:{unit.pk}", unit.name
    else:
        group, label = "", ""
    if people:
        transaction.on_commit(
            lambda: notify(
                recipients=people,
                text=text,
                url=url,
                kind=kind,
                group=group,
                group_label=label,
                unit=unit,
            )
        )
    return people


def matter_url(matter_id: int) -> str:
    return reverse("matters:matter_detail", args=[matter_id])
