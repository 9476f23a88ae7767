"""What the worker runs on a schedule, as data, and which slots are due at a given moment.

Each entry names a task, when it runs (every N seconds, or daily at a local time) and the
dotted path of a function called without arguments. The functions live in core (or here):
jobs must not import the feature apps, and core's notifications reach them through hooks.

A slot is one occurrence: the minute 18:15 of an every-minute task, the day 4 December of a
daily one. `due(entries, now)` is pure; `zhengxian.jobs.scheduler` claims and runs the slots.

- An interval task's slot is the current one only: a minute missed while no worker ran is
  not caught up (the next minute's run does its work).
- A daily task's slot is the local day, due from its time on: a worker that starts at 15:00
  runs the 07:30 slot it missed, once; before 07:30 nothing is due (yesterday's missed slot
  is not run the next morning; today's is).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from zhengxian.core import hooks

DEFAULT_DAILY_AT = "07:30"


@dataclass(frozen=True)
class Entry:
    name: str  # the task's name in ScheduledRun rows and logs
    path: str  # dotted path of the function to call, without arguments
    label: str | Promise = ""  # for people (`run_scheduled --list`)
    every: int = 0  # seconds between runs; or
    at: dt.time | None = None  # the local time of a daily run

    def __post_init__(self) -> None:
        if bool(self.every) == bool(self.at):
            raise ValueError(f"Schedule entry {self.name}: give either every or at")


@dataclass(frozen=True)
class Slot:
    entry: Entry
    key: str  # unique per entry: ScheduledRun.slot


def daily_at() -> dt.time:
    """The local time (TIME_ZONE, Asia/Shanghai) of the daily tasks: ZHENGXIAN_DAILY_AT."""
    text = getattr(settings, "ZHENGXIAN_DAILY_AT", DEFAULT_DAILY_AT) or DEFAULT_DAILY_AT
    return dt.time.fromisoformat(text)


def schedule() -> tuple[Entry, ...]:
    """The schedule of every worker (read when called: the daily time is a setting)."""
    morning = daily_at()
    return (
        Entry(
            "deliver_webhooks",
            "zhengxian.core.webhooks.deliver_due",
            _("Send the webhook messages that are due"),
            every=60,
        ),
        Entry(
            "send_reminders",
            "zhengxian.core.reminders.send_reminders",
            _("Remind of deadlines that are near or past"),
            at=morning,
        ),
        Entry(
            "send_digest",
            "zhengxian.core.digest.send_digest",
            _("Send yesterday's digest"),
            at=morning,
        ),
        Entry(
            "prune_jobs",
            "zhengxian.jobs.scheduler.prune_jobs",
            _("Forget the jobs finished 30 days ago"),
            at=morning,
        ),
        Entry(
            "prune_scheduled_runs",
            "zhengxian.jobs.scheduler.prune_runs",
            _("Forget old scheduled runs"),
            at=morning,
        ),
        *(_hooked(item, morning) for item in hooks.get_hooks("scheduled_tasks")),
    )


def _hooked(item: tuple[Any, ...], morning: dt.time) -> Entry:
    """A ``scheduled_tasks`` hook item: (name, path, label) runs daily at the morning time;
    (name, path, label, seconds) runs every that many seconds."""
    name, path, label, *every = item
    if every:
        return Entry(name, path, label, every=int(every[0]))
    return Entry(name, path, label, at=morning)


def slot_of(entry: Entry, now: dt.datetime) -> Slot | None:
    """The slot of ``entry`` due at ``now`` (aware), or None when it is not yet due."""
    local = timezone.localtime(now)
    if entry.every:
        start = int(now.timestamp()) // entry.every * entry.every
        began = timezone.localtime(dt.datetime.fromtimestamp(start, tz=dt.UTC))
        return Slot(entry, began.isoformat(timespec="seconds"))
    assert entry.at is not None
    if local.time() < entry.at:
        return None
    return Slot(entry, local.date().isoformat())


def due(entries: tuple[Entry, ...], now: dt.datetime) -> list[Slot]:
    return [slot for entry in entries if (slot := slot_of(entry, now)) is not None]
