"""Telling the units that their results are in preview (with the appeal deadline) or
published: one notification per unit, to the people who may appeal for it, linking to the
unit's score card; grouped by the period on the notifications page."""

from __future__ import annotations

from dataclasses import replace

from django.db import transaction
from django.utils.translation import gettext as _

from zhengxian.core.notification_kinds import Kind
from zhengxian.core.notifications import Message, Recipient, notify_many
from zhengxian.orgs.models import RoleAssignment
from zhengxian.orgs.roles import ROLE_PERMISSIONS, Perm
from zhengxian.scoring.links import scorecard_urls
from zhengxian.scoring.models import ScoreSheet

_APPEALING_ROLES = [role for role, perms in ROLE_PERMISSIONS.items() if Perm.APPEAL in perms]


def _appellants_by_unit(sheet: ScoreSheet) -> dict[int, list[Recipient]]:
    rows = (
        RoleAssignment.objects.filter(
            # A subquery, not a list: a province's 25,000 ids would pass SQLite's limit of
            # bound parameters.
            unit_id__in=sheet.unit_scores.values("unit_id"),
            role__in=_APPEALING_ROLES,
            person__is_active=True,
            person__user__isnull=False,
            person__user__is_active=True,
        )
        .order_by("pk")
        .values_list("unit_id", "person__user_id")
    )
    by_unit: dict[int, list[Recipient]] = {}
    for unit_id, user_id in rows:
        by_unit.setdefault(unit_id, []).append(Recipient(user_id))
    return by_unit


def _announce(sheet: ScoreSheet, *, kind: str, text: str) -> None:
    period = sheet.period
    unit_ids = list(sheet.unit_scores.values_list("unit_id", flat=True))
    people = _appellants_by_unit(sheet)
    owner = period.campaign.owner_unit

    def send() -> None:
        # One message per unit, in a constant number of queries; only the first goes to the
        # organiser's unit channels (one message per channel, not one per unit).
        url_of = scorecard_urls(period.pk)
        messages = [
            Message(
                recipients=people[unit_id],
                text=text,
                url=url_of(unit_id),
                kind=kind,
                group=f"period:{period.pk}",
                group_label=f"{period.campaign.name} {period.label}"[:100],
            )
            for unit_id in unit_ids
            if unit_id in people
        ]
        if messages:
            messages[0] = replace(messages[0], unit=owner)
        notify_many(messages)

    transaction.on_commit(send)


def announce_preview(sheet: ScoreSheet) -> None:
    """The period's results are in preview; appeals until ``sheet.preview_until``."""
    day = sheet.preview_until.isoformat() if sheet.preview_until else ""
    text = _("Results of %(period)s are in preview: check your score and appeal by %(day)s.") % {
        "period": sheet.period.label,
        "day": day,
    }
    _announce(sheet, kind=Kind.PREVIEW_OPENED, text=text)


def announce_published(sheet: ScoreSheet) -> None:
    text = _("Results of %(period)s are published (version %(version)s).") % {
        "period": sheet.period.label,
        "version": sheet.version,
    }
    _announce(sheet, kind=Kind.PERIOD_PUBLISHED, text=text)
