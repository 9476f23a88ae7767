from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "zhengxian.audit"
    label = "audit"
    verbose_name = _("Audit log")

    def ready(self) -> None:
        from django.contrib.auth import get_user_model

        from .registry import audited

        audited(get_user_model(), unit_of=_unit_of_user)


def _unit_of_user(user: object) -> object:
    person = getattr(user, "person", None) if getattr(user, "pk", None) else None
    return getattr(person, "unit", None)
