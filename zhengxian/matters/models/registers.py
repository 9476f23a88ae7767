"""The registers that visits pick their targets from: enterprises and sites.

Both grow as cadres work: a visit to an enterprise not yet listed adds it. ``name_key`` is
the name normalised (full-width folded, spaces and punctuation dropped), so that
"杭州 湘湖机械有限公司" and "杭州湘湖机械有限公司" are one enterprise.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zhengxian.orgs.models import Unit


class Enterprise(models.Model):
    name = models.CharField(_("name"), max_length=200)
    name_key = models.CharField(max_length=200, editable=False)
    credit_code = models.CharField(_("unified social credit code"), max_length=18, blank=True)
    unit = models.ForeignKey(
        Unit, verbose_name=_("community"), on_delete=models.PROTECT, related_name="enterprises"
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    contact_name = models.CharField(_("contact"), max_length=50, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=24, blank=True)
    is_key = models.BooleanField(_("key enterprise"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    is_demo = models.BooleanField(_("demo data"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("enterprise")
        verbose_name_plural = _("enterprises")
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "name_key"], name="matters_enterprise_name")
        ]
        indexes = [models.Index(fields=["name_key"], name="matters_enterprise_key")]

    def __str__(self) -> str:
        return self.name


class SiteKind(models.TextChoices):
    CONSTRUCTION = "construction", _("Construction site")
    RELOCATION = "relocation", _("Relocation block")
    MARKET = "market", _("Market or night market")
    WATERWAY = "waterway", _("River or waterway")
    PUBLIC = "public", _("Public space")
    OTHER = "other", _("Other site")


class Site(models.Model):
    name = models.CharField(_("name"), max_length=200)
    name_key = models.CharField(max_length=200, editable=False)
    kind = models.CharField(
        _("kind"), max_length=16, choices=SiteKind.choices, default=SiteKind.OTHER
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("community"), on_delete=models.PROTECT, related_name="sites"
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    is_demo = models.BooleanField(_("demo data"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("site")
        verbose_name_plural = _("sites")
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "name_key"], name="matters_site_name")
        ]
        indexes = [models.Index(fields=["name_key"], name="matters_site_key")]

    def __str__(self) -> str:
        return self.name
