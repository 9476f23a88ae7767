"""Activities (study, training, events), their sessions and rosters, sign-ins, brands."""

from __future__ import annotations

from .activities import (
    Activity,
    ActivityKind,
    Attachment,
    AudienceRule,
    ExpectedAttendee,
    Session,
    SessionChange,
    SessionStatus,
)
from .brands import Brand, Season
from .signins import SignIn, SignInMethod

__all__ = [
    "Activity",
    "ActivityKind",
    "Attachment",
    "AudienceRule",
    "Brand",
    "ExpectedAttendee",
    "Season",
    "Session",
    "SessionChange",
    "SessionStatus",
    "SignIn",
    "SignInMethod",
]
