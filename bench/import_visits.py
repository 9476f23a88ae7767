"""A 100,000-row visit import against openpyxl's read-only reading of the same file.

Builds its own small organisation (a sub-district, COMMUNITIES communities, a few people
each) in a fresh SQLite database (or PostgreSQL with DATABASE_URL), writes a visit workbook
with openpyxl's write-only mode (deterministic from --seed), then times, median of --runs:

- baseline: openpyxl read-only mode reading every cell of the file;
- import: the page's read and check of every row plus the import job run in this process
  (as the worker runs it), writing every visit; the visits are deleted between runs.

Prints both, their ratio (issue 13's target: ≤ 3×) and the process's peak memory.
    .venv/bin/python bench/import_visits.py [--rows 100000] [--runs 3] [--seed 13]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

COMMUNITIES = 500
PEOPLE_PER_UNIT = 4
TODAY = dt.date(2026, 6, 30)
SUMMARIES = ["走访了解独居老人生活情况", "入户宣传垃圾分类", "了解企业用工需求", "排查安全隐患"]


def setup_django(db_dir: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    if not os.environ.get("DATABASE_URL"):
        os.environ["SQLITE_PATH"] = str(Path(db_dir) / "bench.sqlite3")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.ZHENGXIAN_IMPORT_MAX_ROWS = 200_000
    settings.ZHENGXIAN_IMPORT_MAX_BYTES = 64 * 1024 * 1024
    call_command("migrate", verbosity=0)


def build() -> tuple[Any, list[tuple[str, list[str]]]]:
    from django.db import transaction

    from zhengxian.core.actors import SYSTEM
    from zhengxian.orgs.models import Person
    from zhengxian.orgs.roles import Role
    from zhengxian.orgs.services import unit_create
    from zhengxian.orgs.testing import make_person

    with transaction.atomic():
        district = unit_create(actor=SYSTEM, code="B", name="区", kind="district", parent=None)
        sub = unit_create(
            actor=SYSTEM, code="B-S", name="街道", kind="subdistrict", parent=district
        )
        units = []
        for i in range(COMMUNITIES):
            units.append(
                unit_create(
                    actor=SYSTEM, code=f"B-C{i:04d}", name=f"社区{i}", kind="community", parent=sub
                )
            )
        Person.objects.bulk_create(
            Person(unit=unit, name=f"干部{j}") for unit in units for j in range(PEOPLE_PER_UNIT)
        )
        actor = make_person("bench_leader", sub, [(Role.UNIT_LEADER, sub)], "街道书记").user
    return actor, [(u.code, [f"干部{j}" for j in range(PEOPLE_PER_UNIT)]) for u in units]


def write_file(path: Path, rows: int, seed: int, units: list[tuple[str, list[str]]]) -> None:
    from openpyxl import Workbook

    from zhengxian.matters.importing.columns import COLUMNS, SHEET

    rng = random.Random(seed)
    book = Workbook(write_only=True)
    sheet = book.create_sheet(SHEET)
    sheet.append(list(COLUMNS))
    for i in range(rows):
        code, people = units[rng.randrange(len(units))]
        day = TODAY - dt.timedelta(days=rng.randrange(300))
        visitors = "、".join(rng.sample(people, rng.choice((1, 1, 2))))
        if i % 3:
            sheet.append([code, day, visitors, "住户", "", "", f"{i}号", rng.choice(SUMMARIES)])
        else:
            sheet.append([code, day, visitors, "社区", "", "", "", f"{rng.choice(SUMMARIES)} {i}"])
    book.save(path)


def read_every_cell(path: Path) -> int:
    import openpyxl

    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    cells = 0
    for sheet in book.worksheets:
        for row in sheet.iter_rows(values_only=True):
            for _value in row:
                cells += 1
    book.close()
    return cells


def _delete_visits(*models: Any) -> None:
    """The previous run's visits, deleted in SQL (not timed): a model delete would send a
    signal per visit (the audit log, the live rankings), 100,000 of them per run."""
    from django.db import connection

    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}")


def import_file(path: Path, actor: Any) -> int:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from zhengxian.core.background import run_here
    from zhengxian.core.spreadsheets import run_import
    from zhengxian.matters.importing.reader import read_workbook
    from zhengxian.matters.importing.validate import validate
    from zhengxian.matters.jobs_import import import_visits_in_job, visit_import_job_params

    upload = SimpleUploadedFile("visits.xlsx", path.read_bytes())

    def apply(plan: Any) -> Any:
        return run_here(import_visits_in_job, owner=actor, params=visit_import_job_params(plan))

    outcome = run_import(
        upload=upload, user=actor, read=read_workbook, validate=validate, apply=apply
    )
    if outcome.result is None:
        raise SystemExit(f"import refused: {outcome.file_error} {outcome.problems[:5]}")
    return int(outcome.result.data["visits"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        setup_django(tmp)
        import time_machine

        with time_machine.travel(dt.datetime(2026, 6, 30, 12), tick=True):
            actor, units = build()
            path = Path(tmp) / "visits.xlsx"
            write_file(path, args.rows, args.seed, units)
            size = path.stat().st_size
            from zhengxian.matters.models import Visit, VisitParticipant

            baseline, imports = [], []
            for _run in range(args.runs):
                start = time.perf_counter()
                read_every_cell(path)
                baseline.append(time.perf_counter() - start)
                _delete_visits(VisitParticipant, Visit)
                start = time.perf_counter()
                written = import_file(path, actor)
                imports.append(time.perf_counter() - start)
                assert written == args.rows, written
        base, full = statistics.median(baseline), statistics.median(imports)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        database = "PostgreSQL" if os.environ.get("DATABASE_URL") else "SQLite"
        print(f"{args.rows} rows, {size / 1e6:.1f} MB, {database}, median of {args.runs}")
        print(f"openpyxl read-only, every cell: {base:.2f} s  {[round(t, 2) for t in baseline]}")
        print(f"import (check + job):           {full:.2f} s  {[round(t, 2) for t in imports]}")
        print(f"ratio: {full / base:.2f}x (target <= 3x)   peak memory: {peak:.0f} MB")


if __name__ == "__main__":
    main()
