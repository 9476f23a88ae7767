"""Runs the scheduled tasks (`zhengxian.jobs.schedule`) that are due, each slot once
across every worker, and records each run on its `ScheduledRun` row.

Why not a Job per run: a Job belongs to a person and shows on their pages; these runs belong
to no one (the webhooks run 1,440 times a day), so their row is the record, failures go to
the worker's log with the traceback, and `manage.py run_scheduled --list` shows the last run
of each task. The work itself writes as a system actor ("system:schedule:send_digest").
The log says INFO only when a run did something (`did_work`: it sent, reminded, pruned…);
the many runs that find nothing to do, and every "started", are DEBUG (``db_worker -v 2``).

The guard is the database: every worker that finds a slot due inserts its row; the unique
constraint on (task, slot) lets one insert win on SQLite and PostgreSQL alike, and only the
winner runs the task. While a task runs, a thread beats on its row; a worker killed during
the run stops beating, and once the lease (`ZHENGXIAN_JOB_LEASE_SECONDS`) is over, the next
worker that finds the slot due takes the run over with a conditional update only one worker
can win, and runs the task again (reminders and digests carry dedup keys: no one is told
twice).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import threading
import traceback
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import IntegrityError, close_old_connections, connection, transaction
from django.db.models import F
from django.utils import translation
from django.utils.module_loading import import_string

from zhengxian.core import clock
from zhengxian.core.acting import acting_as
from zhengxian.core.actors import system_actor

from .models import RunStatus, ScheduledRun
from .schedule import Entry, Slot, due, schedule
from .services import jobs_prune, lease_seconds

logger = logging.getLogger("zhengxian.jobs")

TICK_SECONDS = 10.0  # the every-minute task starts within this of its minute
KEEP_DAYS = 30
RESULT_LENGTH = ScheduledRun._meta.get_field("result").max_length or 300


@dataclass(frozen=True)
class Ran:
    task: str
    slot: str
    status: str
    result: str = ""
    error: str = ""


def claim(slot: Slot, *, worker_id: str) -> ScheduledRun | None:
    """Inserts the slot's row; None when another worker's insert won (the slot is taken)."""
    run = ScheduledRun(
        task=slot.entry.name,
        slot=slot.key,
        status=RunStatus.RUNNING,
        worker_id=worker_id[:64],
        started_at=clock.now(),
        heartbeat_at=clock.now(),
    )
    # The unique constraint decides, not a query before it: both racers would pass that.
    run.full_clean(validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            run.save()
    except IntegrityError:
        return None
    return run


def take_over(slot: Slot, *, worker_id: str) -> ScheduledRun | None:
    """The slot's run when it was left running by a worker that stopped beating, now this
    worker's; None when the slot is finished, alive, or another worker took it first."""
    cutoff = clock.now() - dt.timedelta(seconds=lease_seconds())
    stale = ScheduledRun.objects.filter(
        task=slot.entry.name, slot=slot.key, status=RunStatus.RUNNING, heartbeat_at__lt=cutoff
    )
    run = stale.first()
    if run is None:
        return None
    taken = stale.filter(pk=run.pk, heartbeat_at=run.heartbeat_at).update(
        worker_id=worker_id[:64], heartbeat_at=clock.now(), attempts=F("attempts") + 1
    )
    if not taken:
        return None  # another worker's update came first
    run.refresh_from_db()
    logger.warning("scheduled %s %s: its worker stopped, run again", run.task, run.slot)
    return run


class Beat(threading.Thread):
    """Beats for one run while its task runs, so no other worker takes it over."""

    def __init__(self, run: ScheduledRun) -> None:
        super().__init__(name=f"zhengxian-scheduled-beat-{run.pk}", daemon=True)
        self.run_id = run.pk
        self.stopping = threading.Event()

    def run(self) -> None:
        try:
            while not self.stopping.wait(max(0.2, lease_seconds() / 4)):
                try:
                    ScheduledRun.objects.filter(pk=self.run_id, status=RunStatus.RUNNING).update(
                        heartbeat_at=clock.now()
                    )
                except Exception:  # a locked database: the next beat
                    logger.exception("scheduled run %s: beat failed", self.run_id)
        finally:
            connection.close()

    def stop(self) -> None:
        self.stopping.set()
        self.join()


def run_slot(run: ScheduledRun, entry: Entry) -> Ran:
    """Calls the entry's function and records what it returned or why it failed."""
    logger.debug("scheduled %s %s: started", run.task, run.slot)
    beat = Beat(run)
    beat.start()
    try:
        function = import_string(entry.path)
        with (
            translation.override(settings.LANGUAGE_CODE),
            acting_as(system_actor(f"schedule:{entry.name}")),
        ):
            value: Any = function()
    except Exception as error:
        run.status = RunStatus.FAILED
        run.error = f"{type(error).__name__}: {error}"
        run.error_detail = traceback.format_exc()
        logger.exception("scheduled %s %s failed: %s", run.task, run.slot, run.error)
    else:
        run.status = RunStatus.SUCCEEDED
        run.result = "" if value is None else str(value)[:RESULT_LENGTH]
        level = logging.INFO if did_work(value) else logging.DEBUG
        logger.log(level, "scheduled %s %s: done %s", run.task, run.slot, run.result)
    finally:
        beat.stop()
    run.finished_at = clock.now()
    run.save(update_fields=["status", "result", "error", "error_detail", "finished_at"])
    return Ran(run.task, run.slot, run.status, run.result, run.error)


def did_work(value: Any) -> bool:
    """Whether a task's return value says it did something: a count above 0, or a summary
    (a dataclass such as the webhooks' `DeliveryRun`) with a count above 0. The webhooks run
    every minute and mostly find nothing to send: those minutes log at DEBUG, not INFO."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return any(did_work(getattr(value, f.name)) for f in dataclasses.fields(value))
    return bool(value)


def run_due(
    *,
    worker_id: str = "",
    now: dt.datetime | None = None,
    entries: tuple[Entry, ...] | None = None,
) -> list[Ran]:
    """Runs every slot due at ``now`` that no worker has claimed yet; one failing task is
    recorded and the others still run. Returns what this call ran."""
    now = now or clock.now()
    slots = due(schedule() if entries is None else entries, now)
    if not slots:
        return []
    rows = ScheduledRun.objects.filter(
        task__in={s.entry.name for s in slots}, slot__in={s.key for s in slots}
    ).values_list("task", "slot", "status")
    taken = {(task, key): status for task, key, status in rows}
    ran = []
    for slot in slots:
        status = taken.get((slot.entry.name, slot.key))
        if status is None:
            run = claim(slot, worker_id=worker_id)  # the constraint guards the race
        elif status == RunStatus.RUNNING:
            run = take_over(slot, worker_id=worker_id)  # alive, or a dead worker's
        else:
            run = None  # done or failed: the slot ran
        if run is not None:
            ran.append(run_slot(run, slot.entry))
    return ran


def prune_jobs() -> int:
    """`manage.py prune_jobs` with its default (a daily scheduled task)."""
    return jobs_prune(days=KEEP_DAYS)


def prune_runs(*, days: int = KEEP_DAYS) -> int:
    """Forgets the runs started more than ``days`` days ago (a daily scheduled task)."""
    cutoff = clock.now() - dt.timedelta(days=days)
    deleted, _counts = ScheduledRun.objects.filter(started_at__lt=cutoff).delete()
    return deleted


def last_runs() -> dict[str, ScheduledRun]:
    """The latest run of each task of the schedule."""
    latest: dict[str, ScheduledRun] = {}
    for entry in schedule():
        run = ScheduledRun.objects.filter(task=entry.name).order_by("-started_at", "-id").first()
        if run is not None:
            latest[entry.name] = run
    return latest


class Scheduler(threading.Thread):
    """The worker's scheduler: a thread beside the job loop and the watchdog, so a slow task
    (webhooks with a dead robot) neither holds up the jobs nor their heartbeats."""

    def __init__(self, worker_id: str, *, tick: float = TICK_SECONDS) -> None:
        super().__init__(name="zhengxian-scheduler", daemon=True)
        self.worker_id = worker_id
        self.tick = tick
        self.stopping = threading.Event()

    def run(self) -> None:
        try:
            while not self.stopping.is_set():
                try:
                    close_old_connections()
                    run_due(worker_id=self.worker_id)
                except Exception:  # a locked database or a lost connection: next tick
                    logger.exception("scheduler: tick failed")
                self.stopping.wait(self.tick)
        finally:
            connection.close()

    def stop(self, *, wait: float = 30.0) -> None:
        """Lets a running task finish (for ``wait`` seconds at most), then returns."""
        self.stopping.set()
        if self.is_alive() and self is not threading.current_thread():
            self.join(timeout=wait)
