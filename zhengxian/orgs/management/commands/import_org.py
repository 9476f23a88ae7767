"""manage.py import_org FILE --as USERNAME [--progress]: the import page, on the command line."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand, CommandError, CommandParser

from zhengxian.core.background import text_bar
from zhengxian.orgs.importing.run import org_import_here


class Command(BaseCommand):
    help = (
        "Imports the units and people of an Excel file as USERNAME would on the import page: "
        "every row is checked first (a problem imports nothing and exits with 1), then each "
        "row is written, and the new accounts' one-time passwords are printed once."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="The filled-in template (.xlsx).")
        parser.add_argument("--as", dest="username", required=True, help="The importing account.")
        parser.add_argument(
            "--progress", action="store_true", help="Show a progress bar on stderr."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        try:
            user = get_user_model().objects.get(username=options["username"])
        except get_user_model().DoesNotExist as error:
            raise CommandError(f"No account {options['username']!r}") from error
        report = self._bar if options["progress"] else None
        upload: Any = SimpleUploadedFile(path.name, path.read_bytes())  # as the page gets it
        outcome = org_import_here(upload=upload, user=user, report=report)
        if options["progress"]:
            sys.stderr.write("\n")
        if outcome.file_error:
            self.stderr.write(outcome.file_error)
        for problem in outcome.problems:
            self.stderr.write(f"{problem.sheet} {problem.row} {problem.column}: {problem.message}")
        if outcome.result is None:
            raise CommandError("Nothing was imported.", returncode=1)
        result = outcome.result
        self.stdout.write(
            f"units created {result.units_created}, updated {result.units_updated}, "
            f"unchanged {result.units_unchanged}; people created {result.people_created}, "
            f"roles assigned {result.roles_assigned}"
        )
        for account in result.accounts:
            self.stdout.write(f"{account.username}\t{account.password}\t{account.name}")

    def _bar(self, done: int, total: int, message: str) -> None:
        sys.stderr.write("\r" + text_bar(done, total, message)[:100].ljust(100))
        sys.stderr.flush()
