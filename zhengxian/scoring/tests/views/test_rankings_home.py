"""The 排名 menu entry: the campaigns a user sees, each linked to its latest ranking."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from .results_data import build_results

pytestmark = pytest.mark.django_db

HOME = "/scores/rankings/"


@pytest.fixture
def results(org):
    return build_results(org)


def _latest(html: str) -> str:
    found = re.search(r'data-testid="latest-period">(.*?)</div>', html, re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", found.group(1))).strip()


def test_the_menu_offers_rankings_to_those_who_see_scores(login, results):
    assert reverse("scoring:rankings_home") == HOME
    for key in ("office", "cadre_a", "leadership"):
        html = login(key).get("/").content.decode()
        assert f'href="{HOME}"' in html, key
    home = login("nobody").get("/")
    assert home.status_code == 200 and 'data-testid="user-menu"' in home.content.decode()
    assert f'href="{HOME}"' not in home.content.decode()


def test_a_cadre_sees_the_latest_published_ranking_of_their_campaign(login, results):
    html = login("cadre_b").get(HOME).content.decode()
    assert results.campaign.name in html
    link = reverse("scoring:campaign_ranking", args=[results.campaign.pk])
    assert f'href="{link}"' in html
    assert _latest(html) == f"{results.feb.label} 已发布"


def test_the_office_sees_the_ranking_in_preview_as_the_latest(login, results):
    html = login("office").get(HOME).content.decode()
    assert _latest(html) == f"{results.mar.label} 公示"


def test_a_campaign_not_yet_published_says_so(login, org):
    from zhengxian.scoring.tests.factories import small_campaign

    small_campaign(org)
    html = login("cadre_a").get(HOME).content.decode()
    assert 'data-testid="ranking-campaign"' in html and "/ranking/" in html
    assert "已发布" not in _latest(html)
    assert _latest(html) == "尚未发布排名"  # "No ranking published yet"


def test_someone_who_sees_no_campaign_gets_an_empty_page(login, results):
    response = login("nobody").get(HOME)
    html = response.content.decode()
    assert response.status_code == 200 and "还没有比学活动。" in html  # "No campaign yet."
    assert results.campaign.name not in html and 'data-testid="ranking-campaigns"' not in html


def test_a_visitor_must_log_in(client, results):
    response = client.get(HOME)
    assert response.status_code == 302 and "/accounts/login/" in response.url
