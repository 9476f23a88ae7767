"""A unit's own pages in the tiers-only and lists-only modes: its leader and cadres read their
points and their tier (or lists), never a rank number, on the score card, the trend, the
preview and the appeal form; the campaign office and the leadership still read ranks.

February: 湖头陈 93.00 (1 of 2), 湘湖 51.00 (2 of 2); January: 湘湖 90.00, 湖头陈 20.00.
Tiers 好 ≥ 90, 较好 ≥ 60, 一般; lists of one: 湖头陈 red, 湘湖 black in February.
"""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from zhengxian.campaigns.models import Campaign

from .results_data import build_results

pytestmark = pytest.mark.django_db

TIERS = [{"name": "好", "min": "90"}, {"name": "较好", "min": "60"}, {"name": "一般"}]


@pytest.fixture
def results(org):
    return build_results(org)


def _mode(results, mode: str) -> None:
    Campaign.objects.filter(pk=results.campaign.pk).update(
        publication_mode=mode, tiers=TIERS, list_size=1
    )


def _card(client, results, unit) -> str:
    response = client.get(reverse("scoring:scorecard", args=[results.feb.pk, unit.pk]))
    assert response.status_code == 200
    return response.content.decode()


def _trend(client, results, unit):
    return client.get(reverse("scoring:unit_trend", args=[results.campaign.pk, unit.pk]))


def test_in_tiers_mode_a_units_card_shows_its_points_and_tier_but_no_rank(org, login, results):
    _mode(results, "tiers")
    html = _card(login("cadre_a"), results, org.community_a)
    assert 'data-testid="card-total">51.00<' in html
    assert 'data-testid="standing" data-tier="一般"' in html
    assert 'data-testid="card-rank"' not in html and "2 of 2" not in html and "2/2" not in html


def test_in_lists_mode_a_units_card_shows_which_list_it_is_on(org, login, results):
    _mode(results, "lists")
    assert 'data-list="black"' in _card(login("cadre_a"), results, org.community_a)
    card_b = _card(login("cadre_b"), results, org.community_b)
    assert 'data-list="red"' in card_b and 'data-testid="card-rank"' not in card_b


def test_in_tiers_mode_a_units_trend_has_tiers_and_no_ranks_or_movement(org, login, results):
    _mode(results, "tiers")
    response = _trend(login("leader_a"), results, org.community_a)
    html = response.content.decode()
    tiers = [point.standing.tier for point in response.context["points"]]
    assert tiers == ["好", "一般"]  # January 90.00, February 51.00
    assert "▼" not in html and " / 2<" not in html
    option = response.context["chart"]
    assert len(option["series"]) == 2 and len(option["yAxis"]) == 1  # totals and the mean
    assert '"inverse"' not in json.dumps(option)  # no rank axis


def test_the_office_and_the_leadership_still_read_ranks_in_every_mode(org, login, results):
    for mode in ("tiers", "lists"):
        _mode(results, mode)
        for who in ("office", "leadership"):
            client = login(who)
            html = _card(client, results, org.community_a)
            assert 'data-testid="card-rank" data-rank="2" data-size="2"' in html, (mode, who)
            assert 'data-testid="card-standing"' not in html
            trend = _trend(client, results, org.community_a)
            assert trend.context["show_rank"] and len(trend.context["chart"]["series"]) == 3


def test_in_full_mode_a_unit_reads_its_rank_as_before(org, login, results):
    html = _card(login("cadre_a"), results, org.community_a)
    assert 'data-testid="card-rank" data-rank="2"' in html
    assert 'data-testid="card-standing"' not in html


def test_in_tiers_mode_the_preview_and_the_appeal_form_give_the_unit_no_rank(org, login, results):
    _mode(results, "tiers")
    client = login("leader_a")
    page = client.get(reverse("scoring:ranking", args=[results.mar.pk])).content.decode()
    assert 'data-testid="own-preview-row" data-unit="CX-XH"' in page
    assert 'data-testid="total">60.00<' in page and 'data-testid="rank"' not in page
    form = client.get(reverse("scoring:appeal_create", args=[results.mar.pk, org.community_a.pk]))
    assert form.status_code == 200 and form.context["show_rank"] is False
    _mode(results, "full")
    page = client.get(reverse("scoring:ranking", args=[results.mar.pk])).content.decode()
    assert 'data-testid="rank"' in page
