from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "zhengxian.audit"
    label = "audit"
    verbose_name = _("Audit log")

    def ready(self) -> None:
        from zhengxian.core import hooks

        # Each app says which of its models are audited, and how, under the hook "audit".
        for audited_models in hooks.get_hooks("audit"):
            audited_models()
