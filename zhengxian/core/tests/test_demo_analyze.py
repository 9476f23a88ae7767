"""`manage.py load_demo` leaves the planner statistics fresh (issue 13: ANALYZE is part of
the demo), so the first pages after a load already use the right indexes."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection


@pytest.mark.django_db
def test_load_demo_runs_analyze_so_sqlite_has_statistics_for_the_units() -> None:
    if connection.vendor != "sqlite":
        pytest.skip("sqlite_stat1 is SQLite's; PostgreSQL runs the same ANALYZE statement")
    call_command("load_demo", "--only", "orgs", "--today", "2026-03-20", stdout=StringIO())
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'orgs_unit'")
        (rows,) = cursor.fetchone()
    assert rows > 0
