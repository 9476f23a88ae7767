"""Writes to projects and special actions. Each function is one transaction and, where the
write can change a colour, re-derives it (recording a StatusChange when it changes)."""

from __future__ import annotations

from .actions import (
    action_task_complete,
    action_task_create,
    action_task_update,
    special_action_create,
    special_action_update,
)
from .date_requests import date_request_decide, date_request_file, needs_approval
from .milestones import milestone_complete, milestone_create, milestone_delete, milestone_update
from .progress import progress_report_create
from .projects import project_create, project_set_tags, project_update, quantity_set
from .status import project_refresh_status, refresh_all, task_refresh_status

__all__ = [
    "action_task_complete",
    "action_task_create",
    "action_task_update",
    "date_request_decide",
    "date_request_file",
    "milestone_complete",
    "milestone_create",
    "milestone_delete",
    "milestone_update",
    "needs_approval",
    "progress_report_create",
    "project_create",
    "project_refresh_status",
    "project_set_tags",
    "project_update",
    "quantity_set",
    "refresh_all",
    "special_action_create",
    "special_action_update",
    "task_refresh_status",
]
