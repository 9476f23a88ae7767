"""Benchmark: the main pages on a generated data set, each as a ratio to a minimal page
inside the same base layout, with its query count (issue 13, "Pages").

Each page is asked through Django's test client in this process (server time: queries and
rendering, no network), signed in as the campaign office of the whole tree, once to warm up
and then ``--runs`` times; the figure is the median. The baseline is the notifications page
of that same user (the base layout, its menus and one short list).

    .venv/bin/python bench/pages.py --db var/bench-province.sqlite3 [--runs 5]
    DATABASE_URL=postgres://… .venv/bin/python bench/pages.py

The database is migrated first (not timed); a copy is safest, since migrating changes it.
Pages are served with production's cache, the database's cache table
(``ZHENGXIAN_DATABASE_CACHE``: figures kept until a write are read from it), not the
development settings' in-process memory.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

BASELINE = "baseline (notifications)"


def scored_sheet():
    """The newest score sheet; without one, the busiest period is scored first (not timed)."""
    from bench.score_preset import busiest_period
    from zhengxian.core.actors import system_actor
    from zhengxian.scoring.models import ScoreSheet
    from zhengxian.scoring.services.compute import period_score

    sheet = ScoreSheet.objects.order_by("-computed_at").first()
    period = busiest_period()
    if sheet is None and period is not None:
        print(f"scoring {period.key} first (not timed)…", file=sys.stderr)
        sheet = period_score(period=period, actor=system_actor("bench"))
    return sheet


def main_pages() -> dict[str, str]:
    """The main pages, with the newest score sheet's period and its first unit."""
    return page_paths(scored_sheet())


def page_paths(sheet) -> dict[str, str]:
    """The baseline and the main pages; the ranking and a score card of ``sheet``'s period
    (its first unit) when there is a sheet. The one list of this and bench/load.py."""
    from zhengxian.scoring.models import UnitScore

    pages = {BASELINE: "/notifications/"}
    if sheet is not None:
        unit_id = UnitScore.objects.filter(sheet=sheet).values_list("unit_id", flat=True).first()
        pages["ranking"] = f"/scores/periods/{sheet.period_id}/ranking/"
        if unit_id:
            pages["score card"] = f"/scores/periods/{sheet.period_id}/units/{unit_id}/"
    return pages | {
        "cockpit": "/cockpit/",
        "battle chart": "/projects/chart/",
        "matter list": "/matters/",
        "visit list": "/matters/visits/",
        "deadlines": "/matters/deadlines/",
        "unit tree": "/orgs/units/",
    }


def office_user():
    """The campaign office of the tree's root (bench/datagen names it ``b<seed>-office``)."""
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.filter(username__endswith="-office").order_by("id").first()
    if user is None:
        raise SystemExit("no '*-office' user: run bench/generate.py first")
    return user


def measure(client, path: str, runs: int) -> dict:
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    reset_queries()  # the log is a bounded deque: a full one would count nothing
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    count = len(queries.captured_queries)  # now: the next request clears the log it reads
    if response.status_code != 200:
        raise SystemExit(f"{path} answered {response.status_code}")
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        client.get(path)
        times.append(time.perf_counter() - started)
    return {
        "ms": statistics.median(times) * 1000,
        "queries": count,
        "kb": len(response.content) / 1024,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", help="SQLite file of bench/generate.py (else DATABASE_URL)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--only", nargs="*", help="measure only these pages (and the baseline)")
    args = parser.parse_args()

    from bench.datagen import setup_django

    setup_django(args.db, fresh=False)
    from django.conf import settings
    from django.core.management import call_command
    from django.test.utils import override_settings

    with override_settings(CACHES={"default": dict(settings.ZHENGXIAN_DATABASE_CACHE)}):
        call_command("createcachetable", verbosity=0)
        return _measure_pages(args)


def _measure_pages(args: argparse.Namespace) -> int:
    from django.conf import settings
    from django.test import Client

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    client = Client()
    client.force_login(office_user())
    results = {}
    for name, path in main_pages().items():
        if args.only and name != BASELINE and name not in args.only:
            continue
        print(f"{name} {path}…", file=sys.stderr, flush=True)
        results[name] = measure(client, path, args.runs)
    base = results[BASELINE]["ms"]
    print(f"\nmedian of {args.runs} runs, signed in as the office of the whole tree")
    print("| page | median ms | × baseline | queries | KB |\n|---|---:|---:|---:|---:|")
    for name, got in results.items():
        print(
            f"| {name} | {got['ms']:.0f} | {got['ms'] / base:.1f}× | {got['queries']} "
            f"| {got['kb']:.0f} |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
