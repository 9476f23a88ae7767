"""Writes to the organisation: units, people, roles. Each function is one transaction.

Every function takes the ``actor`` (a user, or a system actor for commands and the demo) and
checks it itself, so that pages, imports, commands and the API get the same answer. Role
grants follow the table in `grants.py`; accounts are managed only by someone whose scope
covers every role the account holds.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Concat, Substr
from django.utils.translation import gettext as _

from zhengxian.accounts.services import user_set_temporary_password
from zhengxian.audit.models import Action, Outcome
from zhengxian.audit.services import record_event
from zhengxian.core.errors import NotAllowed

from .grants import require_grant, require_manage_account
from .models import Person, RoleAssignment, Unit
from .roles import Perm
from .scope import scope_for

User = get_user_model()


def _require_over(actor: Any, perm: Perm, unit: Unit | None, message: str) -> None:
    """``perm`` over ``unit``; a top-level unit (None) belongs to superusers alone."""
    scope = scope_for(actor)
    if not (scope.is_superuser if unit is None else scope.can(perm, unit)):
        raise NotAllowed(message)


def _require_manage_units(actor: Any, unit: Unit | None) -> None:
    name = unit.name if unit is not None else _("the top level")
    _require_over(
        actor,
        Perm.MANAGE_UNITS,
        unit,
        _("You may not manage the units of %(unit)s.") % {"unit": name},
    )


def _require_manage_people(actor: Any, unit: Unit) -> None:
    _require_over(
        actor,
        Perm.MANAGE_PEOPLE,
        unit,
        _("You may not manage the people of %(unit)s.") % {"unit": unit.name},
    )


def _check_grant(actor: Any, *, kind: str, person: Person, role: str, unit: Unit) -> None:
    """Refuses (and audits the refusal of) a grant or revocation ``actor`` may not make."""
    try:
        if not scope_for(actor).can(Perm.MANAGE_PEOPLE, person.unit):
            raise NotAllowed(_("You may not manage the roles of %(name)s.") % {"name": person.name})
        require_grant(actor, person, role, unit)
    except NotAllowed as refusal:
        # Written before the caller's transaction rolls back, when there is none around it.
        _record_role_event(actor, kind, Outcome.REFUSED, person, role, unit, str(refusal))
        raise


def _record_role_event(
    actor: Any, kind: str, outcome: str, person: Person, role: str, unit: Unit, reason: str = ""
) -> None:
    details = {"role": role, "unit": unit.code, "unit_name": unit.name}
    if reason:
        details["reason"] = reason
    record_event(
        kind=kind,
        outcome=outcome,
        actor=actor,
        obj=person,
        unit_path=unit.path,
        details=details,
    )


def _path_for(unit: Unit, parent: Unit | None) -> str:
    return f"{parent.path if parent else '/'}{unit.pk}/"


@transaction.atomic
def unit_create(
    *,
    actor: Any,
    code: str,
    name: str,
    kind: str,
    parent: Unit | None,
    sort_order: int = 0,
    is_demo: bool = False,
) -> Unit:
    _require_manage_units(actor, parent)
    unit = Unit(
        code=code, name=name, kind=kind, parent=parent, sort_order=sort_order, is_demo=is_demo
    )
    unit.full_clean(exclude=["path", "depth"])
    unit.save()
    unit.path = _path_for(unit, parent)
    unit.depth = parent.depth + 1 if parent else 0
    Unit.objects.filter(pk=unit.pk).update(path=unit.path, depth=unit.depth)
    return unit


@transaction.atomic
def unit_update(*, actor: Any, unit: Unit, **fields: Any) -> Unit:
    """Updates fields; a new ``parent`` moves the unit with its whole subtree."""
    _require_manage_units(actor, unit)
    new_parent = fields.pop("parent", unit.parent)
    if (new_parent.pk if new_parent else None) != unit.parent_id:
        _require_manage_units(actor, new_parent)
    for name, value in fields.items():
        setattr(unit, name, value)
    moving = (new_parent.pk if new_parent else None) != unit.parent_id
    if moving and new_parent is not None and new_parent.path.startswith(unit.path):
        raise ValidationError(
            {"parent": _("A unit cannot be moved under itself or its own sub-units.")}
        )
    unit.parent = new_parent
    unit.full_clean(exclude=["path", "depth"])
    unit.save()
    if moving:
        old_path, new_path = unit.path, _path_for(unit, new_parent)
        delta = (new_parent.depth + 1 if new_parent else 0) - unit.depth
        Unit.objects.filter(path__startswith=old_path).update(
            path=Concat(Value(new_path), Substr("path", len(old_path) + 1)),
            depth=F("depth") + delta,
        )
        unit.refresh_from_db(fields=["path", "depth"])
    return unit


def person_create(
    *,
    actor: Any,
    name: str,
    unit: Unit,
    username: str | None = None,
    position: str = "",
    phone: str = "",
    roles: list[tuple[str, Unit]] | None = None,
    password: str | None = None,
    is_demo: bool = False,
) -> tuple[Person, str | None]:
    """Creates a person, and their account when ``username`` is given.

    Returns the person and, for a new account without a chosen ``password``, a one-time
    password the user must change at first login. Every role in ``roles`` must be one
    ``actor`` may grant; one that is not refuses the whole person.
    """
    _require_manage_people(actor, unit)
    # Checked before the transaction opens, so that a refusal stays on record.
    newcomer = Person(name=name, unit=unit)
    for role, scope_unit in roles or []:
        _check_grant(actor, kind=Action.GRANT, person=newcomer, role=role, unit=scope_unit)
    with transaction.atomic():
        user = None
        temporary = None
        if username:
            if User.objects.filter(username__iexact=username).exists():
                raise ValidationError(
                    {"username": _("The account name %(name)s is taken.") % {"name": username}}
                )
            user = User(username=username)
            user.full_clean(exclude=["password"])
            if password:
                user.set_password(password)
                user.save()
            else:
                user.save()
                temporary = user_set_temporary_password(user=user)
        person = Person(
            name=name, unit=unit, position=position, phone=phone, user=user, is_demo=is_demo
        )
        person.full_clean()
        person.save()
        for role, scope_unit in roles or []:
            role_assign(actor=actor, person=person, role=role, unit=scope_unit)
    return person, temporary


@transaction.atomic
def person_update(*, actor: Any, person: Person, **fields: Any) -> Person:
    """Edits a person, (de)activating their account with them."""
    require_manage_account(actor, person)
    new_unit = fields.get("unit")
    if new_unit is not None and new_unit.pk != person.unit_id:
        _require_manage_people(actor, new_unit)
    for name, value in fields.items():
        setattr(person, name, value)
    person.full_clean()
    person.save()
    if person.user is not None and person.user.is_active != person.is_active:
        person.user.is_active = person.is_active
        person.user.save(update_fields=["is_active"])
    return person


def role_assign(*, actor: Any, person: Person, role: str, unit: Unit) -> RoleAssignment:
    """Grants ``role`` over ``unit``, if the grants table lets ``actor`` grant it there."""
    _check_grant(actor, kind=Action.GRANT, person=person, role=role, unit=unit)
    with transaction.atomic():
        assignment, created = RoleAssignment.objects.get_or_create(
            person=person, role=role, unit=unit
        )
        if created:
            _record_role_event(actor, Action.GRANT, Outcome.SUCCESS, person, role, unit)
    return assignment


def role_remove(*, actor: Any, assignment: RoleAssignment) -> None:
    """Revokes a role; only someone who could grant it may."""
    person, role, unit = assignment.person, assignment.role, assignment.unit
    _check_grant(actor, kind=Action.REVOKE, person=person, role=role, unit=unit)
    with transaction.atomic():
        assignment.delete()
        _record_role_event(actor, Action.REVOKE, Outcome.SUCCESS, person, role, unit)


@transaction.atomic
def person_reset_password(*, actor: Any, person: Person) -> str:
    require_manage_account(actor, person)
    if person.user is None:
        raise ValidationError(_("This person has no account."))
    return user_set_temporary_password(user=person.user)
