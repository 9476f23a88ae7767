"""Database triggers that refuse UPDATE and DELETE on audit entries.

The hash chain detects an altered or removed entry after the fact; the triggers stop the
change itself, whoever issues it: a bug, a shell, a bulk ``.update()`` that bypasses the
model's ``save`` guard, or an injected statement. Someone who owns the schema can still drop
a trigger, which is why the chain stays and why production may also take the owner's rights
away from the application's role (docs/deploy-security-notes.md).

PostgreSQL's TRUNCATE fires no row trigger: the test suite's flush uses it. On SQLite, flush
is a DELETE, so `manage.py flush` (this app's override) lifts the triggers while it empties
the whole database and puts them back at once.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper

TABLE = "audit_auditentry"
MESSAGE = "audit entries are append-only"

_CREATE = {
    "sqlite": [
        f"CREATE TRIGGER IF NOT EXISTS audit_entry_no_update BEFORE UPDATE ON {TABLE} "
        f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END",
        f"CREATE TRIGGER IF NOT EXISTS audit_entry_no_delete BEFORE DELETE ON {TABLE} "
        f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END",
    ],
    "postgresql": [
        "CREATE OR REPLACE FUNCTION audit_entry_refuse_change() RETURNS trigger "
        "LANGUAGE plpgsql AS $$ BEGIN "
        f"RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'insufficient_privilege'; "
        "END $$",
        f"DROP TRIGGER IF EXISTS audit_entry_no_change ON {TABLE}",
        f"CREATE TRIGGER audit_entry_no_change BEFORE UPDATE OR DELETE ON {TABLE} "
        "FOR EACH ROW EXECUTE FUNCTION audit_entry_refuse_change()",
    ],
}
_DROP = {
    "sqlite": [
        "DROP TRIGGER IF EXISTS audit_entry_no_update",
        "DROP TRIGGER IF EXISTS audit_entry_no_delete",
    ],
    "postgresql": [
        f"DROP TRIGGER IF EXISTS audit_entry_no_change ON {TABLE}",
        "DROP FUNCTION IF EXISTS audit_entry_refuse_change()",
    ],
}


def _run(connection: BaseDatabaseWrapper, statements: dict[str, list[str]]) -> None:
    # Another database (MySQL, …) gets no triggers: the chain still detects tampering.
    with connection.cursor() as cursor:
        for sql in statements.get(connection.vendor, []):
            cursor.execute(sql)


def install(connection: BaseDatabaseWrapper) -> None:
    _run(connection, _CREATE)


def uninstall(connection: BaseDatabaseWrapper) -> None:
    _run(connection, _DROP)


def installed(connection: BaseDatabaseWrapper) -> bool:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s",
                [TABLE],
            )
            return bool(cursor.fetchone()[0])
        if connection.vendor == "postgresql":
            cursor.execute("SELECT count(*) FROM pg_trigger WHERE tgname = 'audit_entry_no_change'")
            return bool(cursor.fetchone()[0])
    return False


@contextmanager
def triggers_suspended(using: str = "default") -> Iterator[None]:
    """Lifts the triggers for a maintenance step (or a tamper test), then restores them."""
    connection = connections[using]
    was_installed = installed(connection)
    if was_installed:
        uninstall(connection)
    try:
        yield
    finally:
        if was_installed:
            install(connection)
