"""The history of colours: one row each time a project's or a task's derived status changes.

"What turned yellow or red this week" and the escalation ladder read these rows.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from zhengxian.orgs.models import Unit

from .actions import ActionTask
from .projects import Project, Status


class StatusChange(models.Model):
    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, null=True, blank=True, related_name="status_changes"
    )
    task = models.ForeignKey(
        ActionTask, on_delete=models.CASCADE, null=True, blank=True, related_name="status_changes"
    )
    # The unit the item counted for when it changed (the project's responsible unit).
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="status_changes"
    )
    old_status = models.CharField(_("from"), max_length=8, choices=Status.choices, blank=True)
    new_status = models.CharField(_("to"), max_length=8, choices=Status.choices)
    detail = models.JSONField(default=list, blank=True)
    day = models.DateField(_("day"))
    month = models.PositiveIntegerField()
    changed_at = models.DateTimeField(_("changed at"))

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["-day", "-id"]
        indexes = [
            models.Index(fields=["day", "new_status"], name="projects_change_day"),
            models.Index(fields=["unit", "month", "new_status"], name="projects_change_unit"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(project__isnull=False, task__isnull=True)
                    | models.Q(project__isnull=True, task__isnull=False)
                ),
                name="projects_change_one_subject",
            )
        ]

    def __str__(self) -> str:
        return f"{self.subject()} {self.old_status}→{self.new_status} {self.day}"

    def subject(self) -> str:
        return str(self.project or self.task)
