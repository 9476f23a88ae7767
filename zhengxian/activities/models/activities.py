"""An activity (study session, sharing session, training round, event), its sessions,
the audience rules that say who is expected, and the roster rows they expand into.

Who is expected is decided by `AudienceRule` rows (a unit, optionally narrowed to a role,
or one person by hand) and *expanded when saved* into `ExpectedAttendee` rows, one per
session and person. The rows are the roster: attendance is counted against them, so a
later change to the organisation never rewrites a past session's roster.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from zhengxian.orgs.models import Person, Unit
from zhengxian.orgs.roles import Role


class ActivityKind(models.TextChoices):
    FIRST_TOPIC = "first_topic", _("First-topic study")  # 第一议题
    STUDY = "study", _("Study session")  # 理论学习中心组 and other study
    SHARING = "sharing", _("Sharing session")  # 青城学院 分享会
    TRAINING = "training", _("Training round")  # 轮训
    EVENT = "event", _("Public event")  # 一河四站
    ALLIANCE = "alliance", _("Party-alliance event")  # 党建联建
    OTHER = "other", _("Other activity")


# Kinds a cadre signs in to; events count participants instead (they may still take sign-in).
STUDY_KINDS = frozenset(
    {ActivityKind.FIRST_TOPIC, ActivityKind.STUDY, ActivityKind.SHARING, ActivityKind.TRAINING}
)
EVENT_KINDS = frozenset({ActivityKind.EVENT, ActivityKind.ALLIANCE})


class Activity(models.Model):
    kind = models.CharField(_("kind"), max_length=16, choices=ActivityKind.choices)
    title = models.CharField(_("title"), max_length=200)
    series = models.CharField(
        _("series"), max_length=100, blank=True, help_text=_("E.g. 青城学院 or 理论学习中心组.")
    )
    organiser = models.ForeignKey(
        Unit, verbose_name=_("organising unit"), on_delete=models.PROTECT, related_name="activities"
    )
    brand = models.ForeignKey(
        "activities.Brand",
        verbose_name=_("brand"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activities",
    )
    alliance = models.CharField(
        _("party alliance"), max_length=100, blank=True, help_text=_("E.g. 厢心力.")
    )
    partners = models.CharField(_("alliance partners"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["-id"]
        indexes = [models.Index(fields=["kind", "series"], name="activities_kind_series")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_event(self) -> bool:
        return self.kind in EVENT_KINDS


class SessionStatus(models.TextChoices):
    PLANNED = "planned", pgettext_lazy("session status", "Planned")  # 待举办, not a plan
    OPEN = "open", _("Open for sign-in")
    CLOSED = "closed", _("Held")
    CANCELLED = "cancelled", _("Cancelled")


HELD_STATUSES = (SessionStatus.OPEN, SessionStatus.CLOSED)


class Session(models.Model):
    """One sitting of an activity: a date, a time, a place, and its sign-in window.

    The window is ``[starts_at − opens_before_minutes, ends_at]``, cut short when the
    organiser closes the session; sign-in needs the session open (status ``open``). A
    session counts as *held* once the organiser opened it (or recorded it as held).
    """

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="sessions")
    number = models.PositiveSmallIntegerField(_("number"), default=1)
    title = models.CharField(_("title"), max_length=200, blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    place = models.CharField(_("place"), max_length=200)
    month = models.PositiveIntegerField(editable=False, db_index=True)  # month_key(start day)
    status = models.CharField(
        _("status"), max_length=10, choices=SessionStatus.choices, default=SessionStatus.PLANNED
    )
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    opens_before_minutes = models.PositiveSmallIntegerField(
        _("sign-in opens (minutes before the start)"),
        default=30,
        validators=[MaxValueValidator(240)],
    )
    grace_minutes = models.PositiveSmallIntegerField(
        _("late after (minutes past the start)"), default=5, validators=[MaxValueValidator(120)]
    )
    token = models.CharField(max_length=64, unique=True, editable=False)
    token_rotated_at = models.DateTimeField(null=True, blank=True, editable=False)
    participants = models.PositiveIntegerField(
        _("participants (person-times)"), null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["starts_at", "id"]
        indexes = [
            models.Index(fields=["month", "status"], name="activities_session_month"),
            # The activity list orders by each activity's first start: one seek each.
            models.Index(fields=["activity", "starts_at"], name="activities_session_first"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="activities_session_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(opens_before_minutes__lte=240) & Q(grace_minutes__lte=120),
                name="activities_session_window_bounds",
            ),
        ]

    def __str__(self) -> str:
        label = self.title or f"#{self.number}"
        return f"{self.activity} · {label}"

    @property
    def day(self) -> dt.date:
        return timezone.localdate(self.starts_at)

    @property
    def is_held(self) -> bool:
        return self.status in HELD_STATUSES


CHANGE_LABELS = {
    "open": _("Sign-in opened"),
    "close": _("Sign-in closed"),
    "record_held": _("Recorded as held"),
    "cancel": _("Cancelled"),
    "rotate_token": _("New sign-in code"),
}


class SessionChange(models.Model):
    """The history of a session's workflow: every transition and token rotation."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="changes")
    action = models.CharField(max_length=16)
    from_status = models.CharField(max_length=10)
    to_status = models.CharField(max_length=10)
    at = models.DateTimeField()
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name = _("session change")
        verbose_name_plural = _("session changes")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.session_id} {self.action} {self.from_status}→{self.to_status}"

    @property
    def action_label(self) -> str:
        return str(CHANGE_LABELS.get(self.action, self.action))


class AudienceRule(models.Model):
    """Who is expected: the people of a unit (and its sub-units), optionally only those
    holding a role; or one person chosen by hand. A rule with a session applies to that
    session only (e.g. one batch of a training round) and replaces the activity's rules."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="audience")
    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, null=True, blank=True, related_name="audience"
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    include_subunits = models.BooleanField(_("include sub-units"), default=True)
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, blank=True)
    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("audience rule")
        verbose_name_plural = _("audience rules")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(unit__isnull=False) & Q(person__isnull=True))
                | (Q(unit__isnull=True) & Q(person__isnull=False)),
                name="activities_rule_unit_or_person",
            )
        ]

    def __str__(self) -> str:
        if self.person_id:
            return str(self.person)
        role = f" · {self.get_role_display()}" if self.role else ""
        return f"{self.unit}{role}"


class ExpectedAttendee(models.Model):
    """One person expected at one session: a roster row, expanded from the rules."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="expected")
    # A roster row is derived from the rules: it goes with its person. Sign-ins (the
    # evidence) protect theirs; people who leave are deactivated, not deleted.
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="expected_at")
    # The person's unit and the session's month when the row was made: attendance counts
    # for that unit and month even if the person moves later.
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    month = models.PositiveIntegerField(db_index=True)
    by_hand = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("expected attendee")
        verbose_name_plural = _("expected attendees")
        ordering = ["session", "person__name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["session", "person"], name="activities_expected_once")
        ]

    def __str__(self) -> str:
        return f"{self.person} @ {self.session_id}"


class Attachment(models.Model):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to="activities/%Y/%m/")
    name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_photo(self) -> bool:
        return self.content_type.startswith("image/")
