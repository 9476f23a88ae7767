"""The score panels: each group's ranking with movement, a unit's trend and its radar, from
the result pages' selectors (February published: 湖头陈 93 ▲1, 湘湖 51 ▼1; March in preview)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from zhengxian.cockpit.dashboard.scores import score_figures
from zhengxian.scoring.tests.views.results_data import build_results

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("cockpit:dashboard")


@pytest.fixture
def results(org):
    return build_results(org)


def test_leadership_sees_the_latest_published_ranking_with_movement(login, results):
    context = login("leadership").get(DASHBOARD).context
    assert context["scores"].period == results.feb  # March is still in preview
    charts = dict((group.tab.code, chart) for group, chart in context["ranking_charts"])
    community = charts["community"]
    assert community["option"]["yAxis"]["data"] == ["1. 湖头陈社区 ▲1", "2. 湘湖社区 ▼1"]
    assert community["option"]["series"][0]["data"] == [93.0, 51.0]
    ranking_page = reverse("scoring:ranking", args=[results.feb.pk])
    assert community["href"] == f"{ranking_page}?group=community"


def test_each_ranking_chart_equals_the_ranking_page_it_opens(login, results):
    client = login("leadership")
    for _group, chart in client.get(DASHBOARD).context["ranking_charts"]:
        listed = client.get(chart["href"]).context["chart"]
        assert listed["series"][0]["data"] == chart["option"]["series"][0]["data"]


def test_the_trend_and_radar_are_of_the_leading_unit_or_the_one_asked_for(org, results):
    leadership = org.user("leadership")
    figures = score_figures(leadership)
    assert figures.unit_name == "湖头陈社区"
    assert [float(point.total) for point in figures.trend] == [20.0, 93.0]
    assert figures.card is not None and figures.card.radar
    asked = score_figures(leadership, unit_id=org.community_a.pk)
    assert asked.unit_name == "湘湖社区"
    assert [float(point.total) for point in asked.trend] == [90.0, 51.0]


def test_a_unit_outside_the_scope_is_not_drawn(org, results, leader_of_a):
    figures = score_figures(leader_of_a, unit_id=org.community_b.pk)
    assert figures.unit_name == "" and figures.trend == []


def test_no_published_ranking_shows_an_empty_panel(login, org):
    page = login("leadership").get(DASHBOARD).content.decode()
    assert 'data-testid="panel-ranking"' in page and 'data-testid="chart-trend-empty"' in page


def test_a_tiers_only_campaign_draws_no_points_for_leadership(login, results):
    results.campaign.publication_mode = "tiers"
    results.campaign.save(update_fields=["publication_mode"])
    context = login("leadership").get(DASHBOARD).context
    assert context["ranking_charts"] == [] and context["scores"].tiers_only
    # The office, who manages the campaign, still sees the full ranking.
    assert login("office").get(DASHBOARD).context["ranking_charts"]


def test_the_page_offers_the_ranked_units_for_the_trend_and_keeps_the_choice(login, org, results):
    client = login("leadership")
    page = client.get(DASHBOARD, {"unit": org.community_a.pk})
    assert page.context["scores"].unit_name == "湘湖社区"
    text = page.content.decode()
    assert f'<option value="{org.community_a.pk}" selected>湘湖社区</option>' in text
    assert f"?wall=1&amp;unit={org.community_a.pk}" in text


def test_the_cockpit_runs_a_bounded_number_of_queries(
    login, results, django_assert_max_num_queries
):
    client = login("leadership")
    with django_assert_max_num_queries(60):
        client.get(DASHBOARD)
