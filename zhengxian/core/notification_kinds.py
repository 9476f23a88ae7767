"""What a notification is about (its kind) and how urgent it is (its priority), as data.

Every app passes a `Kind` to `zhengxian.core.notifications.notify`; the kind gives the
default priority, the label of a group on the notifications page ("5 × New matter to assign
· 湘湖社区") and the filter a webhook endpoint subscribes by.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Priority(models.IntegerChoices):
    LOW = 0, _("Low")
    NORMAL = 1, _("Normal")
    HIGH = 2, _("High")
    URGENT = 3, _("Urgent")


class Kind(models.TextChoices):
    GENERAL = "general", _("Notice")
    MATTER_NEW = "matter_new", _("New matter to assign")
    MATTER_ASSIGNED = "matter_assigned", _("Matter assigned to you")
    MATTER_ACCEPTED = "matter_accepted", _("Matter accepted")
    MATTER_STEP = "matter_step", _("Progress of a matter you reported")
    MATTER_WAITING = "matter_waiting", _("Matter waiting to be assigned")
    MATTER_RESOLVED = "matter_resolved", _("Matter resolved, to rate")
    MATTER_REOPENED = "matter_reopened", _("Matter reopened")
    DUE_SOON = "due_soon", _("Due soon")
    OVERDUE = "overdue", _("Overdue")
    APPEAL_FILED = "appeal_filed", _("Appeal filed")
    APPEAL_ANSWERED = "appeal_answered", _("Appeal answered")
    PREVIEW_OPENED = "preview_opened", _("Results in preview")
    PERIOD_PUBLISHED = "period_published", _("Results published")
    PROJECT_STATUS = "project_status", _("Project status")
    DATE_REQUEST = "date_request", _("Milestone date change")
    DIGEST = "digest", _("Daily digest")
    TEST = "test", _("Test message")


DEFAULT_PRIORITY: dict[str, int] = {
    Kind.OVERDUE: Priority.URGENT,
    Kind.MATTER_ASSIGNED: Priority.HIGH,
    Kind.MATTER_NEW: Priority.HIGH,
    Kind.MATTER_REOPENED: Priority.HIGH,
    Kind.DUE_SOON: Priority.HIGH,
    Kind.PREVIEW_OPENED: Priority.HIGH,
    Kind.APPEAL_FILED: Priority.HIGH,
    Kind.PROJECT_STATUS: Priority.HIGH,
    Kind.DIGEST: Priority.LOW,
    Kind.TEST: Priority.LOW,
}


def default_priority(kind: str) -> int:
    return DEFAULT_PRIORITY.get(kind, Priority.NORMAL)


def kind_label(kind: str) -> str:
    try:
        return str(Kind(kind).label)
    except ValueError:
        return str(Kind.GENERAL.label)
