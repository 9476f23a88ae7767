"""The matters' "due in N days" and "overdue" reminders (hook ``reminders``): every matter
that is not resolved and whose deadline falls within ``days`` days or has passed, to the
people who handle matters at its responsible unit."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _

from zhengxian.core.reminders import Reminder

from .deadlines import overdue_q
from .models import Matter
from .services.common import matter_url, responsible_handlers
from .workflow import UNRESOLVED_STATES


def matter_reminders(*, today: dt.date, days: int) -> list[Reminder]:
    due = Q(
        deadline__gte=today,
        deadline__lte=today + dt.timedelta(days=days),
        resolved_on__isnull=True,
        state__in=UNRESOLVED_STATES,
    )
    matters = (
        Matter.objects.filter(overdue_q(today) | due, responsible_unit__isnull=False)
        .select_related("responsible_unit")
        .order_by("deadline", "pk")
    )
    handlers: dict[int, list[Any]] = {}
    reminders = []
    for matter in matters:
        unit = matter.responsible_unit
        assert unit is not None and matter.deadline is not None
        if unit.pk not in handlers:
            handlers[unit.pk] = responsible_handlers(unit)
        overdue = matter.deadline < today
        template = (
            _("Overdue since %(day)s: %(title)s") if overdue else _("Due on %(day)s: %(title)s")
        )
        reminders.append(
            Reminder(
                recipients=tuple(handlers[unit.pk]),
                text=template % {"day": matter.deadline.isoformat(), "title": matter.title},
                url=matter_url(matter.pk),
                overdue=overdue,
                key=f"matter:{matter.pk}",
                group=f"unit:{unit.pk}",
                group_label=unit.name,
                unit=unit,
            )
        )
    return reminders
