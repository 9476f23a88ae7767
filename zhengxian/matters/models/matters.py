"""Matters (事项): one closed loop for visits' problems, supervision findings, rectification
items, petitions, hotline tickets and mediation cases.

``state`` changes only through `services.matter_transition`, which checks the table in
`workflow.py` and writes a `MatterTransition`. Dates that sources count on keep a stored
month key next to them (``reported_month``, ``due_month``, ``resolved_month``,
``closed_month``, ``rated_month``), so that a period is an indexed range, never a date
function per row. Whether a matter is overdue is derived from ``deadline`` and
``resolved_on`` (see `deadlines.py`); it is never stored.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from zhengxian.orgs.models import Unit

from .registers import Enterprise, Site
from .visits import Visit


class MatterOrigin(models.TextChoices):
    VISIT = "visit", _("Visit")
    SUPERVISION = "supervision", _("Supervision finding")
    RECTIFICATION = "rectification", _("Rectification item")
    PETITION = "petition", _("Petition")
    HOTLINE = "hotline", _("Hotline")
    MEDIATION = "mediation", _("Mediation case")
    OTHER = "other", _("Other")


class RectificationKind(models.TextChoices):
    """What a rectification item rectifies (the `rectification_completion` source's origin)."""

    SUPERVISION_DAY = "supervision_day", _("Supervision day")
    SPECIAL_ACTION = "special_action", _("Special action")
    INSPECTION = "inspection", _("Inspection")


class MatterState(models.TextChoices):
    REPORTED = "reported", _("Reported")
    ASSIGNED = "assigned", _("Assigned")
    IN_PROGRESS = "in_progress", _("In progress")
    RESOLVED = "resolved", _("Resolved")
    RATED = "rated", _("Rated")
    CLOSED = "closed", _("Closed")
    RETURNED = "returned", _("Returned")
    ESCALATED = "escalated", _("Escalated")


class MatterCategory(models.TextChoices):
    ENVIRONMENT = "environment", _("Environment and sanitation")
    TRAFFIC = "traffic", _("Roads, traffic and parking")
    SAFETY = "safety", _("Safety hazard")
    FACILITIES = "facilities", _("Public facilities")
    LIVELIHOOD = "livelihood", _("Livelihood services")
    ENTERPRISE = "enterprise", _("Enterprise services")
    PROPERTY = "property", _("Property management")
    DISPUTE = "dispute", _("Dispute")
    CONDUCT = "conduct", _("Work conduct")
    OTHER = "other", _("Other")


class Resolution(models.TextChoices):
    SOLVED = "solved", _("Solved")
    PARTLY_SOLVED = "partly_solved", _("Partly solved")
    NOT_SOLVED = "not_solved", _("Not solved")


class Matter(models.Model):
    title = models.CharField(_("title"), max_length=100)
    description = models.TextField(_("description"), max_length=4000, blank=True)
    category = models.CharField(
        _("category"), max_length=16, choices=MatterCategory.choices, default=MatterCategory.OTHER
    )
    origin = models.CharField(_("origin"), max_length=16, choices=MatterOrigin.choices)
    rectification_kind = models.CharField(
        _("rectification of"), max_length=16, choices=RectificationKind.choices, blank=True
    )
    # The code of a special action (专项行动), e.g. five-breaks-five-raises. The special action
    # itself belongs to the projects app; the matter keeps only the code.
    action_code = models.SlugField(_("special action code"), max_length=64, blank=True)
    state = models.CharField(
        _("state"),
        max_length=16,
        choices=MatterState.choices,
        default=MatterState.REPORTED,
        editable=False,
    )

    reporting_unit = models.ForeignKey(
        Unit,
        verbose_name=_("reporting unit"),
        on_delete=models.PROTECT,
        related_name="matters_reported",
    )
    # Where the matter waits to be assigned: the reporting unit, then one level up per
    # escalation. Always the reporting or responsible unit or one of their ancestors.
    dispatch_unit = models.ForeignKey(
        Unit, verbose_name=_("dispatching unit"), on_delete=models.PROTECT, related_name="+"
    )
    responsible_unit = models.ForeignKey(
        Unit,
        verbose_name=_("responsible unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="matters_responsible",
    )
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reported by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    requester_name = models.CharField(_("requester"), max_length=100, blank=True)
    requester_phone = models.CharField(_("requester's phone"), max_length=24, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    target_unit = models.ForeignKey(
        Unit,
        verbose_name=_("community"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    enterprise = models.ForeignKey(
        Enterprise,
        verbose_name=_("enterprise"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="matters",
    )
    site = models.ForeignKey(
        Site,
        verbose_name=_("site"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="matters",
    )
    visit = models.ForeignKey(
        Visit,
        verbose_name=_("visit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="matters",
    )
    supervision_day = models.ForeignKey(
        "matters.SupervisionDay",
        verbose_name=_("supervision day"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="findings",
    )
    repeat_of = models.ForeignKey(
        "self",
        verbose_name=_("repeat of"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="repeats",
    )

    reported_on = models.DateField(_("reported on"))
    reported_month = models.PositiveIntegerField(editable=False)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    due_month = models.PositiveIntegerField(null=True, blank=True, editable=False)
    # The standing resolution: set by `resolve`, cleared when the requester reopens.
    resolved_on = models.DateField(_("resolved on"), null=True, blank=True, editable=False)
    resolved_month = models.PositiveIntegerField(null=True, blank=True, editable=False)
    closed_on = models.DateField(_("closed on"), null=True, blank=True, editable=False)
    closed_month = models.PositiveIntegerField(null=True, blank=True, editable=False)
    satisfaction = models.PositiveSmallIntegerField(
        _("satisfaction"),
        null=True,
        blank=True,
        editable=False,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    rated_month = models.PositiveIntegerField(null=True, blank=True, editable=False)
    resolution = models.CharField(
        _("requester's word"), max_length=16, choices=Resolution.choices, blank=True, editable=False
    )
    reopen_count = models.PositiveSmallIntegerField(_("times reopened"), default=0, editable=False)
    # Rated or confirmed by someone of the responsible unit itself (`orgs.duties.is_own_unit`):
    # stored at the transition, so a later change of roles does not rewrite history.
    self_closed = models.BooleanField(_("closed by its own unit"), default=False, editable=False)
    # The requester's own word, given on the public confirmation page (see confirmations.py).
    requester_confirmed_at = models.DateTimeField(
        _("confirmed by the requester"), null=True, blank=True, editable=False
    )
    requester_satisfaction = models.PositiveSmallIntegerField(
        _("requester's satisfaction"),
        null=True,
        blank=True,
        editable=False,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    requester_resolution = models.CharField(
        _("requester's own word"),
        max_length=16,
        choices=Resolution.choices,
        blank=True,
        editable=False,
    )
    is_demo = models.BooleanField(_("demo data"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("matter")
        verbose_name_plural = _("matters")
        ordering = ["-reported_on", "-id"]
        indexes = [
            models.Index(fields=["responsible_unit", "due_month"], name="matters_matter_due"),
            # The unit's matters by state; with the deadline and dispatching unit columns,
            # the deadline board finds a page of holders' first late matters from the index
            # alone.
            models.Index(
                fields=["responsible_unit", "state", "deadline", "resolved_on", "dispatch_unit"],
                name="matters_matter_held",
            ),
            models.Index(fields=["reporting_unit", "state"], name="matters_matter_reporting"),
            # Covering: the deadline board counts late matters by holder from the index alone.
            models.Index(
                fields=["state", "deadline", "resolved_on", "responsible_unit", "dispatch_unit"],
                name="matters_matter_late",
            ),
            models.Index(fields=["due_month"], name="matters_matter_due_month"),
            models.Index(fields=["rated_month"], name="matters_matter_rated_month"),
            models.Index(fields=["reported_month"], name="matters_matter_reported_month"),
            models.Index(fields=["origin", "rectification_kind"], name="matters_matter_origin"),
            models.Index(fields=["requester_phone"], name="matters_matter_requester"),
            # The list's sort (see Meta.ordering), read off the index a page at a time.
            models.Index(fields=["reported_on", "id"], name="matters_matter_recent"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(deadline__isnull=True)
                | models.Q(deadline__gte=models.F("reported_on")),
                name="matters_deadline_after_report",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class MatterTransition(models.Model):
    """One row of a matter's history: who did what, when, with which note."""

    matter = models.ForeignKey(Matter, on_delete=models.CASCADE, related_name="history")
    action = models.CharField(_("action"), max_length=16)
    from_state = models.CharField(_("from"), max_length=16, choices=MatterState.choices, blank=True)
    to_state = models.CharField(_("to"), max_length=16, choices=MatterState.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,  # the requester on the public page has no account
        related_name="+",
    )
    actor_name = models.CharField(_("by"), max_length=100, blank=True)
    note = models.TextField(_("note"), max_length=2000, blank=True)
    extra = models.JSONField(default=dict, blank=True)
    at = models.DateTimeField(_("when"))

    class Meta:
        verbose_name = _("matter history entry")
        verbose_name_plural = _("matter history")
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["matter", "at"], name="matters_transition_matter")]

    def __str__(self) -> str:
        return f"{self.matter_id}: {self.from_state} → {self.to_state}"


class MatterAttachment(models.Model):
    matter = models.ForeignKey(Matter, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to="matters/%Y/%m/")
    name = models.CharField(_("name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


class MatterLink(models.Model):
    """A further report of an open matter, filed as a link instead of a new matter."""

    matter = models.ForeignKey(Matter, on_delete=models.CASCADE, related_name="links")
    visit = models.ForeignKey(
        Visit, on_delete=models.SET_NULL, null=True, blank=True, related_name="linked_reports"
    )
    text = models.TextField(_("what was reported"), max_length=2000)
    requester_name = models.CharField(_("requester"), max_length=100, blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("linked report")
        verbose_name_plural = _("linked reports")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.text[:50]


class MatterGram(models.Model):
    """The character bigrams of an open matter's text: the inverted index that narrows
    near-duplicate candidates in SQL (`duplicates.py`). Derived from the matter's title and
    description and rebuilt with them, so it is not audited (like `Unit.path`)."""

    matter = models.ForeignKey(Matter, on_delete=models.CASCADE, related_name="+")
    gram = models.CharField(max_length=8)

    class Meta:
        indexes = [models.Index(fields=["gram", "matter"], name="matters_gram")]

    def __str__(self) -> str:
        return self.gram
