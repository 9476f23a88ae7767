from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivitiesConfig(AppConfig):
    name = "zhengxian.activities"
    label = "activities"
    verbose_name = _("Study, training and events")

    def ready(self) -> None:
        from zhengxian.audit.registry import audited
        from zhengxian.core.navigation import NavItem, register
        from zhengxian.orgs.roles import Perm

        from . import (
            evidence,  # noqa: F401 - registers the evidence describers
            models,
        )

        audited(models.Activity, unit_of=lambda a: a.organiser)
        audited(models.AudienceRule, models.Attachment, unit_of=lambda row: row.activity.organiser)
        # The sign-in token is a secret: its rotation is logged through token_rotated_at.
        audited(
            models.Session, unit_of=lambda s: s.activity.organiser, exclude=frozenset({"token"})
        )
        audited(models.SessionChange, unit_of=lambda c: c.session.activity.organiser)
        audited(models.ExpectedAttendee, models.SignIn)  # the attendee's unit
        audited(models.Brand, unit_of=lambda brand: brand.owner)
        audited(models.Season, unit_of=lambda season: season.brand.owner)

        register(
            NavItem(
                _("Study and training"),
                "activities:activity_list",
                "journal-bookmark",
                Perm.VIEW_ORG,
            )
        )
        register(NavItem(_("Activity brands"), "activities:brand_list", "stars", Perm.VIEW_ORG))
