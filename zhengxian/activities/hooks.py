"""What activities brings to the others (see `zhengxian.core.hooks`)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from zhengxian.audit.registry import audited
from zhengxian.core import hooks
from zhengxian.core.demo import DemoBuilder
from zhengxian.core.navigation import NavItem, NavSection
from zhengxian.orgs.roles import Perm

from . import evidence, indicator_sources, models

for item in (
    NavItem(_("Study and training"), "activities:activity_list", "journal-bookmark", Perm.VIEW_ORG),
    NavItem(_("Activity brands"), "activities:brand_list", "stars", Perm.VIEW_ORG),
):
    hooks.register("navigation", item)
hooks.register(
    "navigation_sections",
    NavSection("activities", _("Study and events"), "mortarboard", ("activities",)),
    order=50,
)
hooks.register("demo_builders", DemoBuilder("zhengxian.activities.demo"), order=40)


@hooks.register("audit")
def audited_models() -> None:
    audited(models.Activity, unit_of=lambda a: a.organiser)
    audited(models.AudienceRule, models.Attachment, unit_of=lambda row: row.activity.organiser)
    # The sign-in token is a secret: its rotation is logged through token_rotated_at.
    audited(models.Session, unit_of=lambda s: s.activity.organiser, exclude=frozenset({"token"}))
    audited(models.SessionChange, unit_of=lambda c: c.session.activity.organiser)
    audited(models.ExpectedAttendee, models.SignIn)  # the attendee's unit
    audited(models.Brand, unit_of=lambda brand: brand.owner)
    audited(models.Season, unit_of=lambda season: season.brand.owner)


# The indicator sources it brings, and the describers of the records their evidence names.
for source in (
    indicator_sources.AttendanceRateSource,
    indicator_sources.StudySessionsHeldSource,
    indicator_sources.EventParticipantsSource,
    indicator_sources.AllianceEventsSource,
):
    hooks.register("indicator_sources", source)
for describer in (
    ("activities.session", evidence.describe_sessions),
    ("activities.signin", evidence.describe_sign_ins),
    ("activities.expectedattendee", evidence.describe_roster_rows),
):
    hooks.register("evidence_describers", describer)
