"""The 减负 page is in the campaign office's menu and opens on the last month with data."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from zhengxian.scoring.services.assessments import adjustment_request

from .results_data import build_results

pytestmark = pytest.mark.django_db


@pytest.fixture
def results(org):
    return build_results(org)


def test_the_office_finds_the_burden_page_in_the_menu(login, results):
    client = login("office")
    home = client.get("/").content.decode()
    assert f'href="{reverse("scoring:burden_home")}"' in home
    response = client.get(reverse("scoring:burden_home"))
    assert response.url == reverse("scoring:burden", args=[results.campaign.pk])


def test_the_menu_has_no_burden_entry_for_a_cadre_who_is_refused_the_page(login, results):
    client = login("cadre_a")
    assert f'href="{reverse("scoring:burden_home")}"' not in client.get("/").content.decode()
    assert client.get(reverse("scoring:burden_home")).status_code == 403


def test_the_burden_page_opens_on_the_last_month_with_data(login, org, results):
    client = login("office")
    page = client.get(reverse("scoring:burden", args=[results.campaign.pk]))
    assert page.context["burden"].selected == results.mar  # the last scored month
    # A bonus item asked for in April, not scored yet: April has data now.
    april = results.campaign.periods.get(key="2026-04")
    adjustment_request(
        period=april,
        unit=org.community_a,
        kind="bonus",
        points=Decimal("1"),
        reason="表彰",
        actor=org.user("evaluator"),
    )
    page = client.get(reverse("scoring:burden", args=[results.campaign.pk]))
    assert page.context["burden"].selected == april
    assert 'data-period="2026-04" class="table-active"' in page.content.decode()


def test_a_campaign_without_data_opens_on_the_month_under_way(as_user, campaign):
    with time_machine.travel(dt.datetime(2026, 5, 10, 10, tzinfo=ZoneInfo("Asia/Shanghai"))):
        page = as_user("office").get(reverse("scoring:burden", args=[campaign.pk]))
    assert page.context["burden"].selected.key == "2026-05"  # not January
