"""Throwaway file-backed sites for tests that run real processes: a database (a SQLite file,
or a database created on the PostgreSQL cluster of `make test-pg`) and a MEDIA_ROOT."""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
_counter = itertools.count()


def on_postgres() -> bool:
    return bool(os.environ.get("DATABASE_URL", "").startswith("postgres"))


class Site:
    def __init__(self, folder: Path, database_url: str | None) -> None:
        self.folder = folder
        self.media = folder / "media"
        self.database_url = database_url
        self.sqlite = folder / "db.sqlite3"

    @property
    def env(self) -> dict[str, str]:
        env = {
            key: value
            for key, value in os.environ.items()
            if key not in ("DATABASE_URL", "SQLITE_PATH", "MEDIA_ROOT", "DJANGO_SETTINGS_MODULE")
        }
        env.update(
            DJANGO_SETTINGS_MODULE="config.settings.local",
            MEDIA_ROOT=str(self.media),
            PYTHONPATH=str(ROOT),
        )
        if self.database_url:
            env["DATABASE_URL"] = self.database_url
        else:
            env["SQLITE_PATH"] = str(self.sqlite)
        return env

    def run(
        self, *args: str, check: bool = True, timeout: int = 300
    ) -> subprocess.CompletedProcess:
        result = subprocess.run(
            [PYTHON, *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        if check and result.returncode != 0:
            raise AssertionError(f"{args} failed:\n{result.stdout}\n{result.stderr}")
        return result

    def manage(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        return self.run("manage.py", *args, check=check)

    def snapshot(self, *, verify: bool = False) -> dict[str, list[object]]:
        args = ["-m", "tests.reliability.snapshot", *(["--verify"] if verify else [])]
        return json.loads(self.run(*args).stdout)


def _admin_url(url: str, database: str) -> str:
    return url.rsplit("/", 1)[0] + "/" + database


@contextmanager
def site(folder: Path) -> Iterator[Site]:
    """A fresh, empty site in ``folder``; on PostgreSQL a new database, dropped afterwards."""
    folder.mkdir(parents=True, exist_ok=True)
    if not on_postgres():
        yield Site(folder, None)
        return
    import psycopg

    base = os.environ["DATABASE_URL"]
    name = f"zx_rel_{os.getpid()}_{next(_counter)}_{uuid.uuid4().hex[:6]}"
    admin = _admin_url(base, "postgres")
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield Site(folder, _admin_url(base, name))
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
