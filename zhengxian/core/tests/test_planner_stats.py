"""After a migration adds an index to an analysed SQLite table, the table is analysed again,
so the planner does not take the new index for the most selective one."""

from __future__ import annotations

import pytest
from django.db import connection

from zhengxian.core.planner_stats import analyse_new_indexes

pytestmark = pytest.mark.django_db


def _stat_rows(cursor, table: str) -> set[str]:
    cursor.execute("SELECT idx FROM sqlite_stat1 WHERE tbl = %s AND idx IS NOT NULL", [table])
    return {name for (name,) in cursor.fetchall()}


def test_a_new_index_on_an_analysed_table_gets_statistics():
    if connection.vendor != "sqlite":
        assert analyse_new_indexes() == []  # PostgreSQL plans from the table's statistics
        return
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE zz_planner (a INTEGER, b INTEGER)")
        cursor.executemany(
            "INSERT INTO zz_planner VALUES (%s, %s)", [(n, n % 7) for n in range(200)]
        )
        cursor.execute("CREATE INDEX zz_planner_a ON zz_planner (a)")
        cursor.execute("ANALYZE zz_planner")
        cursor.execute("CREATE INDEX zz_planner_b ON zz_planner (b)")
        assert _stat_rows(cursor, "zz_planner") == {"zz_planner_a"}

        assert "zz_planner" in analyse_new_indexes()

        assert _stat_rows(cursor, "zz_planner") == {"zz_planner_a", "zz_planner_b"}
        assert "zz_planner" not in analyse_new_indexes()  # nothing left to do
