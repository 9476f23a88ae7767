from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "zhengxian.projects"
    label = "projects"
    verbose_name = _("Key projects")

    def ready(self) -> None:
        from .kept import connect_version

        connect_version()
