"""Milestones: planned and actual dates; every change re-derives the project's colour.

A unit moving the planned date of its own overdue milestone needs the lead leader's
approval (`date_requests.py`): the change is filed as a request and the date stays."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from zhengxian.campaigns.models import month_key
from zhengxian.core import clock
from zhengxian.core.errors import NotAllowed

from ..models import Milestone, Project
from ..selectors.access import can_report
from .date_requests import date_request_file, needs_approval
from .projects import require_edit
from .status import project_refresh_status


def _save(milestone: Milestone, today: dt.date) -> None:
    if milestone.actual_date is not None and milestone.actual_date > today:
        raise ValidationError({"actual_date": _("The actual date cannot lie in the future.")})
    milestone.due_month = month_key(milestone.planned_date) if milestone.planned_date else 0
    milestone.done_month = month_key(milestone.actual_date) if milestone.actual_date else None
    milestone.full_clean()
    milestone.save()


@transaction.atomic
def milestone_create(
    *,
    actor: Any,
    project: Project,
    name: str,
    planned_date: dt.date,
    planned_percent: Decimal | None = None,
    actual_date: dt.date | None = None,
    note: str = "",
    today: dt.date | None = None,
    refresh: bool = True,
) -> Milestone:
    require_edit(actor, project)
    today = today or clock.today()
    milestone = Milestone(
        project=project,
        name=name,
        planned_date=planned_date,
        planned_percent=planned_percent,
        actual_date=actual_date,
        note=note,
    )
    _save(milestone, today)
    if refresh:
        project_refresh_status(project=project, today=today)
    return milestone


@transaction.atomic
def milestone_update(
    *,
    actor: Any,
    milestone: Milestone,
    today: dt.date | None = None,
    refresh: bool = True,
    reason: str = "",
    **fields: Any,
) -> Milestone:
    """Changes the given fields. A change of ``planned_date`` that needs the lead leader's
    approval is filed as a request with ``reason`` (required then) and not applied."""
    require_edit(actor, milestone.project)
    today = today or clock.today()
    planned = fields.get("planned_date")
    moving = isinstance(planned, dt.date) and planned != milestone.planned_date
    if moving and needs_approval(actor, milestone, today=today):
        assert isinstance(planned, dt.date)
        date_request_file(actor=actor, milestone=milestone, planned_date=planned, reason=reason)
        del fields["planned_date"]
    return _update(milestone, today, refresh, fields)


def _update(
    milestone: Milestone, today: dt.date | None, refresh: bool, fields: dict[str, Any]
) -> Milestone:
    today = today or clock.today()
    for name, value in fields.items():
        setattr(milestone, name, value)
    _save(milestone, today)
    if refresh:
        project_refresh_status(project=milestone.project, today=today)
    return milestone


@transaction.atomic
def milestone_complete(
    *, actor: Any, milestone: Milestone, actual_date: dt.date, today: dt.date | None = None
) -> Milestone:
    """Marks the milestone done on ``actual_date`` (not in the future)."""
    if not can_report(actor, milestone.project):
        raise NotAllowed
    return _update(milestone, today, True, {"actual_date": actual_date})


@transaction.atomic
def milestone_delete(*, actor: Any, milestone: Milestone, today: dt.date | None = None) -> None:
    project = milestone.project
    require_edit(actor, project)
    if needs_approval(actor, milestone, today=today or clock.today()):
        raise NotAllowed(
            _("This milestone is overdue: only the lead leader or the office may remove it.")
        )
    milestone.delete()
    project_refresh_status(project=project, today=today)
