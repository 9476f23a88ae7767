"""Publication modes on the ranking pages, the public pages and the results export: tiers
mode shows each unit's tier and no points or ranks but to the office; lists mode shows only
the red and black lists. The circular link shows to the leadership too."""

from __future__ import annotations

import json
import re

import pytest
from django.urls import reverse

from zhengxian.campaigns.models import Campaign

from .results_data import build_results, export_json

pytestmark = pytest.mark.django_db

# February: 湖头陈 93.00 (1), 湘湖 51.00 (2); 党政办 60.00 alone in the office group.
TIERS = [{"name": "好", "min": "90"}, {"name": "较好", "min": "60"}, {"name": "一般"}]


@pytest.fixture
def results(org):
    return build_results(org)


def _mode(results, mode: str, list_size: int = 1) -> None:
    Campaign.objects.filter(pk=results.campaign.pk).update(
        publication_mode=mode, tiers=TIERS, list_size=list_size
    )


def _tiers(html: str) -> dict[str, list[str]]:
    found = {}
    for tier, body in re.findall(r'data-tier="([^"]+)">(.*?)</div>', html, re.S):
        found.setdefault(tier, []).extend(re.findall(r'data-unit="([^"]+)"', body))
    return found


def test_tiers_mode_shows_units_their_tier_without_points_or_ranks(login, results):
    _mode(results, "tiers")
    html = login("cadre_b").get(reverse("scoring:ranking", args=[results.feb.pk])).content.decode()
    assert 'data-testid="mode-view" data-mode="tiers"' in html
    assert 'data-testid="ranking-table"' not in html and "ranking-chart-data" not in html
    assert "93.00" not in html and "51.00" not in html and "▲" not in html
    assert _tiers(html) == {"好": ["CX-HT"], "较好": ["CX-DZB"], "一般": ["CX-XH"]}
    assert re.search(r'data-unit="CX-HT" data-own="true"', html)  # cadre_b's own unit


def test_the_office_sees_the_full_ranking_in_every_mode(login, results):
    for mode in ("tiers", "lists"):
        _mode(results, mode)
        html = login("office").get(reverse("scoring:ranking", args=[results.feb.pk])).content
        assert b'data-testid="ranking-table"' in html and b"93.00" in html
        assert b'data-testid="mode-view"' not in html


def test_lists_mode_shows_only_the_red_and_black_lists(login, results):
    _mode(results, "lists")
    html = login("cadre_a").get(reverse("scoring:ranking", args=[results.feb.pk])).content.decode()
    assert 'data-mode="lists"' in html and "93.00" not in html
    red = re.findall(r'data-testid="red-list">(.*?)</div>', html, re.S)
    black = re.findall(r'data-testid="black-list">(.*?)</div>', html, re.S)
    assert ["CX-HT" in red[0], "CX-XH" in black[0]] == [True, True]
    assert "CX-DZB" in red[1] and "data-unit" not in black[1]  # alone: no black list


def test_the_public_ranking_follows_the_mode(client, results):
    url = reverse("public_rankings:ranking", args=[results.campaign.code, results.feb.key])
    assert "93.00" in client.get(url).content.decode()  # full mode: the ranking
    _mode(results, "tiers")
    html = client.get(url).content.decode()
    assert "93.00" not in html and 'data-testid="public-ranking-table"' not in html
    assert _tiers(html)["好"] == ["CX-HT"]
    _mode(results, "lists")
    html = client.get(url).content.decode()
    assert 'data-mode="lists"' in html and "51.00" not in html


def test_the_export_follows_the_mode_but_for_the_office(login, results):
    _mode(results, "tiers")
    units = json.loads(export_json(login("cadre_b"), results.feb.pk))["units"]
    assert {u["code"]: u["tier"] for u in units} == {
        "CX-HT": "好",
        "CX-XH": "一般",
        "CX-DZB": "较好",
    }
    assert not any({"total", "rank", "leaves", "leaf_sum"} & set(u) for u in units)
    _mode(results, "lists")
    units = json.loads(export_json(login("cadre_b"), results.feb.pk))["units"]
    assert {u["code"]: u["list"] for u in units} == {
        "CX-HT": "red",
        "CX-XH": "black",
        "CX-DZB": "red",
    }
    office = json.loads(export_json(login("office"), results.feb.pk))["units"]
    assert {u["code"]: u["total"] for u in office}["CX-HT"] == "93.00"


def test_the_leadership_sees_the_circular_link_on_the_published_period(login, results):
    url = reverse("scoring:period_detail", args=[results.campaign.pk, results.feb.pk])
    circular = reverse("cockpit:circular", args=[results.feb.pk])
    for key in ("leadership", "office"):
        assert f'href="{circular}"' in login(key).get(url).content.decode(), key
    assert f'href="{circular}"' not in login("cadre_b").get(url).content.decode()
