"""An append-only log of every change to domain data, chained by SHA-256.

Each entry's hash covers its own canonical content and the previous entry's hash, so
changing or deleting any entry breaks the chain from that point on; `verify_audit` finds it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    CREATE = "create", _("Created")
    UPDATE = "update", _("Updated")
    DELETE = "delete", _("Deleted")
    # Security events: who tried what, from where, and whether it worked.
    LOGIN = "login", _("Logged in")
    LOGIN_FAILED = "login_failed", _("Failed login")
    LOGOUT = "logout", _("Logged out")
    DENIED = "denied", _("Access denied")
    EXPORT = "export", _("Export")
    GRANT = "grant", _("Role granted")
    REVOKE = "revoke", _("Role revoked")


DATA_ACTIONS = frozenset({Action.CREATE, Action.UPDATE, Action.DELETE})


class Outcome(models.TextChoices):
    SUCCESS = "success", _("Success")
    REFUSED = "refused", _("Refused")
    FAILED = "failed", _("Failed")


class AuditEntry(models.Model):
    seq = models.BigIntegerField(_("sequence"), unique=True)
    at = models.DateTimeField(_("time"), db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
    )
    actor_label = models.CharField(_("user"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=16, choices=Action.choices)
    model = models.CharField(_("object type"), max_length=100, db_index=True)
    object_id = models.CharField(_("object id"), max_length=64)
    object_repr = models.CharField(_("object"), max_length=200)
    unit_path = models.CharField(max_length=255, blank=True, default="")
    changes = models.JSONField(_("changes"), default=dict)
    # Security events only; empty on data changes, and then left out of the hash so that
    # entries written before these fields existed still verify.
    ip = models.CharField(_("IP address"), max_length=45, blank=True, default="")
    outcome = models.CharField(
        _("outcome"), max_length=8, choices=Outcome.choices, blank=True, default=""
    )
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["-seq"]
        # The log's page filters by these and orders by seq (migration 0004 says which
        # database uses which).
        indexes = [
            models.Index(fields=["model", "object_id"], name="audit_object"),
            models.Index(fields=["action", "seq"], name="audit_action"),
            models.Index(fields=["model", "seq"], name="audit_model_seq"),
            models.Index(fields=["at", "seq"], name="audit_time"),
            models.Index(
                fields=["unit_path"], name="audit_unit_path", opclasses=["varchar_pattern_ops"]
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.model}:{self.object_id}"

    def save(self, *args: object, **kwargs: object) -> None:
        if not self._state.adding:
            raise RuntimeError("Audit entries are append-only.")
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise RuntimeError("Audit entries are append-only.")


class ChainHead(models.Model):
    """One row holding the last sequence number and hash; locked to append in order."""

    seq = models.BigIntegerField(default=0)
    hash = models.CharField(max_length=64, default="0" * 64)

    class Meta:
        verbose_name = _("audit chain head")

    def __str__(self) -> str:
        return f"#{self.seq} {self.hash[:12]}"
