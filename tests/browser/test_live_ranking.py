"""The leadership follows the running month's live ranking from the ranking page, on a
desktop and on a phone."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from zhengxian.orgs.testing import PASSWORD
from zhengxian.scoring.services.live import live_refresh
from zhengxian.scoring.tests.factories import small_campaign

from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def march(org):
    period = small_campaign(org).periods.get(key="2026-03")
    live_refresh(period)
    return period


def test_the_leadership_opens_the_live_ranking_from_the_ranking(
    live_server, march, desktop_page, shoot
):
    page = desktop_page
    log_in(page, live_server.url, "leader", PASSWORD)
    page.goto(f"{live_server.url}/scores/periods/{march.pk}/ranking/")
    page.get_by_test_id("live-link").click()
    expect(page.get_by_test_id("live-unpublished")).to_be_visible()
    expect(page.get_by_test_id("live-row")).to_have_count(2)
    expect(page.get_by_test_id("live-table")).to_contain_text("湘湖社区")
    expect(page.get_by_test_id("live-chart").locator("svg")).to_have_count(1)  # drawn
    page.wait_for_timeout(1500)  # the bars' growing animation, for the guide's picture
    shoot(page, "live-ranking-desktop")


def test_the_office_reads_it_on_a_phone(live_server, march, phone_page, shoot):
    page = phone_page
    log_in(page, live_server.url, "office", PASSWORD)
    page.goto(f"{live_server.url}/scores/periods/{march.pk}/live/")
    expect(page.get_by_test_id("live-row")).to_have_count(2)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"] + 1  # nothing wider than the phone
    shoot(page, "live-ranking-phone")
