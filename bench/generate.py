"""Build a benchmark data set: a year of the preset campaign at street, district or province
scale, deterministically from a seed, into a fresh SQLite file (or DATABASE_URL's PostgreSQL).

    .venv/bin/python bench/generate.py --scale street|district|province [--seed 1]
        [--year 2026] [--out var/bench-<scale>.sqlite3]

Progress per table on stderr; the summary (rows per table, seconds, peak RSS) and the facts
a benchmark needs (campaign and busiest-period ids) on stdout. See bench/README.md.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.datagen import SCALES, Progress, build, setup_django  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=sorted(SCALES), default="street")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--year", type=int, default=2026)
    parser.add_argument("--out", help="SQLite file (default var/bench-<scale>.sqlite3)")
    args = parser.parse_args()
    progress = Progress()
    t0 = time.perf_counter()
    where = setup_django(args.out or str(ROOT / f"var/bench-{args.scale}.sqlite3"))
    progress.step("migrate", time.perf_counter() - t0)
    facts = build(scale=args.scale, seed=args.seed, year=args.year, progress=progress)
    print(f"database: {where}")
    print(progress.summary())
    keep = (
        "scale",
        "seed",
        "year",
        "campaign_id",
        "campaign_code",
        "busiest_period_key",
        "busiest_period_id",
        "root_unit_id",
        "units",
        "records",
        "records_by_month",
        "seconds",
        "peak_rss_mb",
    )
    print(json.dumps({k: facts[k] for k in keep}, ensure_ascii=False))


if __name__ == "__main__":
    main()
