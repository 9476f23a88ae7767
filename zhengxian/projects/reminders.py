"""The milestones' "due in N days" and "overdue" reminders (hook ``reminders``): every
milestone not done whose planned date falls within ``days`` days or has passed, to the
project's lead leader and the people who manage projects at its responsible unit."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from zhengxian.core.reminders import Reminder
from zhengxian.orgs.models import RoleAssignment
from zhengxian.orgs.roles import ROLE_PERMISSIONS, Perm

from .models import Milestone

_MANAGING_ROLES = [
    role for role, perms in ROLE_PERMISSIONS.items() if Perm.MANAGE_PROJECTS in perms
]


def _managers_by_unit(unit_ids: set[int]) -> dict[int, list[Any]]:
    rows = RoleAssignment.objects.filter(
        unit_id__in=unit_ids,
        role__in=_MANAGING_ROLES,
        person__is_active=True,
        person__user__isnull=False,
        person__user__is_active=True,
    ).select_related("person__user")
    by_unit: dict[int, list[Any]] = {}
    for row in rows.order_by("pk"):
        by_unit.setdefault(row.unit_id, []).append(row.person.user)
    return by_unit


def milestone_reminders(*, today: dt.date, days: int) -> list[Reminder]:
    milestones = list(
        Milestone.objects.filter(
            actual_date__isnull=True, planned_date__lte=today + dt.timedelta(days=days)
        )
        .select_related("project__unit", "project__lead__user")
        .order_by("planned_date", "pk")
    )
    managers = _managers_by_unit({m.project.unit_id for m in milestones})
    reminders = []
    for milestone in milestones:
        project = milestone.project
        lead = project.lead.user if project.lead is not None else None
        overdue = milestone.planned_date < today
        template = (
            _("Milestone overdue since %(day)s: %(project)s · %(milestone)s")
            if overdue
            else _("Milestone due on %(day)s: %(project)s · %(milestone)s")
        )
        reminders.append(
            Reminder(
                recipients=(lead, *managers.get(project.unit_id, [])),
                text=template
                % {
                    "day": milestone.planned_date.isoformat(),
                    "project": project.name,
                    "milestone": milestone.name,
                },
                url=reverse("projects:project_detail", args=[project.pk]),
                overdue=overdue,
                key=f"milestone:{milestone.pk}",
                group=f"project:{project.pk}",
                group_label=project.name,
                unit=project.unit,
            )
        )
    return reminders
