"""A worker SIGKILLed in the middle of a job: the job is not lost and not done twice.

Real processes against a file SQLite database: `manage.py db_worker` runs a 30-step job
(`handlers.count_to`, each step saved with its progress), is killed at step 5 or later, and
a second worker started afterwards takes the job over once its lease (2 s here) has run out,
resumes after the last saved step and finishes it. Each step is recorded in the job's state
in the step's own transaction, so a step done twice, or a job finished twice, would show.
"""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

from tests.reliability.sites import PYTHON, ROOT, Site

STEPS = 30
LEASE = "2"


START_JOB = """
from zhengxian.accounts.models import User
from zhengxian.jobs.services import job_start
from zhengxian.jobs.tests.handlers import count_to
owner = User.objects.create(username="office")
job = job_start(owner=owner, kind="tests.count", label="count", handler=count_to,
                params={"steps": %d, "pause": 0.2, "finished_file": %r})
print(job.pk)
"""


class Worker:
    def __init__(self, site: Site, worker_id: str) -> None:
        self.process = subprocess.Popen(
            [
                *(PYTHON, "manage.py", "db_worker", "--no-reload", "--no-startup-delay"),
                *("--interval", "0.1", "--worker-id", worker_id),
            ],
            cwd=ROOT,
            env={**site.env, "ZHENGXIAN_JOB_LEASE_SECONDS": LEASE, "PYTHONUNBUFFERED": "1"},
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )

    def output(self) -> str:
        return self.process.communicate(timeout=30)[0]


def read(site: Site, sql: str, *args: object) -> list[tuple]:
    with sqlite3.connect(site.sqlite, timeout=20) as connection:
        return connection.execute(sql, args).fetchall()


def job_row(site: Site, job_id: int) -> dict:
    status, done, attempts, worker, result = read(
        site,
        "SELECT status, done, attempts, worker_id, result FROM jobs_job WHERE id = ?",
        job_id,
    )[0]
    return {
        "status": status,
        "done": done,
        "attempts": attempts,
        "worker": worker,
        "result": json.loads(result),
    }


def wait_for(what, condition, worker: Worker, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if worker.process.poll() is not None:
            raise AssertionError(f"the worker ended before {what}:\n{worker.output()}")
        if time.monotonic() > deadline:
            worker.process.kill()
            raise AssertionError(f"no {what} within {timeout} s:\n{worker.output()}")
        time.sleep(0.1)


def test_a_killed_workers_job_is_finished_exactly_once_by_the_next_worker(tmp_path: Path):
    site = Site(tmp_path, None)  # a file SQLite database, also under `make test-pg`
    site.manage("migrate", "-v0")
    finished = tmp_path / "finished.txt"
    started = site.manage("shell", "-c", START_JOB % (STEPS, str(finished)))
    job_id = int(started.stdout.strip().splitlines()[-1])

    first = Worker(site, "first")
    wait_for("step 5", lambda: job_row(site, job_id)["done"] >= 5, first)
    first.process.send_signal(signal.SIGKILL)
    first.process.wait(timeout=30)
    assert first.process.returncode == -signal.SIGKILL
    killed_at = job_row(site, job_id)
    assert killed_at["status"] == "running" and 5 <= killed_at["done"] < STEPS
    assert not finished.exists()

    second = Worker(site, "second")
    try:
        wait_for("the end", lambda: job_row(site, job_id)["status"] == "succeeded", second)
    finally:
        second.process.send_signal(signal.SIGTERM)
        log = second.output()

    job = job_row(site, job_id)
    assert job["result"]["data"]["seen"] == list(range(STEPS)), log  # every step once
    assert (job["done"], job["attempts"], job["worker"]) == (STEPS, 2, "second")
    assert finished.read_text().splitlines() == [f"job {job_id} finished"]  # finished once
    runs = sorted(read(site, "SELECT status, worker_ids FROM django_tasks_database_dbtaskresult"))
    assert runs == [("FAILED", '["first"]'), ("SUCCESSFUL", '["second"]')], runs
    assert f"job {job_id} tests.count: its worker stopped, queued again" in log
