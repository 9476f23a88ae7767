"""The SQLite planner's statistics after a migration adds an index.

SQLite keeps statistics only where ANALYZE ran. A migration that adds an index to a table
analysed before leaves the new index without any, and the planner then takes it for the most
selective one: at province scale the matter list's default filter went from an index walk of
its sort (5 ms) to sorting the open matters (350 ms) when the deadline board's covering index
arrived. After a migration, the tables holding an index without statistics are analysed again,
in a database that has statistics at all (a fresh or test database has none, and is left as
it is). PostgreSQL plans from the table's statistics and needs nothing here.
"""

from __future__ import annotations

from typing import Any

from django.db import connections

UNANALYSED_TABLES = """
    SELECT DISTINCT m.tbl_name FROM sqlite_master m
    WHERE m.type = 'index'
      AND m.name NOT IN (SELECT idx FROM sqlite_stat1 WHERE idx IS NOT NULL)
      AND m.tbl_name IN (SELECT tbl FROM sqlite_stat1)
    ORDER BY 1
"""


def analyse_new_indexes(using: str = "default") -> list[str]:
    """Analyses each table with an index that has no statistics; returns their names."""
    connection = connections[using]
    if connection.vendor != "sqlite":
        return []
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'")
        if cursor.fetchone() is None:
            return []
        cursor.execute(UNANALYSED_TABLES)
        tables = [name for (name,) in cursor.fetchall()]
        for table in tables:
            cursor.execute(f'ANALYZE "{table}"')
    return tables


def after_migrate(sender: Any, using: str = "default", plan: Any = None, **kwargs: Any) -> None:
    if plan:  # something was migrated
        analyse_new_indexes(using)
