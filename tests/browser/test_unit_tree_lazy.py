"""The unit tree loads its deeper levels on demand: expanding a unit by htmx on a desktop, the
search on a phone, and the expand link as a page of its own without JavaScript."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from zhengxian.orgs.testing import PASSWORD

from .conftest import PHONE, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_office_expands_a_community_to_load_its_grids(live_server, org, desktop_page, shoot):
    page = desktop_page
    log_in(page, live_server.url, "office", PASSWORD)
    page.goto(f"{live_server.url}/orgs/units/")
    tree = page.get_by_test_id("unit-tree")
    expect(tree).to_contain_text("湘湖社区")
    expect(tree).not_to_contain_text("湘湖第一网格")  # one level below the first page

    community = tree.locator(f'li[data-unit="{org.community_a.pk}"]')
    community.locator("summary").first.click(position={"x": 4, "y": 8})  # the ▸ marker

    expect(community).to_contain_text("湘湖第一网格")
    expect(tree).not_to_contain_text("湖头陈第一网格")  # the other community stays closed
    expect(page).to_have_url(f"{live_server.url}/orgs/units/")  # loaded in place
    shoot(page, "unit-tree-expanded-desktop")
    community.get_by_role("link", name="湘湖第一网格").click()
    expect(page.locator("h1")).to_contain_text("湘湖第一网格")


def test_cadre_searches_the_tree_on_a_phone_and_opens_the_unit(live_server, org, phone_page, shoot):
    page = phone_page
    log_in(page, live_server.url, "cadre_a", PASSWORD)
    page.goto(f"{live_server.url}/orgs/units/")
    search = page.get_by_test_id("unit-search").locator("input[name=q]")
    search.fill("CX-HT-G1")  # the other community's grid: outside the scope
    expect(page.get_by_test_id("unit-search-results").locator(".zx-empty")).to_be_visible()
    expect(page.get_by_test_id("unit-search-results")).not_to_contain_text("湖头陈第一网格")
    search.fill("cx-xh-g1")
    results = page.get_by_test_id("unit-search-results")
    expect(results).to_contain_text("湘湖第一网格")
    expect(results.get_by_test_id("unit-path")).to_have_text("湘湖社区")  # from the scope's top
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"]  # nothing wider than the phone
    shoot(page, "unit-tree-search-phone")
    results.get_by_role("link", name="湘湖第一网格").click()
    expect(page.locator("h1")).to_contain_text("湘湖第一网格")


def test_without_javascript_the_expand_link_and_the_search_are_pages(live_server, org, chromium):
    context = chromium.new_context(viewport=PHONE, locale="zh-CN", java_script_enabled=False)
    context.set_default_timeout(10_000)
    page = context.new_page()
    try:
        # Signed in by the session cookie of a test client: the page under test is the tree.
        client = Client()
        client.force_login(org.user("office"))
        session = client.cookies[settings.SESSION_COOKIE_NAME].value
        context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
        )
        page.goto(f"{live_server.url}/orgs/units/")
        community = page.locator(f'li[data-unit="{org.community_a.pk}"]')
        community.locator("summary").first.click(position={"x": 4, "y": 8})
        community.get_by_test_id("expand-link").click()

        expect(page).to_have_url(f"{live_server.url}/orgs/units/{org.community_a.pk}/children/")
        expect(page.get_by_test_id("unit-children")).to_contain_text("湘湖第一网格")
        expect(page.locator("nav ol.breadcrumb")).to_contain_text("湘湖社区")

        page.goto(f"{live_server.url}/orgs/units/")
        page.get_by_test_id("unit-search").locator("input[name=q]").fill("第一网格")
        page.get_by_test_id("unit-search").locator("button[type=submit]").click()
        results = page.get_by_test_id("unit-search-results")
        expect(results).to_contain_text("湘湖第一网格")
        expect(results).to_contain_text("湖头陈第一网格")
    finally:
        context.close()
