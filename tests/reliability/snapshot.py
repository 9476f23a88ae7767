"""Prints every table of the configured database as JSON: {table: [row count, SHA-256]}.

Run in a child process (``python -m tests.reliability.snapshot``) with SQLITE_PATH or
DATABASE_URL pointing at the database to read; rows are hashed in a canonical order so two
databases with the same rows give the same digest, whatever their physical order. With
``--verify`` it first runs verify_audit and verify_publications.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys


def snapshot() -> dict[str, list[object]]:
    from django.db import connection

    result: dict[str, list[object]] = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            rows = sorted(json.dumps(row, default=str, ensure_ascii=False) for row in cursor)
            digest = hashlib.sha256("\n".join(rows).encode()).hexdigest()
            result[table] = [len(rows), digest]
    return result


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    import django

    django.setup()
    if "--verify" in sys.argv:
        from django.core.management import call_command

        # Both raise (exit non-zero) naming the first bad entry or publication.
        call_command("verify_audit", stdout=sys.stderr)
        call_command("verify_publications", stdout=sys.stderr)
    json.dump(snapshot(), sys.stdout)
