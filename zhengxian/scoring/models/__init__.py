from __future__ import annotations

from .appeals import Appeal, AppealAttachment, AppealStatus
from .assessments import (
    Adjustment,
    AdjustmentKind,
    AdjustmentStatus,
    LeafOverride,
    ManualAssessment,
)
from .checklists import ChecklistItem
from .live import LiveLeaf, LiveMark, LiveRanking, LiveValue
from .panels import PanelScore, Rater, RaterPanel, Rating
from .sheets import ScoreSheet, SheetStatus, UnitScore

__all__ = [
    "Adjustment",
    "AdjustmentKind",
    "AdjustmentStatus",
    "Appeal",
    "AppealAttachment",
    "AppealStatus",
    "ChecklistItem",
    "LeafOverride",
    "LiveLeaf",
    "LiveMark",
    "LiveRanking",
    "LiveValue",
    "ManualAssessment",
    "PanelScore",
    "Rater",
    "RaterPanel",
    "Rating",
    "ScoreSheet",
    "SheetStatus",
    "UnitScore",
]
