"""The office on a phone: grouped notifications, urgent first, and the webhook pages."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from zhengxian.core.models import WebhookEndpoint
from zhengxian.core.notification_kinds import Kind
from zhengxian.core.notifications import notify
from zhengxian.orgs.testing import PASSWORD

from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def no_sideways_scroll(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_the_office_reads_grouped_notifications_and_its_webhooks_on_a_phone(
    live_server, org, phone_page, shoot
):
    office = org.user("office")
    for unit in (org.community_a, org.community_b):
        for n in range(6):
            notify(
                recipients=[office],
                text=f"新事项待分派：{unit.name}第{n + 1}件",
                url="/matters/",
                kind=Kind.MATTER_NEW,
                group=f"unit:{unit.pk}",
                group_label=unit.name,
            )
    notify(
        recipients=[office],
        text="已逾期：湘湖家园3幢门口路灯坏了",
        kind=Kind.OVERDUE,
        group=f"unit:{org.community_a.pk}",
        group_label=org.community_a.name,
    )
    WebhookEndpoint.objects.create(
        name="城厢街道工作群",
        url="https://oapi.dingtalk.com/robot/send?access_token=0123456789abcdef0123456789",
        secret="SEC0123456789abcdef0123456789",
        owner_unit=org.subdistrict,
    )
    page = phone_page
    log_in(page, live_server.url, "office", PASSWORD)
    expect(page.get_by_test_id("unread-count")).to_have_text("3 未读")
    page.goto(f"{live_server.url}/notifications/")
    groups = page.get_by_test_id("notification-group")
    expect(groups).to_have_count(3)
    expect(groups.first).to_have_attribute("data-kind", Kind.OVERDUE)
    no_sideways_scroll(page)
    shoot(page, "notifications-phone")
    page.goto(f"{live_server.url}/webhooks/")
    expect(page.get_by_test_id("webhook-table")).to_be_visible()
    assert "SEC0123456789abcdef0123456789" not in page.content()
    no_sideways_scroll(page)
    shoot(page, "webhooks-phone")
