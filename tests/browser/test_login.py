"""The login page on a phone: a resident who lands on it finds the public pages."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_resident_finds_the_public_pages_from_the_login_page_on_a_phone(
    live_server, phone_page, shoot
):
    page = phone_page
    page.goto(f"{live_server.url}/accounts/login/")
    links = page.get_by_test_id("public-links")
    expect(links).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shoot(page, "login-phone")

    links.get_by_role("link", name="民生实事").click()
    page.wait_for_url("**/public/projects/")
    expect(page.locator("h1")).to_contain_text("民生实事")
    page.go_back()
    page.get_by_test_id("public-links").get_by_role("link", name="已晾晒排名").click()
    page.wait_for_url("**/public/rankings/")
    expect(page.locator("h1")).to_contain_text("已晾晒排名")
