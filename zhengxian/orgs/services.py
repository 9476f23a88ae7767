"""Writes to the organisation: units, people, roles. Each function is one transaction."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Concat, Substr
from django.utils.translation import gettext as _

from zhengxian.accounts.services import user_set_temporary_password

from .models import Person, RoleAssignment, Unit

User = get_user_model()


def _path_for(unit: Unit, parent: Unit | None) -> str:
    return f"{parent.path if parent else '/'}{unit.pk}/"


@transaction.atomic
def unit_create(
    *,
    code: str,
    name: str,
    kind: str,
    parent: Unit | None,
    sort_order: int = 0,
    is_demo: bool = False,
) -> Unit:
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
def unit_update(*, unit: Unit, **fields: Any) -> Unit:
    """Updates fields; a new ``parent`` moves the unit with its whole subtree."""
    new_parent = fields.pop("parent", unit.parent)
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


@transaction.atomic
def person_create(
    *,
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
    password the user must change at first login.
    """
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
        role_assign(person=person, role=role, unit=scope_unit)
    return person, temporary


@transaction.atomic
def person_update(*, person: Person, **fields: Any) -> Person:
    for name, value in fields.items():
        setattr(person, name, value)
    person.full_clean()
    person.save()
    if person.user is not None and person.user.is_active != person.is_active:
        person.user.is_active = person.is_active
        person.user.save(update_fields=["is_active"])
    return person


@transaction.atomic
def role_assign(*, person: Person, role: str, unit: Unit) -> RoleAssignment:
    assignment, _created = RoleAssignment.objects.get_or_create(person=person, role=role, unit=unit)
    return assignment


@transaction.atomic
def role_remove(*, assignment: RoleAssignment) -> None:
    assignment.delete()


@transaction.atomic
def person_reset_password(*, person: Person) -> str:
    if person.user is None:
        raise ValidationError(_("This person has no account."))
    return user_set_temporary_password(user=person.user)
