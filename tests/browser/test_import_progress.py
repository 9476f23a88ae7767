"""The people import as it runs in production: the page checks the file, a separate worker
process (`manage.py db_worker`) creates the accounts, and the page's bar follows it to the end.

A real site on a SQLite file, served by `manage.py runserver` beside the worker, with the real
password hashing (Argon2) that makes each new account slow.
"""

from __future__ import annotations

import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.reliability.sites import PYTHON, ROOT, Site
from zhengxian.core.demo import DEMO_PASSWORD
from zhengxian.orgs.importing.testing import person_row, xlsx

from .conftest import log_in

pytestmark = pytest.mark.browser

PEOPLE = 12


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start(site: Site, *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env={**site.env, "PYTHONUNBUFFERED": "1"},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


@pytest.fixture
def running_site(tmp_path: Path) -> Iterator[str]:
    site = Site(tmp_path, None)
    site.manage("migrate", "-v0")
    site.manage("load_demo", "--only", "orgs")
    port = free_port()
    server = start(site, "runserver", f"127.0.0.1:{port}", "--noreload")
    worker = start(site, "db_worker", "--no-reload", "--no-startup-delay", "--interval", "0.2")
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise AssertionError("runserver did not start") from None
                time.sleep(0.2)
        yield f"http://127.0.0.1:{port}"
    finally:
        for process in (server, worker):
            process.terminate()
            process.wait(timeout=30)


def test_the_import_page_follows_the_account_creation_to_the_end(
    running_site, phone_page, shoot, tmp_path
):
    page = phone_page
    people = [
        person_row(f"导入人员{n:02d}", "CX-XH", 账号=f"import{n:02d}", 角色="干部")
        for n in range(PEOPLE)
    ]
    workbook = tmp_path / "人员.xlsx"
    workbook.write_bytes(xlsx(people=people))
    log_in(page, running_site, "office", DEMO_PASSWORD)
    page.goto(f"{running_site}/orgs/import/")
    page.set_input_files("input[type=file]", str(workbook))
    page.get_by_test_id("import-form").locator("button[type=submit]").click()

    job = page.get_by_test_id("job")
    expect(job).to_have_attribute("data-status", "running", timeout=30_000)
    bar = page.get_by_test_id("job-progress")
    expect(bar).not_to_have_attribute("aria-valuenow", "0", timeout=30_000)
    shoot(page, "import-progress-phone")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    expect(job).to_have_attribute("data-status", "succeeded", timeout=120_000)
    expect(bar).to_have_attribute("aria-valuenow", "100")
    table = page.get_by_test_id("job-table")
    expect(table.locator("tbody tr")).to_have_count(PEOPLE)
    expect(table).to_contain_text("import00")
    shoot(page, "import-progress-done-phone")
