"""Inputs entered by people: manual assessments, bonus and penalty items, appeal overrides."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from zhengxian.campaigns.models import IndicatorNode, Period
from zhengxian.orgs.models import Unit


class ManualAssessment(models.Model):
    """Points an evaluator gives a unit on a `manual` leaf, with a required comment."""

    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="manual_assessments")
    leaf = models.ForeignKey(
        IndicatorNode, on_delete=models.PROTECT, related_name="manual_assessments"
    )
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="manual_assessments")
    points = models.DecimalField(
        _("points"), max_digits=7, decimal_places=2, validators=[MinValueValidator(0)]
    )
    comment = models.TextField(_("comment"))
    attachment = models.FileField(_("attachment"), upload_to="assessments/%Y/%m/", blank=True)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("manual assessment")
        verbose_name_plural = _("manual assessments")
        constraints = [
            models.UniqueConstraint(fields=["period", "leaf", "unit"], name="scoring_manual_once")
        ]

    def __str__(self) -> str:
        return f"{self.leaf.code} · {self.unit} · {self.points}"


class AdjustmentKind(models.TextChoices):
    BONUS = "bonus", _("Bonus (加分)")
    PENALTY = "penalty", _("Penalty (扣分)")


class AdjustmentStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class Adjustment(models.Model):
    """A bonus or penalty item; it counts only once the campaign office approves it."""

    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="adjustments")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="adjustments")
    kind = models.CharField(_("kind"), max_length=8, choices=AdjustmentKind.choices)
    points = models.DecimalField(
        _("points"), max_digits=7, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
    reason = models.TextField(_("reason"))
    evidence = models.FileField(_("evidence"), upload_to="adjustments/%Y/%m/", blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=AdjustmentStatus.choices,
        default=AdjustmentStatus.PENDING,
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(_("decision note"), blank=True)

    class Meta:
        verbose_name = _("bonus or penalty item")
        verbose_name_plural = _("bonus and penalty items")
        indexes = [
            models.Index(fields=["period", "status", "unit"], name="scoring_adjustment_period")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.points} · {self.unit}"


class LeafOverride(models.Model):
    """Points that replace a computed leaf score for one unit, from an accepted appeal."""

    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="overrides")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="overrides")
    leaf = models.ForeignKey(IndicatorNode, on_delete=models.PROTECT, related_name="overrides")
    points = models.DecimalField(
        _("points"), max_digits=7, decimal_places=2, validators=[MinValueValidator(0)]
    )
    reason = models.TextField(_("reason"))
    appeal = models.OneToOneField(
        "scoring.Appeal", on_delete=models.PROTECT, null=True, blank=True, related_name="override"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("corrected leaf score")
        verbose_name_plural = _("corrected leaf scores")
        constraints = [
            models.UniqueConstraint(fields=["period", "unit", "leaf"], name="scoring_override_once")
        ]

    def __str__(self) -> str:
        return f"{self.leaf.code} · {self.unit} → {self.points}"
