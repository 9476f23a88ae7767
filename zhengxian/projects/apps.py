from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "zhengxian.projects"
    label = "projects"
    verbose_name = _("Key projects")

    def ready(self) -> None:
        from zhengxian.audit.registry import audited
        from zhengxian.core.navigation import NavItem, register
        from zhengxian.orgs.roles import Perm

        from . import evidence  # noqa: F401 - registers the evidence describers
        from . import models

        derived = frozenset({"status", "status_detail", "status_since"})
        audited(models.Project, exclude=derived | {"completed_investment", "progress", "progress_on"})
        audited(models.ProjectTag, models.Quantity, models.Milestone, models.ProgressReport,
                unit_of=lambda row: row.project.unit)
        audited(models.ProgressPhoto, unit_of=lambda photo: photo.report.project.unit)
        audited(models.SpecialAction, models.StatusChange)
        audited(models.ActionTask, exclude=derived)

        register(NavItem(_("Key projects"), "projects:project_list", "kanban", Perm.VIEW_ORG))
        register(NavItem(_("Battle chart"), "projects:battle_chart", "calendar3-range", Perm.VIEW_ORG))
        register(NavItem(_("Special actions"), "projects:action_list", "flag", Perm.VIEW_ORG))
