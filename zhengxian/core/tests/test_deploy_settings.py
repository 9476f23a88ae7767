"""Deployment settings: the production checks, the security headers, and SQLite's
concurrency settings (WAL, IMMEDIATE write transactions)."""

from __future__ import annotations

import os
import secrets
import string
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.conf import settings
from django.db import OperationalError, connection
from django.db.utils import ConnectionHandler
from django.urls import reverse

from config.settings.base import database_from_environment

BASE_DIR = Path(settings.BASE_DIR)
HOST = "zhengxian.example.org"


def random_secret(length: int = 64) -> str:
    alphabet = string.ascii_letters + string.digits + "!@#%^&*(-_=+)"
    return "".join(secrets.choice(alphabet) for _ in range(length))


def run_manage(*args: str, env: dict[str, str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    clean.pop("DATABASE_URL", None)
    clean.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "SQLITE_PATH": str(tmp_path / "deploy-check.sqlite3"),
            **env,
        }
    )
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


# ---------------------------------------------------------------------------------------
# Production settings
# ---------------------------------------------------------------------------------------


def test_production_settings_pass_the_deploy_check_without_warnings(tmp_path):
    result = run_manage(
        "check", "--deploy", "--fail-level", "WARNING",
        env={"DJANGO_SECRET_KEY": random_secret(), "DJANGO_ALLOWED_HOSTS": HOST},
        tmp_path=tmp_path,
    )  # fmt: skip

    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues" in result.stdout
    assert "WARNING" not in output and "?:" not in output


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({"DJANGO_ALLOWED_HOSTS": HOST}, "DJANGO_SECRET_KEY"),
        ({"DJANGO_SECRET_KEY": "", "DJANGO_ALLOWED_HOSTS": HOST}, "DJANGO_SECRET_KEY"),
        (
            {"DJANGO_SECRET_KEY": random_secret(20), "DJANGO_ALLOWED_HOSTS": HOST},
            "DJANGO_SECRET_KEY",
        ),
        ({"DJANGO_SECRET_KEY": random_secret()}, "DJANGO_ALLOWED_HOSTS"),
    ],
    ids=["no-secret", "empty-secret", "short-secret", "no-hosts"],
)
def test_production_refuses_to_start_without_its_secrets(env, named, tmp_path):
    result = run_manage("check", env=env, tmp_path=tmp_path)

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert named in result.stderr


# ---------------------------------------------------------------------------------------
# Content Security Policy
# ---------------------------------------------------------------------------------------


def policy_of(response) -> dict[str, str]:
    header = response.headers["Content-Security-Policy"]
    directives = (part.strip().split(None, 1) for part in header.split(";") if part.strip())
    return {name: (value[0] if value else "") for name, *value in directives}


@pytest.mark.parametrize(
    ("user", "url", "status"),
    [
        (None, reverse("accounts:login"), 200),
        (None, reverse("home:home"), 302),
        (None, "/no/such/page/", 404),
        (None, reverse("core:healthz"), 200),
        ("cadre_a", reverse("home:home"), 200),
        ("cadre_a", reverse("orgs:person_list"), 200),
        ("cadre_a", reverse("audit:entry_list"), 403),
    ],
)
def test_every_response_carries_a_content_security_policy_with_scripts_from_self_only(
    user, url, status, org, client
):
    if user:
        client.force_login(org.user(user))

    response = client.get(url)

    assert response.status_code == status
    policy = policy_of(response)
    assert policy["script-src"] == "'self'"
    assert policy["object-src"] == "'none'"
    assert policy["frame-ancestors"] == "'none'"


def test_htmx_partial_responses_carry_the_policy_too(org, login):
    response = login("cadre_a").get(reverse("orgs:person_list"), headers={"HX-Request": "true"})

    assert policy_of(response)["script-src"] == "'self'"


def test_pages_have_no_inline_scripts(org, login):
    response = login("office").get(reverse("orgs:person_list"))
    text = response.text

    assert response.status_code == 200 and 'data-testid="people-table"' in text
    assert "<script>" not in text
    scripts = text.split("<script")[1:]
    assert scripts and all('src="' in tag for tag in scripts)  # it has scripts, all from files


# ---------------------------------------------------------------------------------------
# SQLite: WAL and IMMEDIATE write transactions
# ---------------------------------------------------------------------------------------


def test_default_sqlite_connection_is_configured_for_concurrent_writers(db):
    if connection.vendor != "sqlite":
        pytest.skip("the default database is PostgreSQL")

    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        (journal_mode,) = cursor.fetchone()
        cursor.execute("PRAGMA busy_timeout")
        (busy_timeout,) = cursor.fetchone()
        cursor.execute("PRAGMA foreign_keys")
        (foreign_keys,) = cursor.fetchone()

    assert connection.transaction_mode == "IMMEDIATE"
    # the test database lives in memory, where SQLite has no write-ahead log to switch on
    assert journal_mode == ("memory" if connection.is_in_memory_db() else "wal")
    assert (busy_timeout, foreign_keys) == (20000, 1)


@pytest.fixture
def file_database(tmp_path, monkeypatch, django_db_blocker) -> Iterator[dict[str, object]]:
    """The embedded database's settings, pointed at a fresh file, with one table to write."""
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("SQLITE_PATH", str(tmp_path / "zhengxian.sqlite3"))
    config = database_from_environment(BASE_DIR)
    with django_db_blocker.unblock():
        setup = ConnectionHandler({"default": config})["default"]
        with setup.cursor() as cursor:
            cursor.execute("CREATE TABLE tally (id INTEGER PRIMARY KEY, writer TEXT, seen INTEGER)")
        setup.close()
        yield config


def open_connection(config: dict[str, object]):
    """A connection of its own, as another process or thread of the app would have."""
    return ConnectionHandler({"default": dict(config)})["default"]


@contextmanager
def atomic_on(conn) -> Iterator[None]:
    """What transaction.atomic does for an outermost block, on a connection of our own."""
    conn.set_autocommit(False, force_begin_transaction_with_broken_autocommit=True)
    try:
        yield
    except BaseException:
        conn.rollback()
        raise
    else:
        conn.commit()
    finally:
        conn.set_autocommit(True)


def test_file_database_runs_in_wal_mode(file_database):
    conn = open_connection(file_database)
    try:
        with conn.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode")
            assert cursor.fetchone()[0] == "wal"
    finally:
        conn.close()


def test_a_transaction_takes_the_write_lock_when_it_begins(file_database):
    first, second = open_connection(file_database), open_connection(file_database)
    try:
        with second.cursor() as cursor:
            cursor.execute("PRAGMA busy_timeout = 50")
        # `first` has written nothing yet, but BEGIN IMMEDIATE already holds the lock
        with (
            atomic_on(first),
            second.cursor() as cursor,
            pytest.raises(OperationalError, match="locked"),
        ):
            cursor.execute("INSERT INTO tally (writer, seen) VALUES ('second', 0)")
        with second.cursor() as cursor:
            cursor.execute("INSERT INTO tally (writer, seen) VALUES ('second', 0)")
    finally:
        first.close()
        second.close()


def test_two_threads_writing_at_once_both_succeed(file_database):
    rounds = 25
    start = threading.Barrier(2)
    errors: list[BaseException] = []

    def write(name: str) -> None:
        conn = open_connection(file_database)
        try:
            start.wait(timeout=10)
            for _ in range(rounds):
                # read, then write: with deferred transactions two such writers deadlock and
                # one fails with "database is locked"; immediate ones queue for the lock
                with atomic_on(conn), conn.cursor() as cursor:
                    cursor.execute("SELECT COUNT(*) FROM tally")
                    (seen,) = cursor.fetchone()
                    time.sleep(0.001)
                    cursor.execute("INSERT INTO tally (writer, seen) VALUES (%s, %s)", [name, seen])
        except BaseException as error:  # reported by the main thread
            errors.append(error)
        finally:
            conn.close()

    threads = [threading.Thread(target=write, args=(name,)) for name in ("a", "b")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert not errors
    conn = open_connection(file_database)
    try:
        with conn.cursor() as cursor:
            cursor.execute("SELECT writer, seen FROM tally")
            rows = cursor.fetchall()
    finally:
        conn.close()
    assert sorted(writer for writer, _ in rows) == ["a"] * rounds + ["b"] * rounds
    # every transaction saw all the ones before it: the writes were serialised
    assert sorted(seen for _, seen in rows) == list(range(2 * rounds))
