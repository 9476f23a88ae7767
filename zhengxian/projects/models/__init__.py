"""Key projects (挂图作战), special actions (专项行动) and the history of their colours."""

from __future__ import annotations

from .actions import ActionTask, SpecialAction
from .date_requests import MilestoneDateRequest, RequestState
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
    "MilestoneDateRequest",
    "ProgressPhoto",
    "ProgressReport",
    "Project",
    "ProjectTag",
    "Quantity",
    "RequestState",
    "SpecialAction",
    "Status",
    "StatusChange",
]
