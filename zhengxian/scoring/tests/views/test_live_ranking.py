"""The live ranking page: the office and the leadership follow a running period; units never
see it (it is unpublished and changes with every record)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from zhengxian.scoring.models import ChecklistItem
from zhengxian.scoring.services.live import live_refresh
from zhengxian.scoring.tests.factories import small_campaign

pytestmark = pytest.mark.django_db


@pytest.fixture
def march(org):
    return small_campaign(org).periods.get(key="2026-03")


def test_the_office_reads_the_live_ranking_of_a_running_period(org, login, march):
    url = reverse("scoring:live_ranking", args=[march.pk])
    page = login("office").get(url).content.decode()
    assert 'data-testid="live-preparing"' in page  # before the worker's first refresh

    live_refresh(march)
    page = login("office").get(url).content.decode()
    assert 'data-testid="live-unpublished"' in page
    assert page.count('data-testid="live-row"') == 2  # the community group: 湘湖 and 湖头陈
    assert "湘湖社区" in page and "湖头陈社区" in page

    ChecklistItem.objects.create(
        campaign=march.campaign,
        checklist="red-property",
        unit=org.community_a,
        name="湘湖红色物业",
        done_on=dt.date(2026, 3, 10),
        done_month=202603,
    )
    waiting = login("office").get(url, headers={"HX-Request": "true"}).content.decode()
    assert 'data-testid="live-waiting"' in waiting and "<html" not in waiting
    live_refresh(march)
    assert 'data-testid="live-waiting"' not in login("office").get(url).content.decode()


def test_the_ranking_page_links_the_live_ranking_for_those_who_may_see_it(login, march):
    live_refresh(march)
    ranking = reverse("scoring:ranking", args=[march.pk])
    assert 'data-testid="live-link"' in login("office").get(ranking).content.decode()
    assert 'data-testid="live-link"' in login("leadership").get(ranking).content.decode()
    assert 'data-testid="live-link"' not in login("leader_a").get(ranking).content.decode()


@pytest.mark.parametrize(
    ("who", "status"),
    [("office", 200), ("leadership", 200), ("leader_a", 403), ("cadre_a", 403), ("evaluator", 403)],
)
def test_only_the_office_and_the_leadership_may_open_it(login, march, who, status):
    live_refresh(march)
    url = reverse("scoring:live_ranking", args=[march.pk])
    assert login(who).get(url).status_code == status


def test_a_period_that_is_not_running_says_so(login, org):
    december = small_campaign(org).periods.get(key="2026-12")
    december.start = dt.date(2099, 1, 1)
    december.save(update_fields=["start"])
    url = reverse("scoring:live_ranking", args=[december.pk])
    assert 'data-testid="live-not-running"' in login("office").get(url).content.decode()
