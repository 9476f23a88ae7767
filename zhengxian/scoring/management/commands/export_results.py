from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser, no_translations

from zhengxian.scoring.selectors import (
    UnknownPeriod,
    period_by_keys,
    period_results_document,
    preview_sheet,
    published_sheet,
    results_json,
)


class Command(BaseCommand):
    help = (
        "Writes a period's published result (or, with --preview, the one in preview) as JSON: "
        "the same records give the same bytes."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("campaign", help="The campaign's code, e.g. chengxiang-2026.")
        parser.add_argument("period", help="The period's key, e.g. 2026-03 or 2026-Q1.")
        parser.add_argument(
            "--output", "-o", help="Write to this file instead of the standard output."
        )
        parser.add_argument("--preview", action="store_true", help="Export the result in preview.")

    @no_translations  # messages in English, like the command's own
    def handle(self, *args: Any, **options: Any) -> None:
        try:
            period = period_by_keys(options["campaign"], options["period"])
        except UnknownPeriod as error:
            raise CommandError(str(error)) from error
        sheet = preview_sheet(period) if options["preview"] else published_sheet(period)
        if sheet is None:
            what = "in preview" if options["preview"] else "published"
            hint = "" if options["preview"] else " (use --preview for the result in preview)"
            raise CommandError(f"{period.campaign.code} {period.key} has no result {what}{hint}.")
        text = results_json(period_results_document(sheet))
        if options["output"]:
            try:
                Path(options["output"]).write_text(text, encoding="utf-8")
            except OSError as error:
                raise CommandError(
                    f"Cannot write {options['output']}: {error.strerror}."
                ) from error
            where = options["output"]
            self.stderr.write(
                f"Wrote {period.campaign.code} {period.key} version {sheet.version} to {where}."
            )
        else:
            self.stdout.write(text, ending="")
