"""Scores given by people rather than records: a judging panel, and rater panels of residents."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from zhengxian.campaigns.models import Campaign, Period
from zhengxian.orgs.models import Person, Unit


class PanelScore(models.Model):
    """擂台比武: a judge scores a unit; the source drops the highest and lowest and averages."""

    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="panel_scores")
    panel = models.SlugField(_("panel"), max_length=64)  # the leaf's source_params.panel
    judge = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="panel_scores")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="panel_scores")
    score = models.DecimalField(
        _("score"),
        max_digits=6,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("panel score")
        verbose_name_plural = _("panel scores")
        constraints = [
            models.UniqueConstraint(
                fields=["period", "panel", "judge", "unit"], name="scoring_panel_once"
            )
        ]
        # The unit last: a source adds a panel's scores up per unit in the index's order.
        indexes = [
            models.Index(fields=["period", "panel", "unit"], name="scoring_panel_period_unit")
        ]

    def __str__(self) -> str:
        return f"{self.judge} → {self.unit}: {self.score}"


class RaterPanel(models.Model):
    """居民考官团 / 两代表一委员: a named panel of outside raters of a campaign."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="rater_panels")
    code = models.SlugField(_("code"), max_length=64)
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        verbose_name = _("rater panel")
        verbose_name_plural = _("rater panels")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "code"], name="scoring_rater_panel_code")
        ]

    def __str__(self) -> str:
        return self.name


class Rater(models.Model):
    """One resident or deputy, reached through a personal link (token) that can be revoked."""

    panel = models.ForeignKey(RaterPanel, on_delete=models.CASCADE, related_name="raters")
    name = models.CharField(_("name"), max_length=50)
    note = models.CharField(_("note"), max_length=100, blank=True)  # e.g. 人大代表, 居民
    token = models.CharField(max_length=43, unique=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("rater")
        verbose_name_plural = _("raters")

    def __str__(self) -> str:
        return self.name


class Rating(models.Model):
    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="ratings")
    panel = models.ForeignKey(RaterPanel, on_delete=models.PROTECT, related_name="ratings")
    rater = models.ForeignKey(Rater, on_delete=models.PROTECT, related_name="ratings")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="ratings")
    score = models.PositiveSmallIntegerField(
        _("score"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comment = models.CharField(_("comment"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        constraints = [
            models.UniqueConstraint(fields=["period", "rater", "unit"], name="scoring_rating_once")
        ]
        # The unit last: a source adds a panel's ratings up per unit in the index's order.
        indexes = [
            models.Index(fields=["period", "panel", "unit"], name="scoring_rating_period_unit")
        ]

    def __str__(self) -> str:
        return f"{self.rater} → {self.unit}: {self.score}"
