"""Units (a tree), people and the roles they hold over a unit scope."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from .paths import path_ids
from .roles import Role

unit_code_validator = RegexValidator(
    r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$",
    _("A code is 1–32 letters, digits, dots, dashes or underscores."),
)
phone_validator = RegexValidator(
    r"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8}(-\d{1,6})?)$",
    _("Enter an 11-digit mobile number or a landline such as 0571-82345678."),
)


class UnitKind(models.TextChoices):
    DISTRICT = "district", _("District")
    SUBDISTRICT = "subdistrict", _("Sub-district")
    COMMUNITY = "community", _("Community")
    OFFICE = "office", _("Office")
    GRID = "grid", _("Grid")


class Unit(models.Model):
    """A node of the organisation tree.

    ``path`` is the materialised path of ids ("/1/4/17/"), kept by the services, so that a
    subtree is one indexed prefix match rather than a recursive walk.
    """

    code = models.CharField(_("code"), max_length=32, unique=True, validators=[unit_code_validator])
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=16, choices=UnitKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    path = models.CharField(max_length=255, editable=False, default="")
    depth = models.PositiveSmallIntegerField(editable=False, default=0)
    sort_order = models.IntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)
    is_demo = models.BooleanField(_("demo data"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["path"]
        indexes = [
            models.Index(fields=["path"], name="orgs_unit_path", opclasses=["varchar_pattern_ops"]),
            models.Index(fields=["kind", "is_active"], name="orgs_unit_kind"),
        ]

    def __str__(self) -> str:
        return self.name

    def ancestor_ids(self) -> list[int]:
        return list(path_ids(self.path)[:-1])


class Person(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="person",
    )
    name = models.CharField(_("real name"), max_length=50)
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="people"
    )
    position = models.CharField(_("position"), max_length=50, blank=True)
    phone = models.CharField(_("phone"), max_length=24, blank=True, validators=[phone_validator])
    is_active = models.BooleanField(_("active"), default=True)
    is_demo = models.BooleanField(_("demo data"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["unit__path", "name", "id"]
        indexes = [models.Index(fields=["unit", "is_active"], name="orgs_person_unit")]

    def __str__(self) -> str:
        return self.name


class RoleAssignment(models.Model):
    """A person holds ``role`` over ``unit`` and its whole subtree."""

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="roles"
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    unit = models.ForeignKey(
        Unit, verbose_name=_("scope unit"), on_delete=models.PROTECT, related_name="role_holders"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        constraints = [
            models.UniqueConstraint(fields=["person", "role", "unit"], name="orgs_role_unique")
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.get_role_display()} · {self.unit}"
