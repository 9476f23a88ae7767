"""`manage.py purge_personal_data [--dry-run]`: blank residents' names and phone numbers in
matters and mediation cases closed more than ZHENGXIAN_PERSONAL_DATA_RETENTION_YEARS (3) ago.

Run it from cron (e.g. monthly). Audited as "system:purge_personal_data"; idempotent.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from zhengxian.core import clock
from zhengxian.core.acting import acting_as
from zhengxian.core.actors import system_actor

from ...services.retention import personal_data_purge

ACTOR = system_actor("purge_personal_data")


class Command(BaseCommand):
    help = "Purges residents' personal data from matters closed longer ago than the retention."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="count only, change nothing")
        parser.add_argument("--years", type=int, default=None, help="override the setting")

    def handle(self, *args: Any, **options: Any) -> None:
        dry_run = options["dry_run"]
        with acting_as(ACTOR):
            result = personal_data_purge(
                actor=ACTOR, today=clock.today(), years=options["years"], dry_run=dry_run
            )
        verb = "would purge" if dry_run else "purged"
        self.stdout.write(
            f"Matters closed before {result.cutoff.isoformat()}: {verb} "
            f"{result.matters} matters, {result.links} linked reports, "
            f"{result.parties} mediation parties, {result.confirmations} confirmation links "
            f"({result.total} rows)."
        )
