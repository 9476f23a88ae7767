from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MattersConfig(AppConfig):
    name = "zhengxian.matters"
    label = "matters"
    verbose_name = _("Matters and visits")

    def ready(self) -> None:
        from .deadline_counts import connect_version

        connect_version()
