from __future__ import annotations

from .confirmations import OutgoingSms, RequesterConfirmation
from .matters import (
    Matter,
    MatterAttachment,
    MatterCategory,
    MatterGram,
    MatterLink,
    MatterOrigin,
    MatterState,
    MatterTransition,
    RectificationKind,
    Resolution,
)
from .mediation import (
    MediationCase,
    MediationCategory,
    MediationOutcome,
    MediationParty,
    MediationSession,
    PartySide,
)
from .registers import Enterprise, Site, SiteKind
from .supervision import SupervisionDay, SupervisionDaySupervisor, SupervisionInspection
from .visits import TargetKind, Visit, VisitParticipant

__all__ = [
    "Enterprise",
    "Matter",
    "MatterAttachment",
    "MatterCategory",
    "MatterGram",
    "MatterLink",
    "MatterOrigin",
    "MatterState",
    "MatterTransition",
    "MediationCase",
    "MediationCategory",
    "MediationOutcome",
    "MediationParty",
    "MediationSession",
    "OutgoingSms",
    "PartySide",
    "RectificationKind",
    "RequesterConfirmation",
    "Resolution",
    "Site",
    "SiteKind",
    "SupervisionDay",
    "SupervisionDaySupervisor",
    "SupervisionInspection",
    "TargetKind",
    "Visit",
    "VisitParticipant",
]
