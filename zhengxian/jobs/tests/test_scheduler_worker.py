"""Two real workers (`manage.py db_worker`) on one SQLite file run the schedule: every task
of the schedule runs, and each daily slot once, though both workers find it due at start."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import time
from pathlib import Path

from tests.reliability.sites import PYTHON, ROOT, Site

DAILY = {"send_reminders", "send_digest", "prune_jobs", "prune_scheduled_runs"}


def start_worker(site: Site, worker_id: str) -> subprocess.Popen:
    return subprocess.Popen(
        [
            *(PYTHON, "manage.py", "db_worker", "--no-reload", "--no-startup-delay"),
            *("--interval", "0.1", "--worker-id", worker_id),
            *("--verbosity", "2"),  # the runs that find nothing to do log at DEBUG
        ],
        cwd=ROOT,
        # From midnight on, the daily tasks are due whenever the test runs.
        env={**site.env, "ZHENGXIAN_DAILY_AT": "00:00", "PYTHONUNBUFFERED": "1"},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def finished_runs(site: Site) -> list[tuple[str, str, str]]:
    with sqlite3.connect(site.sqlite, timeout=20) as connection:
        return connection.execute(
            "SELECT task, status, worker_id FROM jobs_scheduledrun WHERE finished_at IS NOT NULL"
        ).fetchall()


def test_two_workers_run_each_scheduled_slot_once(tmp_path: Path):
    site = Site(tmp_path, None)
    site.manage("migrate", "-v0")
    workers = [start_worker(site, "first"), start_worker(site, "second")]
    try:
        deadline = time.monotonic() + 30
        while {task for task, *_ in finished_runs(site)} < DAILY | {"deliver_webhooks"}:
            assert all(w.poll() is None for w in workers), "a worker ended"
            assert time.monotonic() < deadline, finished_runs(site)
            time.sleep(0.1)
    finally:
        for worker in workers:
            worker.send_signal(signal.SIGTERM)
        logs = "".join(worker.communicate(timeout=30)[0] for worker in workers)

    runs = finished_runs(site)
    assert all(status == "succeeded" for _task, status, _worker in runs), logs
    assert sorted(task for task, *_ in runs if task in DAILY) == sorted(DAILY), logs
    for task in DAILY:  # started once in all, whichever worker won the slot
        assert logs.count(f"scheduled {task} ") == 2, logs  # "started" and "done" lines
    assert {worker for *_, worker in runs} <= {"first", "second"}
