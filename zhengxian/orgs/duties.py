"""Separation of duties: nobody acts on their own unit's score.

A user's own units are the unit their person record sits in and every unit where they hold a
member role (unit leader, cadre). A scored unit is "own" when the user belongs to it or to any
unit beneath it: the 湘湖 grid worker may not assess 湘湖社区, and the 作风办 clerk sitting in
党政办 may not assess 党政办. System actors (commands) belong nowhere.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from zhengxian.core.errors import NotAllowed

from .paths import Placed
from .roles import Role

if TYPE_CHECKING:
    from .models import Unit

MEMBER_ROLES = frozenset({Role.UNIT_LEADER, Role.CADRE})


class OwnUnitConflict(NotAllowed):
    """The action would let a user act on their own unit's score."""


def own_unit_paths(user: Any) -> list[str]:
    """The paths of the units ``user`` belongs to (cached on the user object)."""
    cached = getattr(user, "_zhengxian_own_paths", None)
    if cached is not None:
        return cached
    paths: list[str] = []
    if getattr(user, "is_authenticated", False) and not getattr(user, "is_system", False):
        from .models import Person, RoleAssignment

        person_paths = Person.objects.filter(user=user).values_list("unit__path", flat=True)
        role_paths = RoleAssignment.objects.filter(
            person__user=user, role__in=MEMBER_ROLES
        ).values_list("unit__path", flat=True)
        paths = sorted({*person_paths, *role_paths})
    if not getattr(user, "is_system", False):
        user._zhengxian_own_paths = paths
    return paths


def is_own_unit(user: Any, unit: Placed) -> bool:
    return any(path.startswith(unit.path) for path in own_unit_paths(user))


def require_not_own_unit(user: Any, unit: Unit) -> None:
    if is_own_unit(user, unit):
        raise OwnUnitConflict(
            _("You belong to %(unit)s: someone outside it must do this.") % {"unit": unit.name}
        )


def require_second_person(requester: Any, approver: Any) -> None:
    """A bonus or penalty item needs two people: the one who asks never approves."""
    requester_id = getattr(requester, "pk", requester)
    if requester_id is not None and requester_id == getattr(approver, "pk", None):
        raise NotAllowed(_("You asked for this item: another person must approve it."))
