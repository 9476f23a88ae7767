from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.template.defaultfilters import filesizeformat

from zhengxian.core.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Replaces the database and every uploaded file with those of an archive made by"
        " `manage.py backup`. The archive is checked first; a damaged one changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("source", type=Path, help="the archive written by manage.py backup")
        parser.add_argument(
            "--no-input",
            "--noinput",
            action="store_false",
            dest="interactive",
            help="do not ask for confirmation",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["interactive"]:
            answer = input(
                "This replaces the whole database and every uploaded file. Type 'yes' to go on: "
            )
            if answer != "yes":
                raise CommandError("Restore cancelled.")
        try:
            summary = restore(options["source"])
        except BackupError as error:
            raise CommandError(f"Nothing was restored: {error.message}") from error
        self.stdout.write(
            f"Restored the {summary.engine} database ({filesizeformat(summary.database_bytes)})"
            f" and {summary.files} file(s) ({filesizeformat(summary.file_bytes)})"
            f" from {options['source']}."
        )
