"""Dispute-mediation cases (“厢心力·城和”人民调解工作室): a matter of origin `mediation` with
parties, sessions, the agreement and an outcome. ``concluded_month`` is the stored month
key the `mediation_success` source counts on."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .matters import Matter


class MediationCategory(models.TextChoices):
    NEIGHBOUR = "neighbour", _("Neighbours")
    FAMILY = "family", _("Marriage and family")
    PROPERTY = "property", _("Property management")
    TENANCY = "tenancy", _("Housing and tenancy")
    LABOUR = "labour", _("Wages and labour")
    RELOCATION = "relocation", _("Relocation and compensation")
    CONSUMER = "consumer", _("Consumer")
    TRAFFIC = "traffic", _("Traffic accident")
    OTHER = "other", _("Other dispute")


class MediationOutcome(models.TextChoices):
    AGREEMENT = "agreement", _("Agreement reached")
    REFERRED = "referred", _("Referred")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class MediationCase(models.Model):
    matter = models.OneToOneField(Matter, on_delete=models.CASCADE, related_name="mediation")
    number = models.CharField(_("case number"), max_length=32, unique=True)
    category = models.CharField(_("category"), max_length=16, choices=MediationCategory.choices)
    outcome = models.CharField(
        _("outcome"), max_length=16, choices=MediationOutcome.choices, blank=True, editable=False
    )
    agreement_text = models.TextField(_("agreement"), max_length=8000, blank=True)
    referred_to = models.CharField(_("referred to"), max_length=100, blank=True)
    concluded_on = models.DateField(_("concluded on"), null=True, blank=True, editable=False)
    concluded_month = models.PositiveIntegerField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("mediation case")
        verbose_name_plural = _("mediation cases")
        ordering = ["-number"]
        indexes = [models.Index(fields=["concluded_month"], name="matters_mediation_concluded")]

    def __str__(self) -> str:
        return self.number


class PartySide(models.TextChoices):
    APPLICANT = "applicant", _("Applicant")
    RESPONDENT = "respondent", _("Respondent")


class MediationParty(models.Model):
    case = models.ForeignKey(MediationCase, on_delete=models.CASCADE, related_name="parties")
    side = models.CharField(_("side"), max_length=16, choices=PartySide.choices)
    name = models.CharField(_("name"), max_length=100)
    phone = models.CharField(_("phone"), max_length=24, blank=True)

    class Meta:
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        ordering = ["side", "id"]

    def __str__(self) -> str:
        return self.name


class MediationSession(models.Model):
    case = models.ForeignKey(MediationCase, on_delete=models.CASCADE, related_name="sessions")
    held_on = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=100, blank=True)
    mediators = models.CharField(_("mediators"), max_length=200)
    summary = models.TextField(_("what happened"), max_length=4000)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("mediation session")
        verbose_name_plural = _("mediation sessions")
        ordering = ["held_on", "id"]

    def __str__(self) -> str:
        return f"{self.case} {self.held_on}"
