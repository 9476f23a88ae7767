from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from zhengxian.core.digest import send_digest


class Command(BaseCommand):
    help = (
        "Sends each user one digest of yesterday's unread notification groups, in-app and to"
        " their personal webhook channel; running it twice a day sends nothing new."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--today", type=dt.date.fromisoformat, help="YYYY-MM-DD")

    def handle(self, *args: Any, **options: Any) -> None:
        sent = send_digest(today=options["today"])
        self.stdout.write(f"Sent {sent} digest(s).")
