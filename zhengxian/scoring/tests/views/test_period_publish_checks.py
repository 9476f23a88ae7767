"""Publishing asks the office to confirm on the page (the server checks the box), and is
refused while a bonus or penalty item awaits a decision, naming each item with a link."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation

from zhengxian.campaigns.models import PeriodStatus
from zhengxian.scoring.services.assessments import adjustment_decide, adjustment_request

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def mid_february() -> Iterator[None]:
    """January 2026 is over and its preview (5 days) too."""
    with time_machine.travel(dt.datetime(2026, 2, 20, 10, tzinfo=ZoneInfo("Asia/Shanghai"))):
        yield


def _url(name: str, period) -> str:
    return reverse(f"scoring:{name}", args=[period.campaign_id, period.pk])


def test_publishing_without_ticking_the_confirmation_is_refused_on_the_page(org, as_user, campaign):
    client = as_user("office")
    january = campaign.periods.get(key="2026-01")
    client.post(_url("period_score", january))
    page = client.get(_url("period_detail", january))
    assert 'name="confirm"' in page.text  # the box is on the page, next to Publish
    response = client.post(_url("period_publish", january), {"force": "on"})
    assert response.status_code == 200
    assert "Tick the box to confirm" in response.text
    january.refresh_from_db()
    assert january.status == PeriodStatus.PREVIEW
    # Positive control: ticked, it publishes.
    response = client.post(
        _url("period_publish", january), {"confirm": "on", "force": "on"}, follow=True
    )
    assert f"{january.label} published (version 1)." in [
        str(m) for m in response.context["messages"]
    ]
    january.refresh_from_db()
    assert january.status == PeriodStatus.PUBLISHED


def test_a_pending_bonus_holds_the_publication_and_the_page_links_to_it(org, as_user, campaign):
    client = as_user("office")
    january = campaign.periods.get(key="2026-01")
    item = adjustment_request(
        period=january,
        unit=org.community_b,
        kind="bonus",
        points=Decimal("2"),
        reason="区级表彰",
        actor=org.user("evaluator"),
    )
    client.post(_url("period_score", january))
    response = client.post(_url("period_publish", january), {"confirm": "on", "force": "on"})
    assert response.status_code == 200
    assert "Not published: bonus or penalty items await a decision." in [
        str(m) for m in response.context["messages"]
    ]
    refused = response.text.split('data-testid="publish-refused"')[1].split("</div>")[0]
    link = (
        reverse("scoring:adjustments", args=[january.pk]) + f"?status=pending#adjustment-{item.pk}"
    )
    assert f'href="{link}"' in refused and org.community_b.name in refused and "2.00" in refused
    january.refresh_from_db()
    assert january.status == PeriodStatus.PREVIEW
    # The link leads to the item, which the office decides there.
    assert f'id="adjustment-{item.pk}"' in client.get(link.split("#")[0]).text
    # Positive control: decided, the period publishes.
    adjustment_decide(adjustment=item, approve=True, actor=org.user("office"))
    client.post(_url("period_score", january))
    response = client.post(
        _url("period_publish", january), {"confirm": "on", "force": "on"}, follow=True
    )
    assert f"{january.label} published (version 2)." in [
        str(m) for m in response.context["messages"]
    ]


def test_the_publish_command_is_refused_too_while_an_item_is_pending(org, campaign):
    from zhengxian.core.actors import system_actor
    from zhengxian.core.errors import DomainError
    from zhengxian.scoring.services.compute import period_score
    from zhengxian.scoring.services.publication import period_publish

    january = campaign.periods.get(key="2026-01")
    adjustment_request(
        period=january,
        unit=org.community_a,
        kind="penalty",
        points=Decimal("1"),
        reason="台账缺失",
        actor=org.user("evaluator"),
    )
    period_score(period=january, actor=system_actor("office"))
    with translation.override("en"), pytest.raises(DomainError, match="Pending: 湘湖社区"):
        period_publish(period=january, actor=system_actor("office"), force=True)
