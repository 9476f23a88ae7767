"""manage.py prune_jobs [--days N]: forget finished jobs (run daily)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from zhengxian.jobs.services import jobs_prune


class Command(BaseCommand):
    help = (
        "Deletes background jobs that finished more than N days ago (default 30), with their "
        "result files and whatever a failed job kept to resume (one-time passwords included)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", type=int, default=30)

    def handle(self, *args: Any, **options: Any) -> None:
        deleted = jobs_prune(days=options["days"])
        self.stdout.write(f"Deleted {deleted} finished jobs.")
