from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from zhengxian.core.reminders import DEFAULT_DAYS, send_reminders


class Command(BaseCommand):
    help = (
        "Reminds the owners of matters and milestones due within N days or overdue; once a"
        " day (a second run the same day sends nothing)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", type=int, default=DEFAULT_DAYS)
        parser.add_argument("--today", type=dt.date.fromisoformat, help="YYYY-MM-DD")

    def handle(self, *args: Any, **options: Any) -> None:
        sent = send_reminders(today=options["today"], days=options["days"])
        self.stdout.write(f"Sent {sent} reminder(s).")
