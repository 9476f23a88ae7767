"""The child process of the fault tests: runs one operation against the site its environment
names, optionally pausing inside the operation's transaction so the parent can SIGKILL it.

    python -m tests.reliability.fault_child MARKER PAUSE_AFTER import UNITS
    python -m tests.reliability.fault_child MARKER PAUSE_AFTER command score CAMPAIGN PERIOD
    python -m tests.reliability.fault_child MARKER 0 writer USERNAME COUNT

With PAUSE_AFTER > 0, once that many INSERT/UPDATE/DELETE statements have run inside an
atomic block, the child writes MARKER (a JSON note of what it has written) and sleeps: the
rows are written but not committed when the parent kills it.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path
from typing import Any

WRITES = ("INSERT", "UPDATE", "DELETE")


class PauseMidTransaction:
    def __init__(self, marker: Path, after: int) -> None:
        self.marker, self.after, self.writes = marker, after, 0
        self.tables: list[str] = []

    def __call__(self, execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        from django.db import connection

        result = execute(sql, params, many, context)
        statement = sql.lstrip().upper()
        if self.after and statement.startswith(WRITES) and connection.in_atomic_block:
            self.writes += 1
            self.tables.append(" ".join(sql.split()[:3]))
            if self.writes >= self.after:
                note = {"writes": self.writes, "in_atomic_block": True, "first": self.tables[:5]}
                partial = self.marker.with_suffix(".partial")
                partial.write_text(json.dumps(note))
                os.replace(partial, self.marker)  # the parent never reads half a note
                time.sleep(600)  # the parent kills us here
        return result


def _import(units: int) -> None:
    """The Excel import of units and people, as the demo's campaign office would post it."""
    from zhengxian.accounts.models import User
    from zhengxian.orgs.importing.run import org_import
    from zhengxian.orgs.importing.testing import person_row, unit_row, upload, xlsx

    from .calls import call_as

    office = User.objects.get(username="office")
    data = xlsx(
        units=[unit_row(f"CX-F{i:03}", f"故障测试社区{i}", "社区", "CX") for i in range(units)],
        people=[person_row(f"故障测试人员{i}", f"CX-F{i:03}") for i in range(units)],
    )
    outcome = call_as(org_import, office, upload=upload(data))
    if not outcome.imported:
        raise SystemExit(f"import refused: {outcome.file_error} {outcome.problems[:3]}")


def _writer(username: str, count: int) -> None:
    """Files ``count`` matters through the matter form, as one cadre on a phone would."""
    import uuid

    from django.test import Client

    from zhengxian.accounts.models import User

    user = User.objects.get(username=username)
    unit_id = user.person.unit_id
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    results = []
    for i in range(count):
        tag = uuid.uuid4().hex[:8]
        response = client.post(
            "/matters/new/",
            {
                "title": f"并发写入测试 {tag} 第{i}件",
                "description": f"编号 {tag}",
                "category": "other",
                "origin": "other",
                "reporting_unit": unit_id,
                "file_anyway": "on",
            },
        )
        body = response.content.decode(errors="replace")
        results.append(
            {"status": response.status_code, "locked": "database is locked" in body.lower()}
        )
    print(json.dumps(results))


def main(argv: list[str]) -> None:
    marker, after, mode, *rest = argv
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    hook = PauseMidTransaction(Path(marker), int(after))
    with connection.execute_wrapper(hook):
        if mode == "import":
            _import(int(rest[0]))
        elif mode == "command":
            call_command(*rest)
        elif mode == "writer":
            _writer(rest[0], int(rest[1]))
        else:
            raise SystemExit(f"unknown mode {mode}")


if __name__ == "__main__":
    main(sys.argv[1:])
