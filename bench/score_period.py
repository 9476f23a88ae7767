"""Benchmark: score one period of a synthetic campaign at province scale.

25,000 units in two groups and about a million records (ratings, panel scores, checklist
items, manual assessments) in a fresh SQLite database (or PostgreSQL with DATABASE_URL).
The baseline, measured in the same run on the same records, is DuckDB computing the same
raw values (per-unit aggregates) from the same rows: the floor of what any engine pays to
read the records. We report our times as ratios against it, and the peak memory.

    .venv/bin/python bench/score_period.py [--units 25000] [--ratings-per-unit 30]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import random
import resource
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CAMPAIGN_FILE = """
format_version: 1
code: bench
name: 基准测试比学活动
year: 2026
start: 2026-01-01
end: 2026-12-31
period: month
bonus_cap: 5
penalty_cap: 10
groups:
  - {code: community, name: 社区组, unit_kinds: [community]}
  - {code: office, name: 科室组, unit_kinds: [office]}
checklists: [red]
panels: [arena]
rater_panels: [residents]
indicators:
  - code: work
    name: 实干
    weight: 70
    children:
      - {code: red, name: 红色物业, weight: 20, source: checklist, source_params: {checklist: red}, method: {name: target, params: {target: 1}}}
      - {code: arena, name: 擂台比武, weight: 20, source: panel, source_params: {panel: arena}, method: relative}
      - {code: residents, name: 居民考官团, weight: 20, source: rating, source_params: {panel: residents}, method: rank}
      - {code: residents-target, name: 居民满意度, weight: 10, source: rating, source_params: {panel: residents}, method: {name: target, params: {target: 5}}}
  - code: style
    name: 作风
    weight: 30
    children:
      - {code: assessment, name: 考评员评价, weight: 30, source: manual, method: {name: manual, when_empty: zero}}
"""


def setup_django(db_dir: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    if not os.environ.get("DATABASE_URL"):
        os.environ["SQLITE_PATH"] = str(Path(db_dir) / "bench.sqlite3")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def build(units: int, ratings_per_unit: int, seed: int) -> dict[str, int]:
    """Synthetic rows with bulk inserts (no audit: these are not anybody's writes)."""
    from django.contrib.auth import get_user_model
    from django.db import connection, transaction

    from zhengxian.campaigns.services import campaign_load_file
    from zhengxian.core.actors import SYSTEM
    from zhengxian.orgs.models import Person, Unit
    from zhengxian.scoring.models import (
        ChecklistItem,
        ManualAssessment,
        PanelScore,
        Rater,
        RaterPanel,
        Rating,
    )

    rng = random.Random(seed)
    with transaction.atomic():
        root = Unit.objects.create(code="P", name="省", kind="district", path="", depth=0)
        Unit.objects.filter(pk=root.pk).update(path=f"/{root.pk}/")
        root.refresh_from_db()
        rows = [
            Unit(
                code=f"U{i:06d}",
                name=f"单位{i}",
                kind="community" if i % 5 else "office",
                parent=root,
                depth=1,
            )
            for i in range(units)
        ]
        Unit.objects.bulk_create(rows, batch_size=5000)
        with connection.cursor() as cursor:  # materialised paths in one statement
            cursor.execute(
                "UPDATE orgs_unit SET path = %s || CAST(id AS TEXT) || '/' WHERE parent_id = %s",
                [root.path, root.pk],
            )
        campaign = campaign_load_file(actor=SYSTEM, text=CAMPAIGN_FILE, owner_unit=root)
        period = campaign.periods.get(key="2026-03")
        unit_ids = list(Unit.objects.filter(parent=root).values_list("pk", flat=True))
        user = get_user_model().objects.create(username="bench")
        judges = Person.objects.bulk_create(Person(name=f"评委{j}", unit=root) for j in range(7))
        panel = RaterPanel.objects.create(campaign=campaign, code="residents", name="居民考官团")
        raters = Rater.objects.bulk_create(
            Rater(panel=panel, name=f"考官{r}", token=f"t{r:040d}")
            for r in range(max(ratings_per_unit * 3, 60))
        )
        leaf = campaign.nodes.get(code="assessment")
        ratings, panel_scores, items, manual = [], [], [], []
        for unit_id in unit_ids:
            for rater in rng.sample(raters, ratings_per_unit):
                ratings.append(
                    Rating(
                        period=period,
                        panel=panel,
                        rater=rater,
                        unit_id=unit_id,
                        score=rng.randint(1, 5),
                    )
                )
            for judge in judges[: rng.randint(3, 7)]:
                panel_scores.append(
                    PanelScore(
                        period=period,
                        panel="arena",
                        judge=judge,
                        unit_id=unit_id,
                        score=Decimal(rng.randint(600, 1000)) / 10,
                    )
                )
            for k in range(4):
                month = rng.choice([None, 202601, 202602, 202603, 202604])
                items.append(
                    ChecklistItem(
                        campaign=campaign,
                        checklist="red",
                        unit_id=unit_id,
                        name=f"项目{k}",
                        done_on=dt.date(month // 100, month % 100, 1) if month else None,
                        done_month=month,
                    )
                )
            if rng.random() < 0.8:
                manual.append(
                    ManualAssessment(
                        period=period,
                        leaf=leaf,
                        unit_id=unit_id,
                        points=Decimal(rng.randint(0, 300)) / 10,
                        comment="评",
                        assessed_by=user,
                    )
                )
        for model, objs in (
            (Rating, ratings),
            (PanelScore, panel_scores),
            (ChecklistItem, items),
            (ManualAssessment, manual),
        ):
            model.objects.bulk_create(objs, batch_size=5000)
    return {
        "units": len(unit_ids),
        "ratings": len(ratings),
        "panel_scores": len(panel_scores),
        "checklist_items": len(items),
        "manual": len(manual),
        "records": len(ratings) + len(panel_scores) + len(items) + len(manual),
        "period_id": period.pk,
    }


def export_csv(directory: Path) -> dict[str, Path]:
    from django.db import connection

    tables = {
        "rating": "SELECT unit_id, score, period_id, panel_id FROM scoring_rating",
        "panel": "SELECT unit_id, score, period_id, panel FROM scoring_panelscore",
        "checklist": "SELECT unit_id, done_month, campaign_id, checklist FROM scoring_checklistitem",
    }
    paths = {}
    with connection.cursor() as cursor:
        for name, sql in tables.items():
            cursor.execute(sql)
            path = directory / f"{name}.csv"
            with path.open("w", newline="") as handle:
                writer = csv.writer(handle)
                writer.writerow([c[0] for c in cursor.description])
                writer.writerows(cursor.fetchall())
            paths[name] = path
    return paths


def duckdb_baseline(paths: dict[str, Path], period_id: int, last_month: int) -> float:
    """The same per-unit raw values as our sources: rating mean, trimmed panel mean, checklist share."""
    import duckdb

    con = duckdb.connect()
    for name, path in paths.items():
        con.execute(f"CREATE TABLE {name} AS SELECT * FROM read_csv_auto('{path}')")
    started = time.perf_counter()
    con.execute(
        f"SELECT unit_id, avg(score), count(*) FROM rating WHERE period_id = {period_id} GROUP BY unit_id"
    ).fetchall()
    con.execute(f"""
        SELECT unit_id, CASE WHEN count(*) >= 3 THEN (sum(score) - max(score) - min(score)) / (count(*) - 2)
                        ELSE avg(score) END
        FROM panel WHERE period_id = {period_id} AND panel = 'arena' GROUP BY unit_id""").fetchall()
    con.execute(f"""
        SELECT unit_id, count(*) FILTER (WHERE done_month <= {last_month}) / count(*)
        FROM checklist WHERE checklist = 'red' GROUP BY unit_id""").fetchall()
    return time.perf_counter() - started


def high_water_kb() -> int:
    """Peak resident memory of this process (VmHWM); unlike ru_maxrss it is not inherited
    from the parent across fork + exec."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def score_in_this_process(period_id: int) -> None:
    """Run by a fresh child process, so that its peak memory is the scoring's own."""
    import json

    from zhengxian.campaigns.models import Period
    from zhengxian.core.actors import system_actor
    from zhengxian.scoring.services.compute import compute_period, period_score

    period = Period.objects.select_related("campaign").get(pk=period_id)
    rss_ready = high_water_kb()
    t0 = time.perf_counter()
    compute_period(period)
    compute_seconds = time.perf_counter() - t0
    t0 = time.perf_counter()
    period_score(period=period, actor=system_actor("bench"))
    score_seconds = time.perf_counter() - t0
    rss_peak = high_water_kb()
    print(
        json.dumps(
            {
                "compute": compute_seconds,
                "score": score_seconds,
                "rss_ready_kb": rss_ready,
                "rss_peak_kb": rss_peak,
            }
        )
    )


def main() -> None:
    import json
    import subprocess

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=25_000)
    parser.add_argument("--ratings-per-unit", type=int, default=30)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--score-period", type=int, help=argparse.SUPPRESS)  # child mode
    parser.add_argument("--db-dir", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.score_period:
        setup_django(args.db_dir)
        score_in_this_process(args.score_period)
        return
    with tempfile.TemporaryDirectory(prefix="zhengxian-bench-") as tmp:
        setup_django(tmp)
        from django.db import connection

        started = time.perf_counter()
        sizes = build(args.units, args.ratings_per_unit, args.seed)
        build_seconds = time.perf_counter() - started

        from zhengxian.campaigns.models import Period

        period = Period.objects.get(pk=sizes["period_id"])
        paths = export_csv(Path(tmp))
        baseline = min(duckdb_baseline(paths, period.pk, period.last_month) for _ in range(3))
        connection.close()
        child = subprocess.run(
            [sys.executable, __file__, "--score-period", str(period.pk), "--db-dir", tmp],
            check=True,
            capture_output=True,
            text=True,
            env=os.environ.copy(),
        )
        timings = json.loads(child.stdout.strip().splitlines()[-1])

        print(f"database:                {connection.vendor}")
        print(f"units:                   {sizes['units']:,}")
        print(
            f"records:                 {sizes['records']:,} (ratings {sizes['ratings']:,}, panel "
            f"{sizes['panel_scores']:,}, checklist {sizes['checklist_items']:,}, manual {sizes['manual']:,})"
        )
        print(f"build:                   {build_seconds:.1f} s (not timed below)")
        print(
            f"DuckDB baseline:         {baseline:.3f} s  (raw values only, in-memory columnar, best of 3)"
        )
        print(
            f"compute (gather+engine): {timings['compute']:.2f} s  = {timings['compute'] / baseline:.0f}x baseline"
        )
        print(
            f"score (compute+store):   {timings['score']:.2f} s  = {timings['score'] / baseline:.0f}x baseline"
        )
        print(
            f"peak RSS while scoring:  {timings['rss_peak_kb'] / 1024:.0f} MB "
            f"(process ready: {timings['rss_ready_kb'] / 1024:.0f} MB)"
        )


if __name__ == "__main__":
    main()
