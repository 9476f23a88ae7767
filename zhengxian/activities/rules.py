"""The sign-in rules as plain functions: the window, late and absent (derived, never stored).

- The window of a session is ``[starts_at − opens_before_minutes, ends_at]``; closing the
  session early ends it at ``closed_at``.
- A sign-in is *late* when it is after ``starts_at + grace_minutes``.
- An expected person is *absent* when the session was held, its window is over, and they
  have no sign-in. Before the window ends they are *pending*.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Protocol

from django.utils.translation import gettext_lazy as _

HELD = ("open", "closed")


class SessionLike(Protocol):
    starts_at: dt.datetime
    ends_at: dt.datetime
    closed_at: dt.datetime | None
    opens_before_minutes: int
    grace_minutes: int
    status: str


class Attendance(StrEnum):
    ON_TIME = "on_time"
    LATE = "late"
    ABSENT = "absent"
    PENDING = "pending"  # expected, not signed in, the window is not over yet
    NOT_HELD = "not_held"  # the session was cancelled or never opened


ATTENDANCE_LABELS = {
    Attendance.ON_TIME: _("On time"),
    Attendance.LATE: _("Late"),
    Attendance.ABSENT: _("Absent"),
    Attendance.PENDING: _("Not signed in yet"),
    Attendance.NOT_HELD: _("Not held"),
}


def window_opens(session: SessionLike) -> dt.datetime:
    return session.starts_at - dt.timedelta(minutes=session.opens_before_minutes)


def window_closes(session: SessionLike) -> dt.datetime:
    if session.closed_at is not None and session.closed_at < session.ends_at:
        return session.closed_at
    return session.ends_at


def in_window(session: SessionLike, at: dt.datetime) -> bool:
    return window_opens(session) <= at <= window_closes(session)


def is_late(session: SessionLike, signed_at: dt.datetime) -> bool:
    return signed_at > session.starts_at + dt.timedelta(minutes=session.grace_minutes)


def attendance(session: SessionLike, signed_at: dt.datetime | None, now: dt.datetime) -> Attendance:
    """The state of one expected person at ``session`` as of ``now``."""
    if signed_at is not None:
        return Attendance.LATE if is_late(session, signed_at) else Attendance.ON_TIME
    if session.status not in HELD:
        return Attendance.NOT_HELD
    if session.status == "closed" or now > window_closes(session):
        return Attendance.ABSENT
    return Attendance.PENDING
