"""Field tests on a phone: a unit leader picks the month in preview in the ranking, finds
their own unit highlighted, the appeal button and the deadline; the office publishes a
period only after ticking the confirmation. Screenshots for the guide."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from zhengxian.orgs.testing import PASSWORD
from zhengxian.scoring.tests.views.results_data import build_results

from .conftest import PHONE, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def results(org):
    return build_results(org)


def _fits_the_phone(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_a_unit_leader_opens_the_preview_month_and_finds_the_appeal_on_phone(
    live_server, org, results, phone_page, shoot
):
    page = phone_page
    log_in(page, live_server.url, "leader_a", PASSWORD)
    page.goto(f"{live_server.url}/scores/campaigns/{results.campaign.pk}/ranking/")
    # The published February ranking, with the leader's own community highlighted.
    expect(page.locator("h1")).to_contain_text(results.feb.label)
    own = page.locator('[data-testid="ranking-row"][data-own="true"]')
    expect(own).to_have_count(1)
    expect(own).to_contain_text("湘湖社区")
    _fits_the_phone(page)
    shoot(page, "ranking-own-row-phone")

    # March is in preview (公示): the picker offers it.
    page.get_by_test_id("period-picker").get_by_role("button").click()
    page.get_by_test_id("period-picker").get_by_role("link", name=results.mar.label).click()
    expect(page.locator("h1")).to_contain_text(results.mar.label)
    row = page.get_by_test_id("own-preview-row")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("湘湖社区")
    until = results.mar.sheets.get(status="preview").preview_until
    expect(row.get_by_test_id("appeal-deadline")).to_contain_text(f"{until:%Y-%m-%d}")
    expect(row.get_by_test_id("appeal-button")).to_be_visible()
    _fits_the_phone(page)
    shoot(page, "ranking-preview-appeal-phone")

    row.get_by_test_id("appeal-button").click()
    assert f"/periods/{results.mar.pk}/units/{org.community_a.pk}/appeal/" in page.url


def test_the_office_publishes_only_after_ticking_the_confirmation_on_phone(
    live_server, org, results, phone_page, shoot
):
    page = phone_page
    log_in(page, live_server.url, "office", PASSWORD)
    page.goto(f"{live_server.url}/campaigns/{results.campaign.pk}/periods/{results.mar.pk}/")
    form = page.get_by_test_id("publish-form")
    form.locator("input[name=force]").check()  # the preview is not over yet
    form.get_by_role("button").click()
    # Not ticked: the same page says why, and the period stays in preview.
    form = page.get_by_test_id("publish-form")
    expect(form.locator(".invalid-feedback")).to_be_visible()
    results.mar.refresh_from_db()
    assert results.mar.status == "preview"
    _fits_the_phone(page)
    shoot(page, "publish-confirm-phone")

    form.locator("input[name=confirm]").check()
    form.locator("input[name=force]").check()
    form.get_by_role("button").click()
    expect(page.get_by_test_id("correct-form")).to_be_visible()  # published: now correctable
    results.mar.refresh_from_db()
    assert results.mar.status == "published"
