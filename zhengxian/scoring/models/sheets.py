"""Computed results of a period, and their publication as a hash-chained snapshot.

A score sheet is one computation of one period (a version). Its unit rows keep the whole
explanation as canonical JSON, so a score card reads one row. A published sheet never
changes: a correction is a new version with a reason, chained to the previous publication.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from zhengxian.campaigns.models import Period
from zhengxian.orgs.models import Unit


class SheetStatus(models.TextChoices):
    PREVIEW = "preview", _("In preview")
    PUBLISHED = "published", _("Published")
    SUPERSEDED = "superseded", _("Superseded")


class ScoreSheet(models.Model):
    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="sheets")
    version = models.PositiveIntegerField(_("version"))
    status = models.CharField(
        _("status"), max_length=10, choices=SheetStatus.choices, default=SheetStatus.PREVIEW
    )
    computed_at = models.DateTimeField(_("computed at"))
    computed_by = models.CharField(_("computed by"), max_length=150)
    reason = models.TextField(_("reason"), blank=True)  # why this version exists (a correction)
    preview_until = models.DateField(_("preview until"), null=True, blank=True)
    # Share of the points that came from records rather than manual entry (减负), 0..1.
    record_share = models.DecimalField(max_digits=5, decimal_places=4, null=True)
    # A correction: the records dated in the period that changed since its publication
    # (services/frozen.py), and whether the office included them or kept the published values.
    changed_records = models.JSONField(default=list, blank=True)
    includes_changed_records = models.BooleanField(
        _("includes records changed since publication"), default=False
    )
    # {group code: {dimension or leaf code: the group's mean points, "12.34"}}, written with
    # the rows so that a score card need not read every unit's row to draw its radar.
    group_means = models.JSONField(default=dict, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.CharField(_("published by"), max_length=150, blank=True)
    digest = models.CharField(max_length=64, blank=True)  # over the canonical JSON, chained
    prev_digest = models.CharField(max_length=64, blank=True)
    publication_seq = models.PositiveIntegerField(null=True, blank=True, unique=True)

    class Meta:
        verbose_name = _("score sheet")
        verbose_name_plural = _("score sheets")
        ordering = ["period", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["period", "version"], name="scoring_sheet_version")
        ]

    def __str__(self) -> str:
        return f"{self.period} v{self.version}"

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class UnitScore(models.Model):
    sheet = models.ForeignKey(ScoreSheet, on_delete=models.PROTECT, related_name="unit_scores")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="scores")
    group_code = models.CharField(max_length=32)
    total = models.DecimalField(max_digits=9, decimal_places=2)
    rank = models.PositiveIntegerField()
    group_size = models.PositiveIntegerField()
    leaf_sum = models.DecimalField(max_digits=9, decimal_places=2)
    bonus = models.DecimalField(max_digits=7, decimal_places=2)
    penalty = models.DecimalField(max_digits=7, decimal_places=2)
    # {"dimensions": {code: subtotal}, "leaves": {code: {points, raw, numerator, ...}}}
    detail = models.JSONField()
    row_digest = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("unit score")
        verbose_name_plural = _("unit scores")
        ordering = ["sheet_id", "group_code", "rank", "unit_id"]
        constraints = [models.UniqueConstraint(fields=["sheet", "unit"], name="scoring_unit_score")]
        indexes = [
            models.Index(fields=["unit", "sheet"], name="scoring_unit_sheet"),
            # A ranking page reads a group in rank order and stops after its page.
            models.Index(fields=["sheet", "group_code", "rank"], name="scoring_unit_rank"),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id}: {self.total}"
