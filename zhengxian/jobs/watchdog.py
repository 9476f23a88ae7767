"""The worker's watchdog: a thread that beats for the jobs this worker runs and queues again
the jobs of workers that stopped beating (killed, out of memory, machine lost).

django-tasks-db marks a row RUNNING when a worker claims it and nothing ever looks at it
again: a worker killed mid-job leaves it RUNNING for good. The Job row's heartbeat is our
lease: a job not beaten for `lease_seconds()` is taken for dead and queued again with a new
run token, so a late run of the old token cannot finish it a second time.
"""

from __future__ import annotations

import logging
import threading

from django.db import close_old_connections, connection

from .services import jobs_heartbeat, jobs_requeue_stale, lease_seconds

logger = logging.getLogger("zhengxian.jobs")


def beat_interval() -> float:
    return max(0.2, lease_seconds() / 4)


def check(worker_id: str) -> list[int]:
    """One beat: this worker's jobs are alive; the stale ones of others are queued again."""
    jobs_heartbeat(worker_id=worker_id)
    return jobs_requeue_stale()


class Watchdog(threading.Thread):
    def __init__(self, worker_id: str) -> None:
        super().__init__(name="zhengxian-jobs-watchdog", daemon=True)
        self.worker_id = worker_id
        self.stopping = threading.Event()

    def run(self) -> None:
        try:
            while not self.stopping.wait(beat_interval()):
                try:
                    close_old_connections()
                    check(self.worker_id)
                except Exception:  # a locked database or a lost connection: try next beat
                    logger.exception("job watchdog: beat failed")
        finally:
            connection.close()

    def stop(self) -> None:
        self.stopping.set()
