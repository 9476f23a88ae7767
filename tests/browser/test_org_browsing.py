"""A campaign-office user logs in and browses the unit tree on a phone and on a desktop."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from zhengxian.orgs.testing import PASSWORD

from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_office_browses_unit_tree_on_desktop(live_server, org, desktop_page, shoot):
    page = desktop_page
    log_in(page, live_server.url, "office", PASSWORD)
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    shoot(page, "home-desktop")
    page.get_by_test_id("nav-org").click()  # the 组织 menu
    page.locator("nav").get_by_role("link", name="单位", exact=True).click()
    tree = page.get_by_test_id("unit-tree")
    expect(tree).to_contain_text("城厢街道")
    expect(tree).to_contain_text("湘湖社区")
    expect(tree).to_contain_text("湖头陈社区")
    shoot(page, "unit-tree-desktop")
    tree.get_by_role("link", name="湘湖社区").click()
    expect(page.locator("h1")).to_contain_text("湘湖社区")
    expect(page.locator("main")).to_contain_text("湘湖干部")
    shoot(page, "unit-detail-desktop")


def test_cadre_browses_unit_tree_on_phone_and_sees_only_own_community(
    live_server, org, phone_page, shoot
):
    page = phone_page
    log_in(page, live_server.url, "cadre_a", PASSWORD)
    # On a phone the navigation folds into the menu button.
    page.get_by_role("button", name="菜单").click()
    page.locator("#zx-nav").get_by_test_id("nav-org").click()
    page.locator("#zx-nav").get_by_role("link", name="单位", exact=True).click()
    tree = page.get_by_test_id("unit-tree")
    expect(tree).to_contain_text("湘湖社区")
    expect(tree).not_to_contain_text("湖头陈社区")
    shoot(page, "unit-tree-phone")
    page.goto(f"{live_server.url}/orgs/people/")
    expect(page.get_by_test_id("people-table")).to_contain_text("湘湖干部")
    expect(page.get_by_test_id("people-table")).not_to_contain_text("湖头陈干部")
    # Nothing is wider than the phone: the page does not scroll sideways.
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    shoot(page, "people-phone")
