"""Django's flush, which on SQLite must lift the audit triggers to empty the log with the rest.

Flush empties every table, the log included, on purpose (it is what the test suite does
between transactional tests); on PostgreSQL it is a TRUNCATE, which the row triggers do not
see. Anything short of emptying the whole database still meets the triggers.
"""

from __future__ import annotations

from typing import Any

from django.core.management.commands import flush
from django.db import DEFAULT_DB_ALIAS, connections

from zhengxian.audit.immutable import triggers_suspended


class Command(flush.Command):
    def handle(self, **options: Any) -> None:
        database = options.get("database") or DEFAULT_DB_ALIAS
        if connections[database].vendor != "sqlite":
            return super().handle(**options)
        with triggers_suspended(using=database):
            return super().handle(**options)
