"""Writes: activities, sessions and their workflow, sign-ins, brands. Each one transaction."""

from __future__ import annotations

from .activities import (
    Audience,
    SessionPlan,
    activity_audience_set,
    activity_create,
    attachment_add,
    session_add,
)
from .brands import brand_create, season_create
from .sessions import (
    session_cancel,
    session_close,
    session_open,
    session_record_held,
    session_rotate_token,
    session_set_participants,
)
from .signins import sign_in, sign_in_by_hand

__all__ = [
    "Audience",
    "SessionPlan",
    "activity_audience_set",
    "activity_create",
    "attachment_add",
    "brand_create",
    "season_create",
    "session_add",
    "session_cancel",
    "session_close",
    "session_open",
    "session_record_held",
    "session_rotate_token",
    "session_set_participants",
    "sign_in",
    "sign_in_by_hand",
]
