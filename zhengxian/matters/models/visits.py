"""Visits (走访): who went, when, to whom, what was discussed.

The problems raised become matters (``Matter.visit``). ``month`` is the stored month key
of ``visited_on`` that the `visits_count` source filters on; ``target_unit`` is the unit
whose area the target lies in (the community itself, or the community of the enterprise,
site or household), kept so that coverage is one indexed query.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zhengxian.orgs.models import Person, Unit

from .registers import Enterprise, Site


class TargetKind(models.TextChoices):
    COMMUNITY = "community", _("Community")
    ENTERPRISE = "enterprise", _("Enterprise")
    HOUSEHOLD = "household", _("Household")
    SITE = "site", _("Site")


class Visit(models.Model):
    unit = models.ForeignKey(
        Unit, verbose_name=_("visiting unit"), on_delete=models.PROTECT, related_name="visits"
    )
    visited_on = models.DateField(_("date"))
    month = models.PositiveIntegerField(editable=False)
    target_kind = models.CharField(_("visited"), max_length=16, choices=TargetKind.choices)
    target_unit = models.ForeignKey(
        Unit, verbose_name=_("community"), on_delete=models.PROTECT, related_name="visits_received"
    )
    enterprise = models.ForeignKey(
        Enterprise,
        verbose_name=_("enterprise"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="visits",
    )
    site = models.ForeignKey(
        Site,
        verbose_name=_("site"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="visits",
    )
    household = models.CharField(_("household"), max_length=100, blank=True)
    summary = models.TextField(_("what was discussed"), max_length=2000, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    is_demo = models.BooleanField(_("demo data"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        ordering = ["-visited_on", "-id"]
        indexes = [
            models.Index(fields=["month", "unit"], name="matters_visit_month"),
            models.Index(fields=["target_unit", "month"], name="matters_visit_target"),
            models.Index(fields=["enterprise", "month"], name="matters_visit_enterprise"),
            models.Index(fields=["unit", "visited_on"], name="matters_visit_day"),
            # The list's sort: the newest page is read off the index, not sorted from all.
            models.Index(fields=["visited_on", "id"], name="matters_visit_recent"),
        ]

    def __str__(self) -> str:
        return f"{self.visited_on} {self.target_label}"

    @property
    def target_label(self) -> str:
        if self.target_kind == TargetKind.ENTERPRISE and self.enterprise is not None:
            return self.enterprise.name
        if self.target_kind == TargetKind.SITE and self.site is not None:
            return self.site.name
        if self.target_kind == TargetKind.HOUSEHOLD:
            return f"{self.target_unit.name} · {self.household}"
        return self.target_unit.name


class VisitParticipant(models.Model):
    """One of the people who went (a visit has one or more)."""

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="participants")
    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="visit_participations",
    )

    class Meta:
        verbose_name = _("visitor")
        verbose_name_plural = _("visitors")
        constraints = [
            models.UniqueConstraint(fields=["visit", "person"], name="matters_visit_participant")
        ]

    def __str__(self) -> str:
        return str(self.person)
