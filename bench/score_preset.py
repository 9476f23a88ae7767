"""Benchmark: score the busiest period of the preset campaign on the generated data.

Runs on a data set of bench/generate.py (an existing SQLite file given by ``--db``, the
PostgreSQL database of DATABASE_URL, or one built here when there is none) and measures,
for the busiest month (March):

- compute: ``compute_period`` (every source of the preset gathers its raw values, then the
  pure engine; no writes; the garbage collector paused until the result is released, as
  in a score run), and score: ``period_score`` (compute and store a new sheet
  version), each in a fresh child process so that its peak memory is its own, with its
  URL configuration loaded before the clock starts (as a running worker has it);
- the baseline: DuckDB computing the same raw values per unit (counts, numerators and
  denominators of rates, means) for every leaf of the preset, from the same rows exported
  to CSV (not timed), timing only the aggregation queries.

Before timing anything it checks that DuckDB's raw values equal the app's
(``gather_inputs``) for every leaf and every competing unit, and fails loudly if not.

    .venv/bin/python bench/score_preset.py [--scale province] [--db PATH] [--runs 3] [--profile]
    DATABASE_URL=postgres://… .venv/bin/python bench/score_preset.py --scale district
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

# -- the rows DuckDB reads (exported once, not timed) ---------------------------------------

EXPORTS = {
    "unit": "SELECT id, path FROM orgs_unit",
    "person": "SELECT id, unit_id, is_active FROM orgs_person",
    "roleassignment": "SELECT person_id, role FROM orgs_roleassignment",
    "visit": "SELECT id, unit_id, month, target_kind FROM matters_visit",
    "matter": (
        "SELECT id, responsible_unit_id, origin, rectification_kind, action_code, state,"
        " deadline, due_month, resolved_on, resolved_month, satisfaction, rated_month,"
        " self_closed, requester_satisfaction FROM matters_matter"
    ),
    "mediationcase": "SELECT id, matter_id, outcome, concluded_month FROM matters_mediationcase",
    "activity": "SELECT id, kind, series, alliance, organiser_id, brand_id FROM activities_activity",
    "brand": "SELECT id, code, name FROM activities_brand",
    "session": "SELECT id, activity_id, month, status, participants FROM activities_session",
    "expected": "SELECT session_id, person_id, unit_id, month FROM activities_expectedattendee",
    "signin": "SELECT id, session_id, person_id, month FROM activities_signin",
    "project": (
        "SELECT id, unit_id, category, is_public, planned_start, planned_end, planned_investment"
        " FROM projects_project"
    ),
    "projecttag": "SELECT project_id, tag FROM projects_projecttag",
    "milestone": (
        "SELECT id, project_id, planned_date, actual_date, planned_percent, due_month"
        " FROM projects_milestone"
    ),
    "report": (
        "SELECT id, project_id, reported_on, month, percent, investment FROM projects_progressreport"
    ),
    "specialaction": "SELECT id, code FROM projects_specialaction",
    "actiontask": "SELECT id, action_id, unit_id, due_month, done_month FROM projects_actiontask",
    "rating": "SELECT id, panel_id, period_id, unit_id, score FROM scoring_rating",
    "raterpanel": "SELECT id, code, campaign_id FROM scoring_raterpanel",
    "panelscore": "SELECT id, panel, period_id, unit_id, score FROM scoring_panelscore",
    "checklistitem": (
        "SELECT id, campaign_id, checklist, unit_id, done_month, awaiting_confirmation"
        " FROM scoring_checklistitem"
    ),
    "manualassessment": "SELECT id, leaf_id, period_id, unit_id FROM scoring_manualassessment",
    "node": "SELECT id, code, campaign_id FROM campaigns_indicatornode",
}

# Sources the baseline does not reproduce (none today); listed in the output.
NOT_IN_BASELINE: frozenset[str] = frozenset()


def export_csv(directory: Path) -> dict[str, int]:
    """Every table the preset's sources read, as CSV files DuckDB loads. Returns row counts."""
    from django.db import connection

    counts = {}
    with connection.cursor() as cursor:
        for name, sql in EXPORTS.items():
            cursor.execute(sql)
            with (directory / f"{name}.csv").open("w", newline="") as handle:
                writer = csv.writer(handle)
                writer.writerow([c[0] for c in cursor.description])
                n = 0
                while rows := cursor.fetchmany(50_000):
                    writer.writerows([None if v is None else str(v) for v in row] for row in rows)
                    n += len(rows)
            counts[name] = n
    return counts


def load_duckdb(directory: Path, wanted: Sequence[int]) -> Any:
    import duckdb

    con = duckdb.connect()
    for name in EXPORTS:
        con.execute(
            f"CREATE TABLE {name} AS SELECT * FROM read_csv('{directory / name}.csv',"
            " header = true, sample_size = -1)"
        )
    con.execute("CREATE TABLE wanted (unit_id BIGINT)")
    con.executemany("INSERT INTO wanted VALUES (?)", [(u,) for u in wanted])
    return con


# -- the same raw values in SQL, one query per (source, params) ------------------------------


def _in(values: Sequence[Any]) -> str:
    return "(" + ", ".join("'" + str(v).replace("'", "''") + "'" for v in values) + ")"


def _s(value: Any) -> str:
    return "'" + str(value).replace("'", "''") + "'"


# Ancestors (and self) of every unit, restricted to the competing units: the roll-up of a
# record to every unit above its own, from the materialised path, as the sources do.
ANCESTORS = """
CREATE OR REPLACE TEMP TABLE anc AS
SELECT unit_id, ancestor_id FROM (
    SELECT id AS unit_id,
           CAST(unnest(string_split(trim(path, '/'), '/')) AS BIGINT) AS ancestor_id
    FROM unit WHERE trim(coalesce(path, ''), '/') <> ''
) WHERE ancestor_id IN (SELECT unit_id FROM wanted)
"""


def _rate(sub: str) -> str:
    """A rate over ``sub`` (unit, num, den): every unit with rows, the value NULL when the
    denominator is 0, as ``rate_value`` leaves it."""
    return f"SELECT unit, CASE WHEN den <> 0 THEN num / den END, num, den FROM ({sub})"


def _count_all(sub: str) -> str:
    """A count over ``sub`` (unit, num) given to every competing unit (0 without records)."""
    return (
        "SELECT w.unit_id, coalesce(c.num, 0), coalesce(c.num, 0), NULL FROM wanted w"
        f" LEFT JOIN ({sub}) c ON c.unit = w.unit_id"
    )


def _rolled(records: str, num: str, den: str = "count(*)") -> str:
    """``records`` (with unit_id) rolled up to every competing unit above, then aggregated."""
    return (
        f"SELECT a.ancestor_id AS unit, {num} AS num, {den} AS den"
        f" FROM ({records}) r JOIN anc a ON a.unit_id = r.unit_id GROUP BY 1"
    )


def _activity_where(params: Mapping[str, Any], alias: str = "a") -> str:
    where = ""
    if params.get("activity_kind"):
        where += f" AND {alias}.kind = {_s(params['activity_kind'])}"
    if params.get("series"):
        where += f" AND {alias}.series = {_s(params['series'])}"
    return where


def _project_where(params: Mapping[str, Any], alias: str = "p") -> str:
    where = ""
    if params.get("category"):
        where += f" AND {alias}.category = {_s(params['category'])}"
    if params.get("tags"):
        where += (
            f" AND {alias}.id IN (SELECT project_id FROM projecttag"
            f" WHERE tag IN {_in(params['tags'])})"
        )
    if params.get("public_only"):
        where += f" AND CAST({alias}.is_public AS BOOLEAN)"
    return where


def _planned_tenths(projects: str, day: str) -> str:
    """Each project's planned progress on ``day`` in tenths of a percent, read off its plan
    curve (start 0 %, checkpoints, end 100 %) and rounded half up as the app does, in integer
    arithmetic. ``projects`` gives id, planned_start, planned_end."""
    n = "(p0 * span + (p1 - p0) * days)"
    return f"""
    WITH pts AS (
        SELECT id AS project_id, planned_start AS d, 0 AS p FROM ({projects})
        UNION SELECT id, planned_end, 1000 FROM ({projects})
        UNION SELECT m.project_id, m.planned_date, CAST(round(m.planned_percent * 10) AS BIGINT)
        FROM milestone m JOIN ({projects}) q ON q.id = m.project_id
        WHERE m.planned_percent IS NOT NULL AND m.planned_date > q.planned_start
          AND m.planned_date < q.planned_end
    ), seg AS (
        SELECT project_id, d AS d0, p AS p0,
               lead(d) OVER w AS d1, lead(p) OVER w AS p1, row_number() OVER w AS rn,
               min(d) OVER (PARTITION BY project_id) AS dmin,
               max(d) OVER (PARTITION BY project_id) AS dmax,
               date_diff('day', d, {day}) AS days,
               date_diff('day', d, lead(d) OVER w) AS span
        FROM pts WINDOW w AS (PARTITION BY project_id ORDER BY d, p)
    )
    SELECT project_id, CASE
        WHEN {day} <= any_value(dmin) THEN 0
        WHEN {day} >= any_value(dmax) THEN 1000
        ELSE arg_min(CASE WHEN span = 0 THEN p1
                          WHEN {n} >= 0 THEN (2 * {n} + span) // (2 * span)
                          ELSE -((-2 * {n} + span) // (2 * span)) END, rn)
             FILTER (WHERE d0 <= {day} AND {day} <= d1)
        END AS t
    FROM seg GROUP BY project_id
    """


def baseline_sql(source: str, params: Mapping[str, Any], period: Any) -> str:
    """SQL giving (unit, value, numerator, denominator) as ``source`` computes them."""
    f, last, pid, cid = period.first_month, period.last_month, period.pk, period.campaign_id
    end = f"DATE '{period.end.isoformat()}'"
    months = f"BETWEEN {f} AND {last}"
    if source == "visits_count":
        kinds = f" AND target_kind IN {_in(params['visited'])}" if params.get("visited") else ""
        visits = f"SELECT unit_id FROM visit WHERE month {months}{kinds}"
        if not params.get("per_cadre"):
            return _count_all(_rolled(visits, "count(*)"))
        cadres = (
            "SELECT DISTINCT p.id, p.unit_id FROM person p JOIN roleassignment r"
            " ON r.person_id = p.id WHERE CAST(p.is_active AS BOOLEAN)"
            " AND r.role IN ('cadre', 'unit_leader')"
        )
        return (
            "SELECT c.unit, coalesce(v.num, 0) / c.den, coalesce(v.num, 0), c.den"
            f" FROM ({_rolled(cadres, '0', 'count(DISTINCT r.id)')}) c"
            f" LEFT JOIN ({_rolled(visits, 'count(*)')}) v ON v.unit = c.unit WHERE c.den > 0"
        )
    origins = f" AND origin IN {_in(params['origins'])}" if params.get("origins") else ""
    if source == "matters_closed_on_time":
        rows = (
            "SELECT responsible_unit_id AS unit_id, (state = 'closed' AND resolved_on IS NOT NULL"
            " AND deadline IS NOT NULL AND resolved_on <= deadline) AS ok FROM matter"
            f" WHERE due_month {months}{origins} AND responsible_unit_id IS NOT NULL"
        )
        return _rate(_rolled(rows, "count(*) FILTER (WHERE ok)"))
    if source == "matters_satisfaction":
        value = "satisfaction"
        keep = ""
        if params.get("require_confirmation"):
            value = "coalesce(requester_satisfaction, satisfaction)"
            keep = " AND (requester_satisfaction IS NOT NULL OR NOT CAST(self_closed AS BOOLEAN))"
        rows = (
            f"SELECT responsible_unit_id AS unit_id, {value} AS s FROM matter"
            f" WHERE rated_month {months}{origins} AND satisfaction IS NOT NULL"
            f" AND responsible_unit_id IS NOT NULL{keep}"
        )
        return _rate(_rolled(rows, "sum(s)"))
    if source == "matters_overdue":
        rows = (
            "SELECT responsible_unit_id AS unit_id FROM matter"
            f" WHERE (resolved_month IS NULL OR resolved_month > {last}){origins}"
            f" AND due_month <= {last} AND responsible_unit_id IS NOT NULL"
        )
        return _count_all(_rolled(rows, "count(*)"))
    if source == "mediation_success":
        rows = (
            "SELECT m.responsible_unit_id AS unit_id, c.outcome = 'agreement' AS ok"
            " FROM mediationcase c JOIN matter m ON m.id = c.matter_id"
            f" WHERE c.concluded_month {months} AND m.responsible_unit_id IS NOT NULL"
        )
        return _rate(_rolled(rows, "count(*) FILTER (WHERE ok)"))
    if source == "rectification_completion":
        kind = (
            f" AND rectification_kind = {_s(params['origin'])}"
            if params.get("origin")
            else " AND coalesce(rectification_kind, '') <> ''"
        )
        action = f" AND action_code = {_s(params['action'])}" if params.get("action") else ""
        rows = (
            "SELECT responsible_unit_id AS unit_id, state = 'closed' AS ok FROM matter"
            f" WHERE due_month {months} AND responsible_unit_id IS NOT NULL{kind}{action}"
        )
        return _rate(_rolled(rows, "count(*) FILTER (WHERE ok)"))
    if source == "study_sessions_held":
        rows = (
            "SELECT a.organiser_id AS unit_id, s.status IN ('open', 'closed') AS ok"
            " FROM session s JOIN activity a ON a.id = s.activity_id"
            f" WHERE s.month {months} AND s.status <> 'cancelled'{_activity_where(params)}"
        )
        return _rate(_rolled(rows, "count(*) FILTER (WHERE ok)"))
    if source == "attendance_rate":
        held = (
            "JOIN session s ON s.id = x.session_id JOIN activity a ON a.id = s.activity_id"
            f" WHERE x.month {months} AND s.status IN ('open', 'closed'){_activity_where(params)}"
        )
        rows = (
            "SELECT x.unit_id, g.session_id IS NOT NULL AS ok FROM expected x"
            f" LEFT JOIN (SELECT DISTINCT x.session_id, x.person_id FROM signin x {held}) g"
            f" ON g.session_id = x.session_id AND g.person_id = x.person_id {held}"
        )
        return _rate(_rolled(rows, "count(*) FILTER (WHERE ok)"))
    if source in ("event_participants", "alliance_events"):
        where = f"s.month {months} AND s.status IN ('open', 'closed')"
        where += " AND a.kind IN ('event', 'alliance')"
        if source == "event_participants":
            weight = "coalesce(s.participants, 0)"
            if params.get("brand"):
                b = _s(params["brand"])
                where += f" AND (b.name = {b} OR b.code = {b})"
        else:
            weight = "1"
            where += " AND a.kind = 'alliance'"
            if params.get("alliance"):
                where += f" AND a.alliance = {_s(params['alliance'])}"
        rows = (
            f"SELECT a.organiser_id AS unit_id, {weight} AS w FROM session s"
            " JOIN activity a ON a.id = s.activity_id LEFT JOIN brand b ON b.id = a.brand_id"
            f" WHERE {where}"
        )
        return _count_all(_rolled(rows, "sum(w)"))
    if source == "milestones_on_time":
        return _rate(
            "SELECT p.unit_id AS unit, count(*) FILTER (WHERE m.actual_date IS NOT NULL"
            " AND m.actual_date <= m.planned_date) AS num, count(*) AS den"
            " FROM milestone m JOIN project p ON p.id = m.project_id"
            f" WHERE m.due_month {months}{_project_where(params)} GROUP BY 1"
        )
    if source == "project_progress":
        projects = (
            "SELECT id, unit_id, planned_start, planned_end FROM project p"
            f" WHERE planned_start <= {end}{_project_where(params)}"
        )
        reports = (
            "SELECT r.id, r.project_id, r.reported_on, r.month, r.percent FROM report r"
            f" JOIN project p ON p.id = r.project_id WHERE r.month <= {last}"
            f"{_project_where(params)}"
        )
        return _rate(f"""
            WITH rep AS ({reports}),
            fin AS (SELECT DISTINCT project_id FROM rep WHERE month < {f} AND percent >= 100),
            lat AS (SELECT project_id, arg_max(percent, (reported_on, id)) AS percent
                    FROM rep GROUP BY project_id),
            pp AS ({_planned_tenths(projects, end)})
            SELECT q.unit_id AS unit, sum(coalesce(lat.percent, 0)) AS num,
                   sum(pp.t) / 10 AS den
            FROM ({projects}) q JOIN pp ON pp.project_id = q.id
            LEFT JOIN lat ON lat.project_id = q.id
            WHERE q.id NOT IN (SELECT project_id FROM fin) GROUP BY 1""")
    if source == "investment_completion":
        year = last // 100
        year_end = f"DATE '{year - 1}-12-31'"
        projects = (
            "SELECT id, unit_id, planned_start, planned_end, planned_investment FROM project p"
            f" WHERE planned_investment > 0{_project_where(params)}"
        )
        return _rate(f"""
            WITH e AS ({_planned_tenths(projects, end)}),
            y AS ({_planned_tenths(projects, year_end)}),
            planned AS (
                SELECT q.unit_id AS unit, sum(q.planned_investment * (e.t - y.t) / 1000) AS den
                FROM ({projects}) q JOIN e ON e.project_id = q.id JOIN y ON y.project_id = q.id
                WHERE e.t - y.t > 0 GROUP BY 1),
            done AS (
                SELECT p.unit_id AS unit, sum(r.investment) AS num FROM report r
                JOIN project p ON p.id = r.project_id
                WHERE r.month BETWEEN {year * 100 + 1} AND {last} AND r.investment > 0
                {_project_where(params)} GROUP BY 1)
            SELECT coalesce(planned.unit, done.unit) AS unit, coalesce(num, 0) AS num,
                   coalesce(den, 0) AS den
            FROM planned FULL OUTER JOIN done ON done.unit = planned.unit""")
    if source == "special_action_completion":
        return _rate(
            "SELECT t.unit_id AS unit, count(*) FILTER (WHERE t.done_month IS NOT NULL"
            f" AND t.done_month <= {last}) AS num, count(*) AS den FROM actiontask t"
            f" JOIN specialaction a ON a.id = t.action_id WHERE a.code = {_s(params['action'])}"
            f" AND t.due_month {months} GROUP BY 1"
        )
    if source == "checklist":
        return _rate(
            f"SELECT unit_id AS unit, count(*) FILTER (WHERE done_month IS NOT NULL"
            f" AND done_month <= {last} AND NOT CAST(awaiting_confirmation AS BOOLEAN)) AS num,"
            f" count(*) AS den FROM checklistitem WHERE campaign_id = {cid}"
            f" AND checklist = {_s(params['checklist'])} GROUP BY 1"
        )
    if source == "panel":
        return (
            "SELECT unit_id, CASE WHEN count(*) >= 3"
            " THEN (sum(score) - max(score) - min(score)) / (count(*) - 2) ELSE avg(score) END,"
            f" NULL, count(*) FROM panelscore WHERE period_id = {pid}"
            f" AND panel = {_s(params['panel'])} GROUP BY 1"
        )
    if source == "rating":
        return _rate(
            "SELECT r.unit_id AS unit, sum(r.score) AS num, count(*) AS den FROM rating r"
            f" JOIN raterpanel p ON p.id = r.panel_id WHERE p.code = {_s(params['panel'])}"
            f" AND p.campaign_id = {cid} AND r.period_id = {pid} GROUP BY 1"
        )
    raise KeyError(source)


def manual_sql(code: str, period: Any) -> str:
    """Manual leaves carry no value, only the assessment behind it: the units that have one."""
    return (
        "SELECT m.unit_id, NULL, NULL, NULL FROM manualassessment m JOIN node n"
        f" ON n.id = m.leaf_id WHERE m.period_id = {period.pk} AND n.code = {_s(code)}"
        f" AND n.campaign_id = {period.campaign_id}"
    )


Row = tuple[float | None, float | None, float | None]


def preset_queries(period: Any, leaves: Sequence[Any]) -> tuple[dict[str, str], dict[str, str]]:
    """(SQL per distinct (source, params)), (that key per leaf code)."""
    queries: dict[str, str] = {}
    by_leaf: dict[str, str] = {}
    for leaf in leaves:
        params = dict(leaf.source_params)
        key = leaf.source + json.dumps(params, sort_keys=True, default=str)
        if leaf.source == "manual":
            key = f"manual:{leaf.code}"
            queries[key] = manual_sql(leaf.code, period)
        elif leaf.source not in NOT_IN_BASELINE and key not in queries:
            queries[key] = baseline_sql(leaf.source, params, period)
        if key in queries:
            by_leaf[leaf.code] = key
    return queries, by_leaf


def run_baseline(con: Any, queries: Mapping[str, str]) -> tuple[float, dict[str, dict[int, Row]]]:
    """Seconds for the roll-up table and every query, and their results."""
    started = time.perf_counter()
    con.execute(ANCESTORS)
    results = {key: con.execute(sql).fetchall() for key, sql in queries.items()}
    seconds = time.perf_counter() - started
    return seconds, {
        key: {
            int(unit): tuple(None if v is None else float(v) for v in values)  # type: ignore[misc]
            for unit, *values in rows
            if unit is not None
        }
        for key, rows in results.items()
    }


def app_raw(period: Any) -> tuple[list[Any], list[int], dict[str, dict[int, Row]]]:
    from zhengxian.campaigns.selectors import campaign_tree_specs, group_members
    from zhengxian.engine.tree import flatten_tree
    from zhengxian.scoring.services.gather import gather_inputs

    groups = group_members(period.campaign)
    unit_ids = sorted(unit for members in groups.values() for unit in members)
    leaves = list(flatten_tree(campaign_tree_specs(period.campaign)).leaves)
    inputs = gather_inputs(period=period, leaves=leaves, unit_ids=unit_ids)

    def num(value: Decimal | None) -> float | None:
        return None if value is None else float(value)

    raw = {
        code: {u: (num(v.value), num(v.numerator), num(v.denominator)) for u, v in values.items()}
        for code, values in inputs.raw.items()
    }
    return leaves, unit_ids, raw


def _same(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= 1e-6 * max(1.0, abs(b))


def mismatches(
    app: Mapping[str, Mapping[int, Row]],
    duck: Mapping[str, Mapping[int, Row]],
    by_leaf: Mapping[str, str],
) -> list[str]:
    """Every (leaf, unit) where DuckDB's (value, numerator, denominator) differ from the
    app's, or present on one side only."""
    problems = []
    for code, key in sorted(by_leaf.items()):
        mine, theirs = app.get(code, {}), duck[key]
        for unit in sorted(set(mine) | set(theirs)):
            a, b = mine.get(unit), theirs.get(unit)
            if a is None or b is None or not all(_same(x, y) for x, y in zip(b, a, strict=True)):
                problems.append(f"{code} ({key}) unit {unit}: app {a} duckdb {b}")
    return problems


def verify_baseline(period: Any, directory: Path) -> dict[str, Any]:
    """Exports the rows, loads them into DuckDB and compares its raw values with the app's
    leaf by leaf; ``problems`` lists every difference."""
    leaves, unit_ids, app = app_raw(period)
    rows = export_csv(directory)
    con = load_duckdb(directory, unit_ids)
    queries, by_leaf = preset_queries(period, leaves)
    _, duck = run_baseline(con, queries)
    return {
        "con": con,
        "queries": queries,
        "by_leaf": by_leaf,
        "app": app,
        "duck": duck,
        "problems": mismatches(app, duck, by_leaf),
        "rows": rows,
        "units": len(unit_ids),
        "leaves": len(leaves),
        "not_in_baseline": sorted({leaf.source for leaf in leaves if leaf.code not in by_leaf}),
        "checked": sum(len(v) for v in app.values()),
    }


def check_and_time_baseline(period: Any, directory: Path, runs: int) -> dict[str, Any]:
    """Verifies DuckDB against the app (failing loudly on any difference), then times it."""
    found = verify_baseline(period, directory)
    for line in found["problems"][:50]:
        print("MISMATCH " + line)
    if found["problems"]:
        raise SystemExit(
            f"DuckDB differs from the app in {len(found['problems'])} (leaf, unit) values"
        )
    times = [run_baseline(found["con"], found["queries"])[0] for _ in range(runs)]
    return {**found, "seconds": statistics.median(times), "all": times}


# -- the app, in fresh child processes -------------------------------------------------------


def high_water_kb() -> int:
    """Peak resident memory of this process (VmHWM); not inherited across fork + exec."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


def child(mode: str, period_id: int) -> None:
    from django.urls import get_resolver

    from zhengxian.campaigns.models import Period
    from zhengxian.core.actors import system_actor
    from zhengxian.scoring.services.compute import (
        collector_paused,
        compute_period,
        period_score,
    )

    period = Period.objects.select_related("campaign").get(pk=period_id)
    # A running worker has its URL configuration loaded (the API's schemas among it); the
    # first reverse() of a fresh process imports it, 1.4 s that are start-up, not scoring.
    get_resolver().reverse_dict  # noqa: B018
    ready = high_water_kb()
    started = time.perf_counter()
    if mode == "profile":
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        profiler.runcall(compute_period, period)
        pstats.Stats(profiler, stream=sys.stderr).sort_stats("cumulative").print_stats(25)
    elif mode == "compute":
        # As the score run computes (services/compute.py, ``_score``): the collector paused
        # until the result is released. Resumed while it lived, the collector's next pass
        # would walk its 430,000 objects (0.3 s), a pass no scoring path makes.
        with collector_paused():
            compute_period(period)
    elif mode == "floor":
        print(json.dumps(floor(period)))
        return
    else:
        period_score(period=period, actor=system_actor("bench"))
    seconds = time.perf_counter() - started
    print(json.dumps({"seconds": seconds, "ready_kb": ready, "peak_kb": high_water_kb()}))


def floor(period: Any, runs: int = 3) -> dict[str, float]:
    """What compute cannot go under with the database and the engine it has: the database
    answering the very queries a compute sends (recorded, then replayed and fetched with no
    Python work on the rows), and the engine alone on the gathered inputs. Medians."""
    from django.db import connection

    from zhengxian.scoring.services.compute import (
        collector_paused,
        engine_result,
        gather_period,
    )

    queries: list[tuple[str, Any]] = []

    def record(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        queries.append((sql, params))
        return execute(sql, params, many, context)

    with collector_paused():
        with connection.execute_wrapper(record):
            gathered = gather_period(period)
        database = []
        for _ in range(runs):
            started = time.perf_counter()
            with connection.cursor() as cursor:
                for sql, params in queries:
                    cursor.execute(sql, params)
                    cursor.fetchall()
            database.append(time.perf_counter() - started)
        engine = []
        for _ in range(runs):
            started = time.perf_counter()
            engine_result(period.campaign, gathered)
            engine.append(time.perf_counter() - started)
    return {
        "queries": len(queries),
        "database": statistics.median(database),
        "engine": statistics.median(engine),
    }


def run_child(mode: str, period_id: int, db: str) -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, __file__, "--child", mode, "--period", str(period_id), "--db", db],
        check=True,
        capture_output=True,
        text=True,
        env=os.environ.copy(),
    )
    if mode == "profile":
        print(out.stderr)
    return json.loads(out.stdout.strip().splitlines()[-1])


def busiest_period() -> Any:
    from bench.datagen.scales import BUSIEST_MONTH
    from zhengxian.campaigns.models import Campaign

    campaign = Campaign.objects.order_by("-pk").first()
    if campaign is None:
        return None
    return (
        campaign.periods.select_related("campaign")
        .filter(key__endswith=f"-{BUSIEST_MONTH:02d}")
        .first()
    )


def setup(db: str, build_scale: str | None) -> None:
    from bench.datagen import setup_django

    setup_django(db, fresh=bool(build_scale))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--scale", default="province", choices=("tiny", "street", "district", "province")
    )
    parser.add_argument("--db", help="an existing generated SQLite file (built when absent)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--profile", action="store_true", help="cProfile of compute, top 25")
    parser.add_argument(
        "--child", choices=("compute", "score", "profile", "floor"), help=argparse.SUPPRESS
    )
    parser.add_argument("--period", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    db = args.db or f"var/bench-{args.scale}.sqlite3"
    if args.child:
        setup(db, None)
        child(args.child, args.period)
        return

    on_postgres = bool(os.environ.get("DATABASE_URL"))
    exists = on_postgres or Path(db).exists()
    setup(db, None if exists else args.scale)
    from django.db import connection

    period = busiest_period() if exists else None
    if period is None:
        from bench.datagen import build

        where = "DATABASE_URL" if on_postgres else db
        print(f"building the {args.scale} data set into {where} …", file=sys.stderr)
        build(scale=args.scale, seed=args.seed)
        period = busiest_period()
    with tempfile.TemporaryDirectory(prefix="zhengxian-preset-") as tmp:
        base = check_and_time_baseline(period, Path(tmp), max(args.runs, 5))
    connection.close()
    compute = [run_child("compute", period.pk, db) for _ in range(args.runs)]
    score = [run_child("score", period.pk, db) for _ in range(args.runs)]
    lowest = run_child("floor", period.pk, db)
    if args.profile:
        run_child("profile", period.pk, db)

    b = base["seconds"]
    c = statistics.median(r["seconds"] for r in compute)
    s = statistics.median(r["seconds"] for r in score)
    rows = base["rows"]
    print(f"database:                {connection.vendor} ({'DATABASE_URL' if on_postgres else db})")
    print(f"period:                  {period.key} of {period.campaign.name}")
    print(
        f"competing units:         {base['units']:,}; leaves {base['leaves']}, "
        f"distinct (source, params) {len(base['queries'])}"
    )
    print("rows read:               " + ", ".join(f"{k} {v:,}" for k, v in rows.items() if v))
    print(f"checked:                 {base['checked']:,} (leaf, unit) raw values equal DuckDB's")
    print("not in the baseline:     " + (", ".join(base["not_in_baseline"]) or "none"))
    print(
        f"DuckDB baseline:         {b:.3f} s  (median of {len(base['all'])}: "
        + ", ".join(f"{t:.3f}" for t in base["all"])
        + ")"
    )
    print(
        f"compute (gather+engine): {c:.2f} s  = {c / b:.0f}x baseline  (runs: "
        + ", ".join(f"{r['seconds']:.2f}" for r in compute)
        + ")"
    )
    print(
        f"score (compute+store):   {s:.2f} s  = {s / b:.0f}x baseline  (runs: "
        + ", ".join(f"{r['seconds']:.2f}" for r in score)
        + ")"
    )
    d, e = lowest["database"], lowest["engine"]
    print(
        f"compute's floor:         {d + e:.2f} s  = {(d + e) / b:.1f}x baseline  (the database "
        f"answering its {lowest['queries']} queries {d:.2f} s = {d / b:.1f}x, the engine "
        f"alone {e:.2f} s = {e / b:.1f}x)"
    )
    print(
        f"peak RSS compute:        {max(r['peak_kb'] for r in compute) / 1024:.0f} MB "
        f"(ready {compute[0]['ready_kb'] / 1024:.0f} MB)"
    )
    print(f"peak RSS score:          {max(r['peak_kb'] for r in score) / 1024:.0f} MB")


if __name__ == "__main__":
    main()
