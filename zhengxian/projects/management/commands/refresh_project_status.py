"""`manage.py refresh_project_status`: re-derive every project's and task's colour (daily).

Time alone turns a milestone overdue, so the worker runs it every morning (hook
``scheduled_tasks``; this command is for a run by hand);
each colour that changed is recorded as a StatusChange row, which feeds "turned yellow or
red this week" and the escalation ladder.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from zhengxian.core import clock
from zhengxian.core.acting import acting_as

from ...services import refresh_all

ACTOR = "system:refresh_project_status"


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(
            f"--today: expected a date such as 2026-03-20, not {value!r}."
        ) from error


class Command(BaseCommand):
    help = "Re-derives the red/yellow/green status of every key project and special-action task."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--today", type=_date, default=None, help="the day to judge by (YYYY-MM-DD)"
        )
        parser.add_argument("--quiet-leads", action="store_true", help="do not notify lead leaders")

    def handle(self, *args: Any, **options: Any) -> None:
        today = options["today"] or clock.today()
        with acting_as(ACTOR):
            result = refresh_all(today=today, notify_lead=not options["quiet_leads"])
        self.stdout.write(
            f"{today}: {result.projects} projects, {result.tasks} tasks, "
            f"{result.changes} status changes"
        )
