"""Why a sign-in or a session action was refused: stable codes for programs and tests."""

from __future__ import annotations

from enum import StrEnum

from zhengxian.core.errors import DomainError


class Refusal(StrEnum):
    NO_PERSON = "no_person"  # the account belongs to nobody on the roster of people
    NOT_OPEN = "not_open"  # the organiser has not opened the session
    CLOSED = "closed"  # the session is closed or cancelled
    TOO_EARLY = "too_early"  # before the window opens
    TOO_LATE = "too_late"  # after the window closed
    ALREADY = "already"  # this person signed in already
    NOT_EXPECTED = "not_expected"  # by hand: only for people on the roster
    NOT_HELD = "not_held"  # by hand: only at a held session
    BAD_TRANSITION = "bad_transition"
    ENDED = "ended"  # too late to open or cancel


class ActivityError(DomainError):
    """A refused action; ``code`` is a `Refusal`."""

    def __init__(self, message: str, *, code: Refusal) -> None:
        super().__init__(message, code=str(code))
        self.refusal = code
