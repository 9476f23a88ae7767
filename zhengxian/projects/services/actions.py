"""Special actions and their tasks; a task's colour is re-derived whenever it changes."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from zhengxian.campaigns.models import month_key
from zhengxian.core import clock
from zhengxian.core.errors import NotAllowed
from zhengxian.orgs.models import Unit
from zhengxian.orgs.roles import Perm
from zhengxian.orgs.scope import require

from ..models import ActionTask, SpecialAction
from ..selectors.access import can_manage_action, can_work_on_task
from .status import task_refresh_status


@transaction.atomic
def special_action_create(
    *,
    actor: Any,
    code: str,
    name: str,
    unit: Unit,
    description: str = "",
    is_demo: bool = False,
) -> SpecialAction:
    require(actor, Perm.MANAGE_PROJECTS, unit)
    action = SpecialAction(
        code=code, name=name, unit=unit, description=description, is_demo=is_demo
    )
    action.full_clean()
    action.save()
    return action


@transaction.atomic
def special_action_update(*, actor: Any, action: SpecialAction, **fields: Any) -> SpecialAction:
    _require_manage(actor, action)
    unit = fields.get("unit")
    if unit is not None and unit.pk != action.unit_id:
        require(actor, Perm.MANAGE_PROJECTS, unit)
    for name, value in fields.items():
        setattr(action, name, value)
    action.full_clean()
    action.save()
    return action


def _require_manage(actor: Any, action: SpecialAction) -> None:
    if not can_manage_action(actor, action):
        raise NotAllowed


def _save(task: ActionTask, today: dt.date) -> None:
    if task.done_on is not None and task.done_on > today:
        raise ValidationError({"done_on": _("The day it was done cannot lie in the future.")})
    task.due_month = month_key(task.deadline) if task.deadline else 0
    task.done_month = month_key(task.done_on) if task.done_on else None
    task.full_clean()
    task.save()


@transaction.atomic
def action_task_create(
    *,
    actor: Any,
    action: SpecialAction,
    name: str,
    unit: Unit,
    deadline: dt.date,
    done_on: dt.date | None = None,
    note: str = "",
    order: int = 0,
    today: dt.date | None = None,
    refresh: bool = True,
) -> ActionTask:
    _require_manage(actor, action)
    today = today or clock.today()
    task = ActionTask(
        action=action,
        name=name,
        unit=unit,
        deadline=deadline,
        done_on=done_on,
        note=note,
        order=order,
    )
    _save(task, today)
    if refresh:
        task_refresh_status(task=task, today=today)
    return task


@transaction.atomic
def action_task_update(
    *, actor: Any, task: ActionTask, today: dt.date | None = None, **fields: Any
) -> ActionTask:
    _require_manage(actor, task.action)
    return _update(task, today, fields)


def _update(task: ActionTask, today: dt.date | None, fields: dict[str, Any]) -> ActionTask:
    today = today or clock.today()
    for name, value in fields.items():
        setattr(task, name, value)
    _save(task, today)
    task_refresh_status(task=task, today=today)
    return task


@transaction.atomic
def action_task_complete(
    *, actor: Any, task: ActionTask, done_on: dt.date, today: dt.date | None = None
) -> ActionTask:
    """The task's owner unit (or the organiser) marks it done."""
    if not can_work_on_task(actor, task):
        raise NotAllowed
    return _update(task, today, {"done_on": done_on})
