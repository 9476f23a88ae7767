"""The period page's alerts link to what they count: open appeals to the appeal list of the
period filtered to open ones, pending bonus and penalty items to the adjustments page."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from zhengxian.core.actors import system_actor
from zhengxian.scoring.models import ScoreSheet
from zhengxian.scoring.services.appeals import appeal_file
from zhengxian.scoring.services.assessments import adjustment_request
from zhengxian.scoring.services.compute import period_score

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def early_february() -> Iterator[None]:
    with time_machine.travel(dt.datetime(2026, 2, 3, 10, tzinfo=ZoneInfo("Asia/Shanghai"))):
        yield


@pytest.fixture
def january(org, campaign):
    january = campaign.periods.get(key="2026-01")
    adjustment_request(
        period=january,
        unit=org.community_b,
        kind="bonus",
        points=Decimal("1"),
        reason="表彰",
        actor=org.user("evaluator"),
    )
    period_score(period=january, actor=system_actor("office"))
    appeal_file(
        sheet=ScoreSheet.objects.get(period=january),
        unit=org.community_a,
        leaf=campaign.nodes.get(code="red-property"),
        text="红色物业已创建",
        actor=org.user("leader_a"),
    )
    return january


def _href(html: str, testid: str) -> str:
    return re.search(rf'href="([^"]+)" data-testid="{testid}"', html).group(1).replace("&amp;", "&")


def test_the_alerts_link_to_the_open_appeals_and_the_pending_items(as_user, january):
    client = as_user("office")
    page = client.get(reverse("scoring:period_detail", args=[january.campaign_id, january.pk]))
    appeals_url = _href(page.text, "open-appeals-link")
    assert appeals_url == f"{reverse('scoring:appeal_list')}?period={january.pk}&status=open"
    listed = client.get(appeals_url).text
    assert "湘湖社区" in listed and "Open" in listed
    items_url = _href(page.text, "pending-adjustments-link")
    assert items_url == f"{reverse('scoring:adjustments', args=[january.pk])}?status=pending"
    assert "湖头陈社区" in client.get(items_url).text


def test_a_cadre_sees_the_alerts_without_links_to_pages_they_cannot_open(as_user, january):
    page = as_user("cadre_b").get(
        reverse("scoring:period_detail", args=[january.campaign_id, january.pk])
    )
    assert 'data-testid="open-appeals"' in page.text
    assert 'data-testid="open-appeals-link"' not in page.text
    assert 'data-testid="pending-adjustments-link"' not in page.text
