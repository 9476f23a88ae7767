"""Special actions (专项行动): named action lists whose tasks have owner units and deadlines."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from zhengxian.orgs.models import Unit, unit_code_validator

from .projects import Status


class SpecialAction(models.Model):
    """E.g. 六大作风建设专项行动 (work-style-six), 平安亚运十二大专项行动 (safe-asian-games).

    ``code`` is what a campaign file's `special_action_completion` leaf names.
    """

    code = models.CharField(_("code"), max_length=32, unique=True, validators=[unit_code_validator])
    name = models.CharField(_("name"), max_length=200)
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("organising unit"),
        on_delete=models.PROTECT,
        related_name="special_actions",
    )
    description = models.TextField(_("description"), blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("special action")
        verbose_name_plural = _("special actions")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class ActionTask(models.Model):
    """One task of a special action, owned by a unit, tracked like a milestone."""

    action = models.ForeignKey(SpecialAction, on_delete=models.CASCADE, related_name="tasks")
    name = models.CharField(_("task"), max_length=200)
    unit = models.ForeignKey(
        Unit, verbose_name=_("owner unit"), on_delete=models.PROTECT, related_name="action_tasks"
    )
    deadline = models.DateField(_("deadline"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    due_month = models.PositiveIntegerField(editable=False)
    done_month = models.PositiveIntegerField(null=True, blank=True, editable=False)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.GREEN, editable=False
    )
    status_detail = models.JSONField(default=list, blank=True, editable=False)
    status_since = models.DateField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("special-action task")
        verbose_name_plural = _("special-action tasks")
        ordering = ["action", "order", "deadline", "id"]
        constraints = [
            models.UniqueConstraint(fields=["action", "unit", "name"], name="projects_task_unique")
        ]
        indexes = [
            models.Index(fields=["action", "due_month"], name="projects_task_due"),
            models.Index(fields=["unit", "status"], name="projects_task_unit"),
        ]

    def __str__(self) -> str:
        return f"{self.name} · {self.unit}"

    def status_reason(self) -> str:
        from .. import status as rules

        return rules.summary_text(rules.reasons_from_json(self.status_detail))
