from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser, no_translations

from zhengxian.core.actors import system_actor
from zhengxian.core.errors import DomainError
from zhengxian.scoring.selectors import UnknownPeriod, period_by_keys
from zhengxian.scoring.services.publication import period_publish


class Command(BaseCommand):
    help = "Publishes (晾晒) a period's result in preview as a tamper-evident snapshot."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("campaign", help="The campaign's code, e.g. chengxiang-2026.")
        parser.add_argument("period", help="The period's key, e.g. 2026-03 or 2026-Q1.")
        parser.add_argument(
            "--force", action="store_true", help="Publish before the preview days are over."
        )

    @no_translations  # messages in English, like the command's own
    def handle(self, *args: Any, **options: Any) -> None:
        try:
            period = period_by_keys(options["campaign"], options["period"])
            sheet = period_publish(
                period=period, actor=system_actor("manage.py publish"), force=options["force"]
            )
        except (UnknownPeriod, DomainError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Published {period.campaign.code} {period.key} version {sheet.version} "
                f"as publication #{sheet.publication_seq}, digest {sheet.digest}."
            )
        )
