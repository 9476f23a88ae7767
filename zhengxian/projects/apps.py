from __future__ import annotations

from typing import Any

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

        from . import (
            evidence,  # noqa: F401 - registers the evidence describers
            models,
        )

        derived = frozenset({"status", "status_detail", "status_since"})
        audited(
            models.Project, exclude=derived | {"completed_investment", "progress", "progress_on"}
        )

        def of_project(row: Any) -> Any:
            return row.project.unit

        audited(models.ProjectTag, models.Quantity, unit_of=of_project)
        audited(
            models.Milestone, unit_of=of_project, exclude=frozenset({"due_month", "done_month"})
        )
        audited(models.MilestoneDateRequest, unit_of=lambda row: row.milestone.project.unit)
        audited(models.ProgressReport, unit_of=of_project, exclude=frozenset({"month"}))
        audited(models.ProgressPhoto, unit_of=lambda photo: photo.report.project.unit)
        audited(models.SpecialAction, models.StatusChange)
        audited(models.ActionTask, exclude=derived | {"due_month", "done_month"})

        register(NavItem(_("Key projects"), "projects:project_list", "kanban", Perm.VIEW_ORG))
        register(
            NavItem(_("Battle chart"), "projects:battle_chart", "calendar3-range", Perm.VIEW_ORG)
        )
        register(NavItem(_("Special actions"), "projects:action_list", "flag", Perm.VIEW_ORG))
