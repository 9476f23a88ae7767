from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser, no_translations

from zhengxian.core.actors import system_actor
from zhengxian.core.errors import DomainError
from zhengxian.scoring.selectors import UnknownPeriod, period_by_keys
from zhengxian.scoring.services.compute import period_score


class Command(BaseCommand):
    help = "Scores a period and stores the result as a new version in preview (公示)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("campaign", help="The campaign's code, e.g. chengxiang-2026.")
        parser.add_argument("period", help="The period's key, e.g. 2026-03 or 2026-Q1.")
        parser.add_argument(
            "--reason", default="", help="Why: required to correct a period already published."
        )

    @no_translations  # messages in English, like the command's own
    def handle(self, *args: Any, **options: Any) -> None:
        try:
            period = period_by_keys(options["campaign"], options["period"])
            sheet = period_score(
                period=period, actor=system_actor("manage.py score"), reason=options["reason"]
            )
        except (UnknownPeriod, DomainError) as error:
            raise CommandError(str(error)) from error
        share = "—" if sheet.record_share is None else f"{sheet.record_share * 100:.1f}%"
        until = sheet.preview_until.isoformat() if sheet.preview_until else "—"
        self.stdout.write(
            self.style.SUCCESS(
                f"Scored {period.campaign.code} {period.key}: version {sheet.version}, "
                f"{sheet.unit_scores.count()} units, in preview until {until}; "
                f"points from records {share}."
            )
        )
