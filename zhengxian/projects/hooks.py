"""What projects brings to the others (see `zhengxian.core.hooks`)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext_lazy as _

from zhengxian.audit.registry import audited
from zhengxian.core import hooks
from zhengxian.core.demo import DemoBuilder
from zhengxian.core.navigation import NavItem, NavSection
from zhengxian.core.reminders import Reminder
from zhengxian.orgs.roles import Perm

from . import evidence, indicator_sources, models

for item in (
    NavItem(_("Key projects"), "projects:project_list", "kanban", Perm.VIEW_ORG),
    NavItem(_("Battle chart"), "projects:battle_chart", "calendar3-range", Perm.VIEW_ORG),
    NavItem(_("Special actions"), "projects:action_list", "flag", Perm.VIEW_ORG),
):
    hooks.register("navigation", item)
hooks.register(
    "navigation_sections",
    NavSection("projects", _("Projects"), "kanban", ("projects",)),
    order=40,
)
hooks.register("demo_builders", DemoBuilder("zhengxian.projects.demo"), order=30)
hooks.register(
    "scheduled_tasks",
    (
        "refresh_project_status",
        "zhengxian.projects.services.status.refresh_all",
        _("Re-derive every key project's colour (time alone turns a milestone overdue)"),
    ),
)


@hooks.register("audit")
def audited_models() -> None:
    derived = frozenset({"status", "status_detail", "status_since"})
    audited(models.Project, exclude=derived | {"completed_investment", "progress", "progress_on"})

    def of_project(row: Any) -> Any:
        return row.project.unit

    audited(models.ProjectTag, models.Quantity, unit_of=of_project)
    audited(models.Milestone, unit_of=of_project, exclude=frozenset({"due_month", "done_month"}))
    audited(models.MilestoneDateRequest, unit_of=lambda row: row.milestone.project.unit)
    audited(models.ProgressReport, unit_of=of_project, exclude=frozenset({"month"}))
    audited(models.ProgressPhoto, unit_of=lambda photo: photo.report.project.unit)
    audited(models.SpecialAction, models.StatusChange)
    audited(models.ActionTask, exclude=derived | {"due_month", "done_month"})


# The indicator sources it brings, and the describers of the records their evidence names.
for source in (
    indicator_sources.MilestonesOnTimeSource,
    indicator_sources.InvestmentCompletionSource,
    indicator_sources.ProjectProgressSource,
    indicator_sources.SpecialActionCompletionSource,
):
    hooks.register("indicator_sources", source)
for describer in (
    ("projects.project", evidence.describe_projects),
    ("projects.milestone", evidence.describe_milestones),
    ("projects.progressreport", evidence.describe_reports),
    ("projects.actiontask", evidence.describe_tasks),
):
    hooks.register("evidence_describers", describer)


@hooks.register("reminders")
def milestone_reminders(*, today: dt.date, days: int) -> list[Reminder]:
    """Due-soon and overdue reminders (`zhengxian.core.reminders`); the finder is imported
    when reminders are sent, not at start-up."""
    from .reminders import milestone_reminders as find

    return find(today=today, days=days)
