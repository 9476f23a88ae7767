from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgsConfig(AppConfig):
    name = "zhengxian.orgs"
    label = "orgs"
    verbose_name = _("Organisation")

    def ready(self) -> None:
        from zhengxian.audit.registry import audited

        from .models import Person, RoleAssignment, Unit

        audited(Unit, exclude=frozenset({"path", "depth"}))
        audited(Person, RoleAssignment)
