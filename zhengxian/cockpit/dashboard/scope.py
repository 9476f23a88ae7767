"""Who may open the cockpit, and which unit it covers for them."""

from __future__ import annotations

from typing import Any

from zhengxian.orgs.models import Unit
from zhengxian.orgs.roles import Perm
from zhengxian.orgs.scope import require, scope_for


def may_open_cockpit(user: Any) -> bool:
    return scope_for(user).has(Perm.VIEW_COCKPIT)


def cockpit_unit_for(user: Any) -> Unit | None:
    """The widest unit the user watches from the cockpit (raises NotAllowed without the
    permission); None for a superuser without grants (they see everything)."""
    require(user, Perm.VIEW_COCKPIT)
    scope = scope_for(user)
    paths = scope.paths(Perm.VIEW_COCKPIT)
    if not paths:
        return None
    return Unit.objects.filter(path=paths[0]).first()
