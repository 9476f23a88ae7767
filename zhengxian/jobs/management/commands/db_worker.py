"""`manage.py db_worker`: django-tasks-db's worker, plus the watchdog of zhengxian.jobs.

At start it queues again the jobs of workers that died; while it runs, a thread beats for
the jobs it runs and requeues those of dead workers (see `zhengxian.jobs.watchdog`), and
another runs the scheduled tasks when due (`zhengxian.jobs.schedule`; ``--no-scheduler``
leaves them to ``manage.py run_scheduled --once`` from cron). The other options are
django-tasks-db's (``--queue-name``, ``--interval``, ``--batch``, ``--max-tasks``,
``--worker-id``, ``--reload``/``--no-reload``, ``--no-startup-delay``).
"""

from __future__ import annotations

import logging
import os
from argparse import ArgumentParser
from typing import Any

from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django_tasks_db.management.commands import db_worker

from zhengxian.jobs.scheduler import Scheduler
from zhengxian.jobs.watchdog import Watchdog, check


class Command(db_worker.Command):
    help = (
        "Run a database background worker that also recovers the jobs of dead workers and"
        " runs the scheduled tasks"
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--no-scheduler",
            action="store_false",
            dest="scheduler",
            help="Do not run the scheduled tasks (webhooks, reminders, digest) in this worker.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["reload"] and os.environ.get(DJANGO_AUTORELOAD_ENV) != "true":
            super().handle(*args, **options)  # the reloader's parent: the child does the work
            return
        self._log_jobs(options["verbosity"])
        requeued = check(options["worker_id"])
        if requeued:
            self.stdout.write(f"Queued again the jobs of stopped workers: {requeued}")
        watchdog = Watchdog(options["worker_id"])
        watchdog.start()
        scheduler = Scheduler(options["worker_id"]) if options["scheduler"] else None
        if scheduler is not None:
            scheduler.start()
        try:
            super().handle(*args, **options)
        finally:
            watchdog.stop()
            if scheduler is not None:
                scheduler.stop()

    def _log_jobs(self, verbosity: int) -> None:
        """Job progress lines on the worker's output: "job 12 orgs.people_import: 7/40 …";
        with ``-v 2`` also the scheduled runs that found nothing to do (DEBUG)."""
        logger = logging.getLogger("zhengxian.jobs")
        levels = {0: logging.WARNING, 1: logging.INFO}
        logger.setLevel(levels.get(verbosity, logging.DEBUG))
        if not logger.handlers:
            logger.addHandler(logging.StreamHandler(self.stdout))
            logger.propagate = False
