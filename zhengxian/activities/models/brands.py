"""Activity brands (e.g. 寻梦城河) and their seasons (e.g. 一河四站 新春季)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from zhengxian.orgs.models import Unit

code_validator = RegexValidator(
    r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$",
    _("A code is 1–32 letters, digits, dots, dashes or underscores."),
)


class Brand(models.Model):
    code = models.CharField(_("code"), max_length=32, unique=True, validators=[code_validator])
    name = models.CharField(_("name"), max_length=100, unique=True)
    owner = models.ForeignKey(
        Unit, verbose_name=_("owning unit"), on_delete=models.PROTECT, related_name="brands"
    )
    description = models.TextField(_("description"), blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("brand")
        verbose_name_plural = _("brands")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Season(models.Model):
    """A stretch of a brand's calendar; its totals are the brand's events in those days."""

    brand = models.ForeignKey(Brand, on_delete=models.CASCADE, related_name="seasons")
    name = models.CharField(_("name"), max_length=100)
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))

    class Meta:
        verbose_name = _("season")
        verbose_name_plural = _("seasons")
        ordering = ["brand", "-starts_on"]
        constraints = [
            models.UniqueConstraint(fields=["brand", "name"], name="activities_season_name"),
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="activities_season_dates"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.brand} · {self.name}"

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The last day cannot come before the first.")})
