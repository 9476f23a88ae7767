"""Result pages in a browser: the office drills from the ranking down to the records behind a
score on a desktop; a cadre does the same for their own unit on a phone; a resident opens the
public ranking on a phone without logging in. Screenshots for the guide."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from zhengxian.orgs.testing import PASSWORD
from zhengxian.scoring.tests.views.results_data import build_results

from .conftest import PHONE, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RANKINGS_HOME = "/scores/rankings/"
ANIMATION_MS = 1200  # ECharts' default animation lasts 1 s


@pytest.fixture
def results(org):
    return build_results(org)


def _fits_the_phone(page) -> None:
    """Nothing is wider than the phone: the page does not scroll sideways."""
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def _chart_drawn(page, label: str) -> None:
    """The ECharts chart is drawn (as SVG) and its bars have grown to their labels."""
    chart = page.locator(".zx-chart svg").first
    expect(chart).to_be_visible()
    expect(chart.locator("text", has_text=label).first).to_be_visible()
    page.wait_for_timeout(ANIMATION_MS)  # the bars grow for a moment after the labels appear


def test_office_drills_from_the_ranking_to_the_evidence_on_desktop(
    live_server, org, results, desktop_page, shoot
):
    page = desktop_page
    log_in(page, live_server.url, "office", PASSWORD)
    page.locator("#zx-nav").get_by_test_id("nav-campaign").click()
    page.locator(f'#zx-nav a[href="{RANKINGS_HOME}"]').click()
    campaigns = page.get_by_test_id("ranking-campaigns")
    expect(campaigns).to_contain_text(results.campaign.name)
    campaigns.get_by_test_id("ranking-campaign").first.click()
    # The office lands on the latest ranking, March's in preview, and picks February's.
    expect(page.get_by_test_id("sheet-status")).to_have_attribute("data-status", "preview")
    page.get_by_test_id("period-picker").get_by_role("button").click()
    page.get_by_test_id("period-picker").get_by_role("link", name=results.feb.label).click()
    expect(page.get_by_test_id("sheet-status")).to_have_attribute("data-status", "published")
    table = page.get_by_test_id("ranking-table")
    expect(table.get_by_test_id("ranking-row").first).to_contain_text("湖头陈社区")
    expect(table.get_by_test_id("ranking-row").first).to_contain_text("▲1")
    _chart_drawn(page, "93")
    shoot(page, "ranking-desktop")

    table.get_by_role("link", name="湖头陈社区").click()
    expect(page.locator("h1")).to_contain_text("湖头陈社区")
    expect(page.get_by_test_id("card-total")).to_have_text("93.00")
    _chart_drawn(page, "湖头陈社区")
    shoot(page, "scorecard-desktop")

    leaf = page.locator('[data-testid="leaf"][data-code="red-property"]')
    leaf.get_by_test_id("evidence-link").click()
    evidence = page.get_by_test_id("evidence-list")
    expect(evidence).to_contain_text("湖头陈红色物业")  # the checklist item behind the points
    shoot(page, "evidence-desktop")


def test_cadre_opens_their_own_score_card_from_the_published_ranking_on_phone(
    live_server, org, results, phone_page, shoot
):
    page = phone_page
    log_in(page, live_server.url, "cadre_a", PASSWORD)
    page.get_by_role("button", name="菜单").click()
    page.locator("#zx-nav").get_by_test_id("nav-campaign").click()
    page.locator(f'#zx-nav a[href="{RANKINGS_HOME}"]').click()
    page.get_by_test_id("ranking-campaign").first.click()
    # A cadre's latest ranking is the published February one (March is only in preview).
    expect(page.get_by_test_id("sheet-status")).to_have_attribute("data-status", "published")
    expect(page.locator("h1")).to_contain_text(results.feb.label)
    table = page.get_by_test_id("ranking-table")
    expect(table).to_contain_text("湖头陈社区")
    # Only the cadre's own community opens.
    expect(table.get_by_role("link", name="湖头陈社区")).to_have_count(0)
    _fits_the_phone(page)

    table.get_by_role("link", name="湘湖社区").click()
    expect(page.locator("h1")).to_contain_text("湘湖社区")
    expect(page.get_by_test_id("card-total")).to_have_text("51.00")
    _chart_drawn(page, "湘湖社区")
    _fits_the_phone(page)
    shoot(page, "scorecard-phone")

    leaf = page.locator('[data-testid="leaf"][data-code="arena"]')
    leaf.get_by_test_id("evidence-link").click()
    evidence = page.get_by_test_id("evidence-list")
    expect(evidence.get_by_test_id("evidence-item")).to_have_count(2)  # one per judge
    expect(evidence).to_contain_text("办公室干事")  # the judge behind a panel score
    expect(evidence).to_contain_text("70")
    _fits_the_phone(page)


def test_a_resident_opens_the_public_ranking_on_phone_without_logging_in(
    live_server, results, phone_page, shoot
):
    page = phone_page
    page.goto(f"{live_server.url}/public/rankings/")
    expect(page.get_by_test_id("user-menu")).to_have_count(0)
    _fits_the_phone(page)
    campaign = page.get_by_test_id("public-campaign").filter(has_text=results.campaign.name)
    campaign.get_by_test_id("latest-ranking").click()
    expect(page.locator("h1")).to_contain_text(results.feb.label)
    rows = page.get_by_test_id("public-ranking-row")
    expect(rows).to_have_count(2)
    expect(rows.first).to_contain_text("湖头陈社区")
    expect(rows.first).to_contain_text("93.00")
    sheet = results.feb.sheets.get(status="published")
    expect(page.get_by_test_id("digest")).to_have_text(sheet.digest[:12])
    expect(page.locator("main a[href^='/scores/']")).to_have_count(0)  # no way into score cards
    _fits_the_phone(page)
    shoot(page, "public-ranking-phone")
