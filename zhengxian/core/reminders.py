""" "Due in N days" and "overdue" reminders, sent once a day.

core imports no app, so each app that owns deadlines registers a finder under the hook
``reminders``: a function ``(*, today: date, days: int) -> Iterable[Reminder]`` naming what
falls due within ``days`` days or is overdue on ``today``, and who owns it. `send_reminders`
asks every finder and notifies; the dedup key (kind, object, day) makes a second run on the
same day send nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Protocol

from . import clock, hooks
from .notification_kinds import Kind
from .notifications import notify

DEFAULT_DAYS = 3


@dataclass(frozen=True)
class Reminder:
    recipients: tuple[Any, ...]
    text: str
    url: str
    overdue: bool
    key: str  # the object reminded of, e.g. "matter:12"
    group: str = ""  # e.g. "unit:4": the page groups reminders by it
    group_label: str = ""
    unit: Any = None  # routes the reminder to unit webhook channels

    @property
    def kind(self) -> str:
        return Kind.OVERDUE if self.overdue else Kind.DUE_SOON


class ReminderFinder(Protocol):
    def __call__(self, *, today: dt.date, days: int) -> Iterable[Reminder]: ...


def finders() -> list[ReminderFinder]:
    return list(hooks.get_hooks("reminders"))


def send_reminders(*, today: dt.date | None = None, days: int = DEFAULT_DAYS) -> int:
    """Notifies the owners of everything due within ``days`` days or overdue; returns how
    many notifications were new (0 on a second run the same day)."""
    today = today or clock.today()
    sent = 0
    for finder in finders():
        for reminder in finder(today=today, days=days):
            sent += notify(
                recipients=reminder.recipients,
                text=reminder.text,
                url=reminder.url,
                kind=reminder.kind,
                group=reminder.group,
                group_label=reminder.group_label,
                unit=reminder.unit,
                dedup_key=f"{reminder.kind}:{reminder.key}:{today.isoformat()}",
            )
    return sent
