"""The requester's own confirmation of a matter closed by its own unit, and the text
messages sent for it.

A `RequesterConfirmation` is a one-time link sent to the requester's phone on file: only
the SHA-256 of its token is stored, it expires, and it is used once. `OutgoingSms` is the
outbox the default SMS backend writes to (no gateway is reachable from the demo), so the
office can see what would have been sent.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from .matters import Matter, Resolution


class RequesterConfirmation(models.Model):
    matter = models.ForeignKey(Matter, on_delete=models.CASCADE, related_name="confirmations")
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    phone = models.CharField(_("phone"), max_length=24)
    sent_at = models.DateTimeField(_("sent at"))
    expires_at = models.DateTimeField(_("expires at"))
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)
    resolution = models.CharField(
        _("requester's own word"), max_length=16, choices=Resolution.choices, blank=True
    )
    satisfaction = models.PositiveSmallIntegerField(
        _("satisfaction"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    note = models.CharField(_("comment"), max_length=500, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("requester's confirmation")
        verbose_name_plural = _("requester's confirmations")
        ordering = ["matter", "-sent_at", "-id"]

    def __str__(self) -> str:
        return f"{self.matter_id} {self.sent_at:%Y-%m-%d}"


class OutgoingSms(models.Model):
    phone = models.CharField(_("phone"), max_length=24)
    text = models.CharField(_("text"), max_length=500)
    backend = models.CharField(max_length=100)
    created_at = models.DateTimeField(_("queued at"), auto_now_add=True)

    class Meta:
        verbose_name = _("text message")
        verbose_name_plural = _("text messages")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.text[:40]
