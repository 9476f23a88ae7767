"""A campaign as data: competition groups, periods and the indicator tree."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from zhengxian.orgs.models import Unit


class PeriodLength(models.TextChoices):
    MONTH = "month", _("Month")
    QUARTER = "quarter", _("Quarter")


class CampaignStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ACTIVE = "active", pgettext_lazy("campaign status", "Active")
    CLOSED = "closed", pgettext_lazy("campaign status", "Closed")


class PublicationMode(models.TextChoices):
    """What a published period shows and circulates (product.md, "Publication modes"): the
    computation and its evidence are the same in every mode."""

    FULL = "full", _("Full ranking with points")
    TIERS = "tiers", _("Tiers only")
    LISTS = "lists", _("Red and black lists only")


DEFAULT_LIST_SIZE = 3


def month_key(day: dt.date) -> int:
    """The period key stored on every record: 202603 for any day of March 2026."""
    return day.year * 100 + day.month


class Campaign(models.Model):
    code = models.SlugField(_("code"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=200)
    year = models.PositiveSmallIntegerField(_("year"))
    start = models.DateField(_("start date"))
    end = models.DateField(_("end date"))
    period_length = models.CharField(_("period length"), max_length=8, choices=PeriodLength.choices)
    preview_days = models.PositiveSmallIntegerField(_("preview days"), default=5)
    bonus_cap = models.DecimalField(
        _("bonus cap"), max_digits=7, decimal_places=2, default=Decimal(0)
    )
    penalty_cap = models.DecimalField(
        _("penalty cap"), max_digits=7, decimal_places=2, default=Decimal(0)
    )
    status = models.CharField(
        _("status"), max_length=8, choices=CampaignStatus.choices, default=CampaignStatus.DRAFT
    )
    publication_mode = models.CharField(
        _("publication mode"),
        max_length=8,
        choices=PublicationMode.choices,
        default=PublicationMode.FULL,
    )
    # Best first: [{"name": "好", "min": "90.00"}, …, {"name": "较差"}]; a unit's tier is the
    # first whose cut-off (points of the total) it reaches; the last has no cut-off.
    tiers = models.JSONField(_("tiers"), default=list, blank=True)
    # How many units of each group the red list (the best) and the black list (the last) name.
    list_size = models.PositiveSmallIntegerField(
        _("red and black list size"), default=DEFAULT_LIST_SIZE
    )
    owner_unit = models.ForeignKey(
        Unit, verbose_name=_("organising unit"), on_delete=models.PROTECT, related_name="campaigns"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-year", "code"]

    def __str__(self) -> str:
        return self.name


class CompetitionGroup(models.Model):
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="groups")
    code = models.SlugField(_("code"), max_length=32)
    name = models.CharField(_("name"), max_length=100)
    order = models.PositiveSmallIntegerField(default=0)
    # The selector from the campaign file, kept so that the file can be written back.
    unit_kinds = models.JSONField(default=list, blank=True)
    unit_codes = models.JSONField(default=list, blank=True)

    class Meta:
        verbose_name = _("competition group")
        verbose_name_plural = _("competition groups")
        ordering = ["campaign", "order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "code"], name="campaigns_group_code")
        ]

    def __str__(self) -> str:
        return self.name


class GroupMembership(models.Model):
    """A unit competes in one group of a campaign."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="memberships")
    group = models.ForeignKey(
        CompetitionGroup, on_delete=models.CASCADE, related_name="memberships"
    )
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="memberships")

    class Meta:
        verbose_name = _("group member")
        verbose_name_plural = _("group members")
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "unit"], name="campaigns_one_group_per_unit"
            )
        ]

    def __str__(self) -> str:
        return f"{self.group} · {self.unit}"


class IndicatorNode(models.Model):
    """A dimension (has children) or a leaf (has a source and a method); weight in points."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="nodes")
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children"
    )
    code = models.SlugField(_("code"), max_length=64)
    name = models.CharField(_("name"), max_length=200)
    weight = models.DecimalField(
        _("weight"), max_digits=7, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_leaf = models.BooleanField(default=False)
    source = models.CharField(_("source"), max_length=64, blank=True)
    source_params = models.JSONField(_("source parameters"), default=dict, blank=True)
    method = models.CharField(_("method"), max_length=16, blank=True)
    method_params = models.JSONField(_("method parameters"), default=dict, blank=True)
    lower_is_better = models.BooleanField(_("lower is better"), default=False)
    when_empty = models.CharField(_("when there is no data"), max_length=16, default="full")

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["campaign", "parent_id", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "code"], name="campaigns_node_code")
        ]

    def __str__(self) -> str:
        return self.name


class PeriodStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("period status", "Open")
    PREVIEW = "preview", _("In preview")
    PUBLISHED = "published", _("Published")


class Period(models.Model):
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="periods")
    index = models.PositiveSmallIntegerField(_("number"))
    key = models.CharField(pgettext_lazy("period", "key"), max_length=16)  # "2026-03" or "2026-Q1"
    label = models.CharField(_("name"), max_length=50)
    start = models.DateField(_("start date"))
    end = models.DateField(_("end date"))
    first_month = models.PositiveIntegerField()  # month keys (yyyymm) the period covers
    last_month = models.PositiveIntegerField()
    status = models.CharField(
        _("status"), max_length=10, choices=PeriodStatus.choices, default=PeriodStatus.OPEN
    )

    class Meta:
        verbose_name = _("period")
        verbose_name_plural = _("periods")
        ordering = ["campaign", "index"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "index"], name="campaigns_period_index"),
            models.UniqueConstraint(fields=["campaign", "key"], name="campaigns_period_key"),
        ]

    def __str__(self) -> str:
        return self.label
