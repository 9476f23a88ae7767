"""Key projects (挂图作战), special actions (专项行动) and the history of their colours."""

from __future__ import annotations

from .actions import ActionTask, SpecialAction
from .projects import (
    Category,
    Milestone,
    ProgressPhoto,
    ProgressReport,
    Project,
    ProjectTag,
    Quantity,
    Status,
)
from .status import StatusChange

__all__ = [
    "ActionTask",
    "Category",
    "Milestone",
    "ProgressPhoto",
    "ProgressReport",
    "Project",
    "ProjectTag",
    "Quantity",
    "SpecialAction",
    "Status",
    "StatusChange",
]
