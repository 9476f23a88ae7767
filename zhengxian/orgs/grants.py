"""Who may grant which roles, as data, and who may manage whose account.

A role is granted over a unit (its scope). The table says, for each role a granter holds,
which roles it may hand out; the scope granted must lie inside the granter's own scope for
that role. Nobody grants a role to themselves, and nobody revokes a role they could not grant.
A user manages an account (password reset, deactivation, edits) only where they could grant
every role that account holds: a community leader cannot take over the 作风办 account that
happens to sit in their unit.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from zhengxian.core.errors import NotAllowed

from .roles import Role
from .scope import scope_for

if TYPE_CHECKING:
    from .models import Person, Unit

# granter's role -> roles it may grant inside its own scope.
GRANTABLE_BY: dict[str, frozenset[str]] = {
    Role.OFFICE: frozenset(
        {
            Role.OFFICE,
            Role.EVALUATOR,
            Role.LEADERSHIP,
            Role.SUPERVISOR,
            Role.PROJECT_LEAD,
            Role.UNIT_LEADER,
            Role.CADRE,
            Role.VIEWER,
        }
    ),
    Role.UNIT_LEADER: frozenset({Role.CADRE, Role.VIEWER}),
}


def _is_self(actor: Any, person: Person) -> bool:
    return person.user_id is not None and person.user_id == getattr(actor, "pk", None)


def can_grant(actor: Any, role: str, unit: Unit) -> bool:
    """True when ``actor`` may grant (or revoke) ``role`` over ``unit``."""
    scope = scope_for(actor)
    if scope.is_superuser:
        return True
    return any(
        role in GRANTABLE_BY.get(grant.role, frozenset()) and unit.path.startswith(grant.unit_path)
        for grant in scope.grants
    )


def require_grant(actor: Any, person: Person, role: str, unit: Unit) -> None:
    if _is_self(actor, person):
        raise NotAllowed(_("Nobody may grant or revoke their own roles."))
    if not can_grant(actor, role, unit):
        raise NotAllowed(
            _("You may not grant the role %(role)s over %(unit)s.")
            % {"role": Role(role).label, "unit": unit.name}
        )


def can_manage_account(actor: Any, person: Person) -> bool:
    """True when ``actor`` may edit, deactivate or reset the password of ``person``.

    Their scope must cover the person's unit for managing people, and every role the person
    holds must be one ``actor`` could grant.
    """
    from .roles import Perm

    scope = scope_for(actor)
    if _is_self(actor, person) and not scope.is_superuser:
        return False
    if not scope.can(Perm.MANAGE_PEOPLE, person.unit):
        return False
    return all(
        can_grant(actor, assignment.role, assignment.unit)
        for assignment in person.roles.select_related("unit")
    )


def require_manage_account(actor: Any, person: Person) -> None:
    if not can_manage_account(actor, person):
        raise NotAllowed(
            _(
                "You may not manage this account: it holds roles outside what you may grant, "
                "or it is your own."
            )
        )


def roles_offered(actor: Any) -> list[str]:
    """Every role ``actor`` may grant somewhere, in the order of `Role` (for forms)."""
    scope = scope_for(actor)
    if scope.is_superuser:
        return list(Role.values)
    held = {role for grant in scope.grants for role in GRANTABLE_BY.get(grant.role, frozenset())}
    return [role for role in Role.values if role in held]
