"""A failed job on a phone: the owner reads why, fixes the cause, presses Retry (an htmx POST)
and the same card turns to done."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from zhengxian.jobs.services import job_start
from zhengxian.jobs.tests.handlers import needs_file
from zhengxian.orgs.testing import PASSWORD

from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_owner_reads_why_a_job_failed_and_retries_it(
    live_server, org, phone_page, shoot, tmp_path
):
    page = phone_page
    source = tmp_path / "source.xlsx"
    job = job_start(
        owner=org.user("office"),
        kind="tests.needs_file",
        label="导出三月考评结果",
        handler=needs_file,
        params={"path": str(source), "steps": 4},
    )
    log_in(page, live_server.url, "office", PASSWORD)
    page.goto(f"{live_server.url}/jobs/{job.pk}/")

    card = page.get_by_test_id("job")
    expect(card).to_have_attribute("data-status", "failed")
    expect(page.get_by_test_id("job-error")).to_contain_text("The source file is missing")
    expect(page.get_by_test_id("job-progress")).to_have_attribute("aria-valuenow", "50")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shoot(page, "job-failed-phone")

    source.write_text("here now")
    page.get_by_test_id("job-retry").click()

    expect(card).to_have_attribute("data-status", "succeeded")
    expect(page.get_by_test_id("job-summary")).to_contain_text("All steps done")
    page.goto(f"{live_server.url}/jobs/")
    expect(page.get_by_test_id("job-list")).to_contain_text("导出三月考评结果")
    shoot(page, "job-list-phone")
