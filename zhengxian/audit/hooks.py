"""What audit brings to the others (see `zhengxian.core.hooks`)."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from zhengxian.core import hooks

from .registry import audited


@hooks.register("audit")
def audited_models() -> None:
    audited(get_user_model(), unit_of=_unit_of_user)


def _unit_of_user(user: object) -> object:
    person = getattr(user, "person", None) if getattr(user, "pk", None) else None
    return getattr(person, "unit", None)
