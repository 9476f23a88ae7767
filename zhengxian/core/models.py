from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .notification_kinds import Kind, Priority


class Notification(models.Model):
    """An in-app message to one user (an appeal filed or decided, a period in preview…).

    ``kind`` says what it is about and ``group`` which object ("unit:12", "matter:40"), so
    the page shows "5 × new matter · 湘湖社区" instead of five rows; ``dedup_key`` makes a
    reminder or a digest idempotent (one per recipient and key)."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    text = models.CharField(_("text"), max_length=300)
    url = models.CharField(_("link"), max_length=300, blank=True)
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices, default=Kind.GENERAL)
    priority = models.PositiveSmallIntegerField(
        _("priority"), choices=Priority.choices, default=Priority.NORMAL
    )
    group = models.CharField(_("group"), max_length=100, blank=True)
    group_label = models.CharField(_("group name"), max_length=100, blank=True)
    dedup_key = models.CharField(max_length=150, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="core_notification_unread"),
            models.Index(fields=["recipient", "kind", "group"], name="core_notification_group"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "dedup_key"],
                condition=~models.Q(dedup_key=""),
                name="core_notification_once",
            )
        ]

    def __str__(self) -> str:
        return self.text


class MessageType(models.TextChoices):
    TEXT = "text", _("Plain text")
    MARKDOWN = "markdown", _("Markdown")


class WebhookEndpoint(models.Model):
    """An outgoing webhook in the DingTalk custom-robot format (a group chat's robot).

    A unit channel (no ``recipient``) receives the notifications of its ``kinds`` about its
    ``owner_unit`` or a unit below it; a personal channel (``recipient`` set) receives that
    user's notifications of its kinds and their daily digest. Empty ``kinds``: every kind."""

    name = models.CharField(_("name"), max_length=100)
    url = models.URLField(_("webhook URL"), max_length=500)
    secret = models.CharField(_("signing secret"), max_length=200, blank=True)
    enabled = models.BooleanField(_("enabled"), default=True)
    kinds = models.JSONField(_("kinds"), default=list, blank=True)
    msgtype = models.CharField(
        _("message type"), max_length=16, choices=MessageType.choices, default=MessageType.TEXT
    )
    # orgs sits above core: the unit is named by its label, core never imports orgs.
    owner_unit = models.ForeignKey(
        "orgs.Unit",
        verbose_name=_("owner unit"),
        on_delete=models.PROTECT,
        related_name="webhook_endpoints",
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("personal channel of"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="webhook_endpoints",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("webhook endpoint")
        verbose_name_plural = _("webhook endpoints")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name

    def receives(self, kind: str) -> bool:
        return not self.kinds or kind in self.kinds


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Gave up")


class WebhookDelivery(models.Model):
    """One message to one endpoint: queued by `notify`, sent by `deliver_webhooks`, retried
    with back-off; ``history`` keeps every attempt (when, result)."""

    endpoint = models.ForeignKey(
        WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries"
    )
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices, default=Kind.GENERAL)
    payload = models.JSONField(_("payload"))
    status = models.CharField(
        _("status"), max_length=16, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    response_code = models.PositiveSmallIntegerField(_("response code"), null=True, blank=True)
    history = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="core_delivery_due"),
        ]

    def __str__(self) -> str:
        return f"{self.endpoint_id}:{self.kind}:{self.status}"
