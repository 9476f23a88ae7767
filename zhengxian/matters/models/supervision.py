"""Supervision days (上提下沉固定监督日): a dated record of which units were inspected and by
whom. Its findings are matters (origin `supervision`, rectification of `supervision_day`)
for the inspected units, followed through the same loop to closure."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zhengxian.orgs.models import Person, Unit


class SupervisionDay(models.Model):
    held_on = models.DateField(_("date"))
    month = models.PositiveIntegerField(editable=False)
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("organising unit"),
        on_delete=models.PROTECT,
        related_name="supervision_days",
    )
    title = models.CharField(_("subject"), max_length=100)
    notes = models.TextField(_("notes"), max_length=4000, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    is_demo = models.BooleanField(_("demo data"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("supervision day")
        verbose_name_plural = _("supervision days")
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["unit", "month"], name="matters_supervision_month")]

    def __str__(self) -> str:
        return f"{self.held_on} {self.title}"


class SupervisionInspection(models.Model):
    """A unit inspected on a supervision day."""

    day = models.ForeignKey(SupervisionDay, on_delete=models.CASCADE, related_name="inspections")
    unit = models.ForeignKey(
        Unit, verbose_name=_("inspected unit"), on_delete=models.PROTECT, related_name="inspections"
    )

    class Meta:
        verbose_name = _("inspected unit")
        verbose_name_plural = _("inspected units")
        constraints = [
            models.UniqueConstraint(fields=["day", "unit"], name="matters_inspection_unit")
        ]

    def __str__(self) -> str:
        return str(self.unit)


class SupervisionDaySupervisor(models.Model):
    day = models.ForeignKey(SupervisionDay, on_delete=models.CASCADE, related_name="supervisors")
    person = models.ForeignKey(
        Person, verbose_name=_("supervisor"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("supervisor")
        verbose_name_plural = _("supervisors")
        constraints = [
            models.UniqueConstraint(fields=["day", "person"], name="matters_supervision_person")
        ]

    def __str__(self) -> str:
        return str(self.person)
