"""Benchmark: one new record reaching the live ranking of the running period.

On a data set of bench/generate.py (a SQLite file given by ``--db``, copied first since the
benchmark writes to it; or the PostgreSQL database of DATABASE_URL, written to and rolled
back), for the busiest month (March), median of ``--runs`` runs:

- baseline: ``compute_period``, a full score of the period, what a new record cost before
  live rankings (every source over every unit);
- write: one visit saved the way the visit page saves it (``Visit.save``), with the live
  mark its save triggers (one UPDATE);
- refresh: ``live_refresh`` after that one visit: the leaves fed by visits re-read for the
  visit's unit and the competing units above it only, their method run again over those
  units' groups, the totals moved by the changed points and every group re-ranked;
- idle: ``live_refresh`` with nothing marked (what the worker's every-10-seconds run costs).

Issue 13's target is refresh < 100 ms at province scale.

    .venv/bin/python bench/live.py --db var/bench-district.sqlite3 [--runs 5]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def timed(action: Callable[[], Any], runs: int, before: Callable[[], Any] | None = None) -> float:
    """The median milliseconds of ``action`` over ``runs`` runs (``before`` untimed)."""
    times = []
    for _ in range(runs):
        if before is not None:
            before()
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def measure(runs: int) -> dict[str, Any]:
    import datetime as dt

    from zhengxian.campaigns.models import Period
    from zhengxian.matters.models import Visit
    from zhengxian.scoring.models import LiveLeaf
    from zhengxian.scoring.services.compute import compute_period
    from zhengxian.scoring.services.live import live_refresh

    period = (
        Period.objects.select_related("campaign")
        .filter(key__endswith="-03", campaign__code__isnull=False)
        .order_by("-pk")
        .first()
    )
    assert period is not None, "no March period: is this a bench/generate.py database?"
    template = Visit.objects.filter(month=period.first_month).order_by("pk").first()
    assert template is not None

    def one_visit() -> None:
        visit = Visit.objects.get(pk=template.pk)
        visit.pk = None
        visit.visited_on = dt.date(period.start.year, period.start.month, 15)
        visit.save()

    first = time.perf_counter()
    live_refresh(period)  # builds the live state: every leaf (untimed as a run, reported)
    build_ms = (time.perf_counter() - first) * 1000
    leaves = LiveLeaf.objects.filter(period=period).count()
    refreshed = []

    narrowed = []
    scored = []

    def refresh() -> None:
        done = live_refresh(period)
        refreshed.append(done.leaves)
        narrowed.append(done.narrowed)
        scored.append(done.scored)

    figures = {
        "period": period.key,
        "leaves": leaves,
        "build_ms": build_ms,
        "baseline_ms": timed(lambda: compute_period(period), runs),
        "write_ms": timed(one_visit, runs),
        "refresh_ms": timed(refresh, runs, before=one_visit),
        "idle_ms": timed(lambda: live_refresh(period), runs),
    }
    figures["leaves_refreshed"] = statistics.median(refreshed)
    figures["leaves_narrowed"] = statistics.median(narrowed)
    figures["units_scored"] = statistics.median(scored)
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", help="SQLite file of bench/generate.py (else DATABASE_URL)")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    from bench.datagen import setup_django

    with tempfile.TemporaryDirectory() as scratch:
        copy = None
        if args.db:
            copy = str(Path(scratch) / "live.sqlite3")
            shutil.copyfile(args.db, copy)
        setup_django(copy, fresh=False)
        from django.db import transaction

        with transaction.atomic():
            figures = measure(args.runs)
            transaction.set_rollback(True)
    base = figures["baseline_ms"]
    print(f"\n{figures['period']}, {figures['leaves']} leaves, median of {args.runs} runs")
    print("| step | median ms | × full score |\n|---|---:|---:|")
    for name, key in (
        ("full score (baseline)", "baseline_ms"),
        ("first build of the live state", "build_ms"),
        ("one visit saved, with its mark", "write_ms"),
        (
            f"refresh after it ({figures['leaves_refreshed']:.0f} leaves, "
            f"{figures['leaves_narrowed']:.0f} re-read for the touched units only, "
            f"{figures['units_scored']:.0f} unit scores)",
            "refresh_ms",
        ),
        ("idle refresh (nothing marked)", "idle_ms"),
    ):
        print(f"| {name} | {figures[key]:.1f} | {figures[key] / base:.3f}× |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
