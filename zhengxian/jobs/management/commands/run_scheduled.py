"""`manage.py run_scheduled --once`: run the scheduled tasks that are due now, for those who
prefer cron to the worker's scheduler (and for tests); `--list` shows each task's last run."""

from __future__ import annotations

import socket
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from zhengxian.jobs.schedule import schedule
from zhengxian.jobs.scheduler import last_runs, run_due


class Command(BaseCommand):
    help = (
        "Runs the scheduled tasks that are due now (webhooks every minute, reminders and the"
        " digest every morning), each slot once across all workers and cron runs."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="run what is due now, then exit")
        parser.add_argument("--list", action="store_true", help="show the schedule and last runs")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["list"]:
            self._list()
        elif options["once"]:
            self._once()
        else:
            raise CommandError("Say --once (run what is due now) or --list.")

    def _once(self) -> None:
        ran = run_due(worker_id=f"run_scheduled@{socket.gethostname()}")
        for run in ran:
            self.stdout.write(f"{run.task} {run.slot}: {run.status} {run.error or run.result}")
        if not ran:
            self.stdout.write("Nothing due.")
        if any(run.error for run in ran):
            raise CommandError("A scheduled task failed; see above.")

    def _list(self) -> None:
        latest = last_runs()
        for entry in schedule():
            when = f"every {entry.every} s" if entry.every else f"daily at {entry.at:%H:%M}"
            run = latest.get(entry.name)
            last = "never run"
            if run is not None:
                started = timezone.localtime(run.started_at).strftime("%Y-%m-%d %H:%M:%S")
                last = f"{run.status} {started} {run.error or run.result}".rstrip()
            self.stdout.write(f"{entry.name} ({entry.label}), {when}: {last}")
