from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zhengxian.campaigns.models import IndicatorNode, Period
from zhengxian.orgs.models import Unit

from .sheets import ScoreSheet


class AppealStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")


class Appeal(models.Model):
    """A unit disputes one leaf score of a sheet in preview (or, later, a published one)."""

    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="appeals")
    sheet = models.ForeignKey(ScoreSheet, on_delete=models.PROTECT, related_name="appeals")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="appeals")
    leaf = models.ForeignKey(IndicatorNode, on_delete=models.PROTECT, related_name="appeals")
    text = models.TextField(_("grounds"))
    status = models.CharField(
        _("status"), max_length=10, choices=AppealStatus.choices, default=AppealStatus.OPEN
    )
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    filed_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField(_("decision reason"), blank=True)

    class Meta:
        verbose_name = _("appeal")
        verbose_name_plural = _("appeals")
        ordering = ["-filed_at"]
        indexes = [models.Index(fields=["period", "status"], name="scoring_appeal_period")]

    def __str__(self) -> str:
        return f"{self.unit} · {self.leaf.code} ({self.get_status_display()})"


class AppealAttachment(models.Model):
    appeal = models.ForeignKey(Appeal, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to="appeals/%Y/%m/")
    name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()

    class Meta:
        verbose_name = _("appeal attachment")
        verbose_name_plural = _("appeal attachments")

    def __str__(self) -> str:
        return self.name
