"""A cadre makes an API token on a phone, copies it from the page that shows it once, a
program logs a visit with it, and once revoked on the same page it stops working."""

from __future__ import annotations

import json
import urllib.error
import urllib.request

import pytest
from playwright.sync_api import expect

from zhengxian.core import clock
from zhengxian.matters.models import Visit
from zhengxian.orgs.testing import PASSWORD

from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def post_visit(base_url: str, token: str, org) -> int:
    body = {
        "unit": org.community_a.pk,
        "visited_on": clock.today().isoformat(),
        "target_kind": "household",
        "target_unit": org.community_a.pk,
        "household": "5-1-302",
        "summary": "小程序登记的走访",
        "visitors": [org.people["cadre_a"].pk],
    }
    request = urllib.request.Request(
        f"{base_url}/api/v1/visits",
        data=json.dumps(body).encode(),
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_a_token_is_made_used_and_revoked_from_the_phone(live_server, org, phone_page, shoot):
    page = phone_page
    log_in(page, live_server.url, "cadre_a", PASSWORD)
    page.goto(f"{live_server.url}/api-tokens/tokens/")
    page.get_by_label("令牌名称").fill("钉钉走访小程序")
    page.get_by_label("有效天数").fill("30")
    page.get_by_label("只读（不能登记走访或修改任何内容）").uncheck()
    page.get_by_role("button", name="生成令牌").click()

    expect(page.get_by_test_id("token-shown-once")).to_contain_text("只显示这一次")
    token = page.get_by_test_id("token-value").inner_text().strip()
    assert token.startswith("zx_")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shoot(page, "api-token-shown-once")

    assert post_visit(live_server.url, token, org) == 201
    assert Visit.objects.filter(household="5-1-302").count() == 1

    page.goto(f"{live_server.url}/api-tokens/tokens/")
    expect(page.get_by_test_id("token-table")).to_contain_text("钉钉走访小程序")
    expect(page.get_by_test_id("token-value")).to_have_count(0)  # never shown again
    page.get_by_test_id("token-revoke").click()
    expect(page.get_by_test_id("token-table")).to_contain_text("已撤销")
    shoot(page, "api-token-revoked")
    assert post_visit(live_server.url, token, org) == 401
