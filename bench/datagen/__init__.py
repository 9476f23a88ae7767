"""The benchmark data generator: a year of a campaign at street, district or province scale.

    from bench.datagen import build
    facts = build(scale="street", seed=1)      # into the configured database
    facts["campaign_id"], facts["busiest_period_id"], facts["rows"]["visits"]

Same seed, same rows (ids included on a fresh database). Proportions: `scales.py`. Each
domain has its own module; `generate.py` is the command line around `build`.
"""

from __future__ import annotations

import time
from typing import Any

from .progress import Progress, peak_rss_mb
from .scales import BUSIEST_MONTH, SCALES

__all__ = ["SCALES", "Progress", "build", "setup_django"]


def setup_django(out: str | None = None, *, fresh: bool = True) -> str:
    """Configures Django on the SQLite file ``out`` (or on DATABASE_URL) and migrates.
    With ``fresh``, an existing SQLite file is replaced. Returns where the data goes."""
    import os
    from pathlib import Path

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    where = os.environ.get("DATABASE_URL", "")
    if not where:
        path = Path(out or "var/bench.sqlite3").resolve()
        path.parent.mkdir(parents=True, exist_ok=True)
        if fresh:
            for suffix in ("", "-wal", "-shm", "-journal"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
        os.environ["SQLITE_PATH"] = str(path)
        where = str(path)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return where


def build(
    scale: str = "street", seed: int = 1, year: int = 2026, progress: Progress | None = None
) -> dict[str, Any]:
    """Builds the data set into the configured database (setting Django up on a fresh
    ``var/bench-<scale>.sqlite3`` first if nobody has). Returns the facts a benchmark needs:
    campaign id and code, period ids by key, the busiest period's id, rows per table,
    records per month, seconds and peak RSS."""
    from django.apps import apps

    if not apps.ready:
        setup_django(f"var/bench-{scale}.sqlite3")
    from django.db import connection, transaction

    from . import activities, campaign, casework, db, orgs, projects, scoring_inputs, visits
    from .context import Context

    progress = progress or Progress(stream=None)
    ctx = Context(scale=SCALES[scale], seed=seed, year=year, progress=progress)
    started = time.perf_counter()
    if connection.vendor == "sqlite" and not connection.in_atomic_block:
        with connection.cursor() as cursor:  # a throwaway file: speed over durability
            cursor.execute("PRAGMA synchronous = OFF")
            cursor.execute("PRAGMA cache_size = -200000")
    with transaction.atomic():
        for name, builder in (
            ("orgs", orgs.build),
            ("campaign", campaign.build),
            ("scoring inputs", scoring_inputs.build),
            ("visits", visits.build),
            ("casework", casework.build),
            ("projects", projects.build),
            ("activities", activities.build),
        ):
            t0 = time.perf_counter()
            builder(ctx)
            progress.step(name, time.perf_counter() - t0)
        db.reset_sequences(ctx.written)
    t0 = time.perf_counter()
    db.vacuum_analyze()
    progress.step("analyze", time.perf_counter() - t0)
    busiest = f"{year}-{BUSIEST_MONTH:02d}"
    facts = dict(ctx.facts)
    facts.update(
        scale=scale,
        seed=seed,
        year=year,
        root_unit_id=ctx.root,
        busiest_period_key=busiest,
        busiest_period_id=ctx.facts["periods"][busiest],
        units=len(ctx.units),
        rows=dict(progress.rows),
        records=sum(n for t, n in progress.rows.items() if t not in NOT_RECORDS),
        records_by_month=dict(sorted(ctx.month_rows.items())),
        seconds=round(time.perf_counter() - started, 1),
        peak_rss_mb=round(peak_rss_mb()),
    )
    return facts


# The organisation and the registers, not records of work.
NOT_RECORDS = frozenset(
    {
        "units",
        "people",
        "roles",
        "users",
        "raters",
        "enterprises",
        "sites",
        "brands",
        "special_actions",
        "activities",
        "projects",
        "project_tags",
        "project_quantities",
    }
)
