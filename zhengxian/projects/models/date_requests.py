"""A unit's request to move the planned date of its own overdue milestone.

The unit cannot move an overdue milestone of its own project by itself (that would turn a
red project green and its score with it): the change waits here until the project's lead
leader approves it (the dates change then) or rejects it (they stay).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .projects import Milestone


class RequestState(models.TextChoices):
    PENDING = "pending", _("Waiting for approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class MilestoneDateRequest(models.Model):
    milestone = models.ForeignKey(Milestone, on_delete=models.CASCADE, related_name="date_requests")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    old_planned_date = models.DateField(_("planned date now"))
    new_planned_date = models.DateField(_("planned date asked for"))
    reason = models.CharField(_("reason"), max_length=500)
    state = models.CharField(
        _("state"), max_length=16, choices=RequestState.choices, default=RequestState.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.CharField(_("note"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("milestone date change request")
        verbose_name_plural = _("milestone date change requests")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["milestone"],
                condition=models.Q(state="pending"),
                name="projects_one_pending_date_request",
            )
        ]

    def __str__(self) -> str:
        return f"{self.milestone} {self.old_planned_date} → {self.new_planned_date}"
