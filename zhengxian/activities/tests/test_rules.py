"""The window, late and absent as plain functions (no database)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from zhengxian.activities import rules
from zhengxian.activities.rules import Attendance

from .conftest import at

NINE, ELEVEN = at(9), at(11)


@dataclass
class FakeSession:
    starts_at: dt.datetime = NINE
    ends_at: dt.datetime = ELEVEN
    closed_at: dt.datetime | None = None
    opens_before_minutes: int = 30
    grace_minutes: int = 5
    status: str = "open"


def test_window_runs_from_n_minutes_before_the_start_to_the_end():
    session = FakeSession(opens_before_minutes=15)
    assert rules.window_opens(session) == at(8, 45)
    assert rules.window_closes(session) == at(11)
    assert not rules.in_window(session, at(8, 44))
    assert rules.in_window(session, at(8, 45)) and rules.in_window(session, at(11))
    assert not rules.in_window(session, at(11, 0) + dt.timedelta(seconds=1))


def test_closing_early_cuts_the_window_but_closing_late_does_not_extend_it():
    assert rules.window_closes(FakeSession(closed_at=at(10))) == at(10)
    assert rules.window_closes(FakeSession(closed_at=at(12))) == at(11)


def test_late_is_strictly_after_start_plus_grace():
    session = FakeSession(grace_minutes=10)
    assert not rules.is_late(session, at(9, 10))
    assert rules.is_late(session, at(9, 10) + dt.timedelta(seconds=1))


def test_attendance_states():
    session = FakeSession()
    assert rules.attendance(session, at(9), at(12)) == Attendance.ON_TIME
    assert rules.attendance(session, at(9, 30), at(12)) == Attendance.LATE
    assert rules.attendance(session, None, at(10)) == Attendance.PENDING
    assert rules.attendance(session, None, at(11, 1)) == Attendance.ABSENT
    assert rules.attendance(FakeSession(status="closed"), None, at(10)) == Attendance.ABSENT
    assert rules.attendance(FakeSession(status="planned"), None, at(12)) == Attendance.NOT_HELD
    assert rules.attendance(FakeSession(status="cancelled"), None, at(12)) == Attendance.NOT_HELD
