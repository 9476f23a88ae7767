"""Reads of projects and special actions, always starting from the user's scope."""

from __future__ import annotations

from .access import (
    action_get_for,
    actions_visible_to,
    can_edit,
    can_manage_action,
    can_report,
    can_work_on_task,
    project_get_for,
    projects_visible_to,
    task_get_for,
    tasks_visibility_q,
    tasks_visible_to,
)
from .lists import ProjectFilters, filter_choices, filter_projects

__all__ = [
    "ProjectFilters",
    "action_get_for",
    "actions_visible_to",
    "can_edit",
    "can_manage_action",
    "can_report",
    "can_work_on_task",
    "filter_choices",
    "filter_projects",
    "project_get_for",
    "projects_visible_to",
    "task_get_for",
    "tasks_visibility_q",
    "tasks_visible_to",
]
