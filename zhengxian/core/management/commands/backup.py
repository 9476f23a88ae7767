from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.template.defaultfilters import filesizeformat

from zhengxian.core.backup import BackupError, backup


class Command(BaseCommand):
    help = (
        "Writes one archive with the database (SQLite online backup or pg_dump -Fc), every"
        " uploaded file under MEDIA_ROOT and a manifest of SHA-256 checksums."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("out", type=Path, help="the archive to write, e.g. backup.tar")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            summary = backup(options["out"])
        except BackupError as error:
            raise CommandError(error.message) from error
        self.stdout.write(
            f"Backed up {summary.engine} database ({filesizeformat(summary.database_bytes)})"
            f" and {summary.files} file(s) ({filesizeformat(summary.file_bytes)})"
            f" to {options['out']}."
        )
