"""The version of the attendance figures: renewed after every write to what they count
(sign-ins, roster rows, sessions), so per-unit counts kept under the old version are never
read again."""

from __future__ import annotations

from zhengxian.core.write_version import WriteVersion

ATTENDANCE = WriteVersion("activities:attendance-version")


def attendance_version() -> str:
    return ATTENDANCE.current()


def connect_version() -> None:
    from .models import ExpectedAttendee, Session, SignIn

    ATTENDANCE.follow(SignIn, ExpectedAttendee, Session)
