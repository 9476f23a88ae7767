"""Sign-ins: a person was at a session. Late and absent are derived, never stored."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zhengxian.orgs.models import Person, Unit

from .activities import Session


class SignInMethod(models.TextChoices):
    QR = "qr", _("QR code")
    MANUAL = "manual", _("Recorded by hand")


class SignIn(models.Model):
    session = models.ForeignKey(Session, on_delete=models.PROTECT, related_name="sign_ins")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="sign_ins")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")  # the person's
    month = models.PositiveIntegerField(db_index=True)  # the session's month key
    signed_at = models.DateTimeField(_("signed in at"))
    method = models.CharField(_("method"), max_length=8, choices=SignInMethod.choices)
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("sign-in")
        verbose_name_plural = _("sign-ins")
        ordering = ["signed_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["session", "person"], name="activities_sign_in_once"),
            models.CheckConstraint(
                condition=Q(method="qr") | ~Q(reason=""), name="activities_manual_needs_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} @ {self.session_id}"
