"""The scope policy as core's pages see it, handed over by orgs through the hook
``scope_policy`` (core never imports orgs)."""

from __future__ import annotations

from typing import Any, Protocol, TypeVar

from django.db.models import Model, QuerySet

from . import hooks
from .errors import NotAllowed

M = TypeVar("M", bound=Model)


class ScopeLike(Protocol):
    def has(self, perm: Any) -> bool: ...

    def can(self, perm: Any, unit: Any) -> bool: ...

    def filter(self, queryset: QuerySet[M], perm: Any = ..., *, via: str = ...) -> QuerySet[M]: ...


class _NoScope:
    """What a user may do when no app hands over a policy: nothing."""

    def has(self, perm: Any) -> bool:
        return False

    def can(self, perm: Any, unit: Any) -> bool:
        return False

    def filter(self, queryset: QuerySet[M], perm: Any = None, *, via: str = "unit") -> QuerySet[M]:
        return queryset.none()


def scope_of(user: Any) -> ScopeLike:
    policies = hooks.get_hooks("scope_policy")
    return policies[0](user) if policies else _NoScope()


def require_perm(user: Any, perm: str, unit: Any = None) -> ScopeLike:
    """The user's scope, or 403 when they lack ``perm`` (over ``unit`` when given)."""
    scope = scope_of(user)
    allowed = scope.can(perm, unit) if unit is not None else scope.has(perm)
    if not allowed:
        raise NotAllowed
    return scope
