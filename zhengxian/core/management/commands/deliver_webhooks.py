from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from zhengxian.core.webhooks import deliver_due


class Command(BaseCommand):
    help = (
        "Sends the webhook deliveries that are due (run it every minute); failures are"
        " retried with back-off and logged on the delivery, never raised."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--limit", type=int, default=200)

    def handle(self, *args: Any, **options: Any) -> None:
        run = deliver_due(limit=options["limit"])
        self.stdout.write(
            f"Sent {run.sent}, to retry {run.retrying}, given up {run.failed} deliveries."
        )
