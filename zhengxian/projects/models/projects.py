"""Projects, their milestones, physical quantities, progress reports and photos.

Every record that a source counts carries its month key (``month_key(date)``, yyyymm),
stored and indexed, so that a period's records are one range match on an integer.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from zhengxian.orgs.models import Person, Unit, unit_code_validator

from .. import status as rules

PERCENT = [MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))]
NOT_NEGATIVE = [MinValueValidator(Decimal(0))]


class Category(models.TextChoices):
    """The five competitions (五赛) a project belongs to."""

    ECONOMY = "economy", _("Project vitality")  # 赛项目活力 · 经济活力
    CONSTRUCTION = "construction", _("Beautiful city")  # 赛美丽颜值 · 城市建设
    LIVELIHOOD = "livelihood", _("Precise service")  # 赛精准服务 · 民生实事
    GOVERNANCE = "governance", _("Safety record")  # 赛平安实绩 · 社会治理
    PARTY = "party", _("Fine work style")  # 赛优良作风 · 党建标杆


class Status(models.TextChoices):
    GREEN = rules.GREEN, _("Green")
    YELLOW = rules.YELLOW, _("Yellow")
    RED = rules.RED, _("Red")


class Project(models.Model):
    code = models.CharField(_("code"), max_length=32, unique=True, validators=[unit_code_validator])
    name = models.CharField(_("name"), max_length=200)
    category = models.CharField(_("category"), max_length=16, choices=Category.choices)
    unit = models.ForeignKey(
        Unit, verbose_name=_("responsible unit"), on_delete=models.PROTECT, related_name="projects"
    )
    lead = models.ForeignKey(
        Person,
        verbose_name=_("lead leader"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="led_projects",
    )
    planned_start = models.DateField(_("planned start"))
    planned_end = models.DateField(_("planned end"))
    planned_investment = models.DecimalField(
        _("planned investment (10,000 yuan)"),
        max_digits=12,
        decimal_places=2,
        default=Decimal(0),
        validators=NOT_NEGATIVE,
    )
    # The sum of the investment of the progress reports, kept by the services.
    completed_investment = models.DecimalField(
        _("completed investment (10,000 yuan)"),
        max_digits=12,
        decimal_places=2,
        default=Decimal(0),
        editable=False,
    )
    location = models.CharField(_("location"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    internal_note = models.TextField(_("internal note"), blank=True)
    is_public = models.BooleanField(_("public (livelihood project)"), default=False)
    warn_days = models.PositiveSmallIntegerField(
        _("warning days"), null=True, blank=True, validators=[MaxValueValidator(90)]
    )
    # The latest report's percent and day, kept by the services.
    progress = models.DecimalField(
        _("progress (%)"), max_digits=4, decimal_places=1, default=Decimal(0), editable=False
    )
    progress_on = models.DateField(_("progress reported on"), null=True, blank=True, editable=False)
    # Derived by zhengxian.projects.status; kept for filtering, history in StatusChange.
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.GREEN, editable=False
    )
    status_detail = models.JSONField(default=list, blank=True, editable=False)
    status_since = models.DateField(null=True, blank=True, editable=False)
    is_demo = models.BooleanField(_("demo data"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["category", "planned_start", "code"]
        indexes = [
            models.Index(fields=["unit", "status"], name="projects_project_unit"),
            models.Index(fields=["category", "status"], name="projects_project_category"),
            # The public list, first planned first (public_projects).
            models.Index(
                fields=["is_public", "planned_start", "code"], name="projects_project_public"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(planned_end__gte=models.F("planned_start")),
                name="projects_project_dates",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def reasons(self) -> tuple[rules.Reason, ...]:
        return rules.reasons_from_json(self.status_detail)

    def status_reason(self) -> str:
        return rules.summary_text(self.reasons())

    def investment_rate(self) -> Decimal | None:
        if not self.planned_investment:
            return None
        return self.completed_investment / self.planned_investment


class ProjectTag(models.Model):
    """A free tag a source can select on: relocation, resettlement, retained-land, …"""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="tags")
    tag = models.SlugField(_("tag"), max_length=32)

    class Meta:
        verbose_name = _("project tag")
        verbose_name_plural = _("project tags")
        ordering = ["project", "tag"]
        constraints = [
            models.UniqueConstraint(fields=["project", "tag"], name="projects_tag_unique")
        ]
        indexes = [models.Index(fields=["tag"], name="projects_tag_tag")]

    def __str__(self) -> str:
        return self.tag


class Quantity(models.Model):
    """A physical quantity: households moved (户), m² renovated (平方米), …"""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="quantities")
    name = models.CharField(_("quantity"), max_length=50)
    measure = models.CharField(_("measure"), max_length=16)
    planned = models.DecimalField(
        _("planned"), max_digits=14, decimal_places=2, validators=NOT_NEGATIVE
    )
    completed = models.DecimalField(
        _("completed"), max_digits=14, decimal_places=2, default=Decimal(0), validators=NOT_NEGATIVE
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("physical quantity")
        verbose_name_plural = _("physical quantities")
        ordering = ["project", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["project", "name"], name="projects_quantity_unique")
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.planned}{self.measure}"

    def rate(self) -> Decimal | None:
        return self.completed / self.planned if self.planned else None


class Milestone(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="milestones")
    name = models.CharField(_("milestone"), max_length=100)
    planned_date = models.DateField(_("planned date"))
    actual_date = models.DateField(_("actual date"), null=True, blank=True)
    planned_percent = models.DecimalField(
        _("planned progress (%)"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=PERCENT,
    )
    note = models.CharField(_("internal note"), max_length=300, blank=True)
    due_month = models.PositiveIntegerField(editable=False)
    done_month = models.PositiveIntegerField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["project", "planned_date", "id"]
        constraints = [
            models.UniqueConstraint(fields=["project", "name"], name="projects_milestone_unique")
        ]
        indexes = [
            models.Index(fields=["due_month"], name="projects_milestone_due"),
            models.Index(fields=["project", "planned_date"], name="projects_milestone_plan"),
        ]

    def __str__(self) -> str:
        return self.name

    def fact(self) -> rules.MilestoneFact:
        return rules.MilestoneFact(
            self.name, self.planned_date, self.actual_date, self.planned_percent
        )


class ProgressReport(models.Model):
    """A progress report: percent done, what was done (public for a public project), the
    problems met (internal), the investment completed since the previous report."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="reports")
    reported_on = models.DateField(_("reported on"))
    month = models.PositiveIntegerField(editable=False)
    percent = models.DecimalField(
        _("progress (%)"), max_digits=4, decimal_places=1, validators=PERCENT
    )
    text = models.TextField(_("progress"))
    issues = models.TextField(_("problems and needs (internal)"), blank=True)
    investment = models.DecimalField(
        _("investment completed since the previous report (10,000 yuan)"),
        max_digits=12,
        decimal_places=2,
        default=Decimal(0),
        validators=NOT_NEGATIVE,
    )
    author = models.ForeignKey(
        Person,
        verbose_name=_("reported by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="progress_reports",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        ordering = ["project", "-reported_on", "-id"]
        indexes = [
            models.Index(fields=["month"], name="projects_report_month"),
            models.Index(fields=["project", "reported_on"], name="projects_report_day"),
        ]

    def __str__(self) -> str:
        return f"{self.project} {self.reported_on} {self.percent}%"


class ProgressPhoto(models.Model):
    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="photos")
    file = models.FileField(_("photo"), upload_to="projects/photos/%Y/%m/")
    content_type = models.CharField(max_length=64)
    caption = models.CharField(_("caption"), max_length=100, blank=True)
    is_public = models.BooleanField(_("show on the public page"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("progress photo")
        verbose_name_plural = _("progress photos")
        ordering = ["report", "id"]

    def __str__(self) -> str:
        return self.caption or self.file.name or ""
