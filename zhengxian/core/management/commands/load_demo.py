from __future__ import annotations

import datetime as dt
import time
import unicodedata
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from zhengxian.core import clock
from zhengxian.core.demo import DEMO_SEED, builders_named, demo_logins, load_demo


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(
            f"--today: expected a date such as 2026-03-20, not {value!r}."
        ) from error


def _width(text: str) -> int:
    """Columns a terminal gives ``text``: Chinese characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    widths = [max(_width(row[i]) for row in [header, *rows]) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        return "  ".join(
            c + " " * (w - _width(c)) for c, w in zip(cells, widths, strict=True)
        ).rstrip()

    return [line(header), line(["-" * w for w in widths]), *(line(row) for row in rows)]


class Command(BaseCommand):
    help = (
        "Builds the demo: Chengxiang Sub-district (城厢街道) with its communities, grids, offices "
        "and a few hundred people in every role, dated relative to --today. Idempotent: a "
        "second run creates only what is missing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--today",
            type=_date,
            default=None,
            help="the day the demo is dated against (YYYY-MM-DD)",
        )
        parser.add_argument(
            "--seed", type=int, default=DEMO_SEED, help="seed of the name and number generators"
        )
        parser.add_argument(
            "--only",
            default="",
            help="comma-separated parts to build, e.g. 'orgs' or 'orgs,projects' (default: all)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        # The demo's names and the printed roles are in the site's language, whatever the
        # caller's active language is.
        with translation.override(settings.LANGUAGE_CODE):
            self._load(**options)

    def _load(self, **options: Any) -> None:
        today = options["today"] or clock.today()
        started = time.monotonic()
        try:
            builders = builders_named(options["only"].split(",")) if options["only"] else None
        except ValueError as error:
            raise CommandError(str(error)) from error
        results = load_demo(today=today, seed=options["seed"], builders=builders)
        elapsed = time.monotonic() - started

        for result in results:
            summary = ", ".join(f"{key} {value}" for key, value in result.summary.items())
            self.stdout.write(f"{result.name}: {summary}")
        self.stdout.write(
            self.style.SUCCESS(f"Demo loaded for {today.isoformat()} in {elapsed:.1f} s.")
        )

        logins = demo_logins([result.name for result in results])
        if logins:
            self.stdout.write("")
            self.stdout.write("Demo logins:")
            header = ["account", "password", "name", "unit", "role"]
            rows = [[x.account, x.password, x.name, x.unit, x.role] for x in logins]
            for row in _table(header, rows):
                self.stdout.write(row)
