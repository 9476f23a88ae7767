"""The score panels are kept until a write that changes them (kept_scores.py): a published
correction, a renamed unit and a new grant of the viewer show on the next opening.

The small campaign of the result pages: February published (湖头陈 93 ▲1, 湘湖 51 ▼1), March
in preview."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from zhengxian.orgs.models import Person
from zhengxian.orgs.roles import Role
from zhengxian.orgs.services import role_assign, unit_update
from zhengxian.scoring.models import PanelScore
from zhengxian.scoring.services.compute import period_score
from zhengxian.scoring.services.publication import period_publish
from zhengxian.scoring.tests.views.results_data import OFFICE, build_results

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("cockpit:dashboard")


@pytest.fixture
def results(org):
    return build_results(org)


def _community(page) -> tuple[list[str], list[float]]:
    """The community group's chart: its bars' names and totals."""
    charts = {group.tab.code: chart for group, chart in page.context["ranking_charts"]}
    option = charts["community"]["option"]
    return option["yAxis"]["data"], option["series"][0]["data"]


def _queries(client, path: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries.captured_queries)


def test_the_second_opening_reads_the_kept_panels_and_each_unit_asked_for_its_own(
    login, org, results
):
    client = login("leadership")
    first = _queries(client, DASHBOARD)
    assert _queries(client, DASHBOARD) <= first - 15  # the ranking heads, trend and card
    asked = client.get(DASHBOARD, {"unit": org.community_a.pk}).context["scores"]
    assert asked.unit_name == "湘湖社区"
    assert client.get(DASHBOARD).context["scores"].unit_name == "湖头陈社区"


def test_a_published_correction_shows_on_the_next_opening(login, org, results):
    client = login("leadership")
    before = (["1. 湖头陈社区 ▲1", "2. 湘湖社区 ▼1"], [93.0, 51.0])
    assert _community(client.get(DASHBOARD)) == before
    # The judges' scores of 湘湖 in February corrected: a new version, then its publication.
    PanelScore.objects.filter(period=results.feb, unit=org.community_a).update(score=D("100"))
    period_score(
        period=results.feb, actor=OFFICE, reason="评分录入有误", include_changed_records=True
    )
    period_publish(period=results.feb, actor=OFFICE, force=True)
    _names, totals = _community(client.get(DASHBOARD))
    assert totals != before[1]
    # What the ranking page (never kept) shows.
    listed = client.get(reverse("scoring:ranking", args=[results.feb.pk]), {"group": "community"})
    assert listed.context["chart"]["series"][0]["data"] == totals


def test_a_renamed_unit_shows_on_the_next_opening(login, org, results):
    client = login("leadership")
    assert "1. 湖头陈社区 ▲1" in _community(client.get(DASHBOARD))[0]
    unit_update(actor=org.user("office"), unit=org.community_b, name="湖头陈新村社区")
    page = client.get(DASHBOARD)
    assert "1. 湖头陈新村社区 ▲1" in _community(page)[0]
    assert page.context["scores"].unit_name == "湖头陈新村社区"  # the trend's unit


def test_a_new_grant_of_the_viewer_shows_on_the_next_opening(client, org, results, leader_of_a):
    client.force_login(leader_of_a)
    # A leader of 湘湖 alone sees the whole ranking but opens only 湘湖's card and trend.
    assert client.get(DASHBOARD).context["scores"].unit_choices == [
        (org.community_a.pk, "湘湖社区")
    ]
    person = Person.objects.get(user=leader_of_a)
    role_assign(actor=org.user("office"), person=person, role=Role.LEADERSHIP, unit=org.community_b)
    choices = client.get(DASHBOARD).context["scores"].unit_choices
    assert sorted(choices) == [(org.community_a.pk, "湘湖社区"), (org.community_b.pk, "湖头陈社区")]


def test_the_publication_of_a_preview_shows_on_the_next_opening(login, results):
    client = login("leadership")
    assert client.get(DASHBOARD).context["scores"].period == results.feb
    period_publish(period=results.mar, actor=OFFICE, force=True)
    assert client.get(DASHBOARD).context["scores"].period == results.mar


def test_a_campaign_turned_tiers_only_shows_on_the_next_opening(login, results):
    client = login("leadership")
    assert client.get(DASHBOARD).context["ranking_charts"]
    results.campaign.publication_mode = "tiers"
    results.campaign.save(update_fields=["publication_mode"])
    page = client.get(DASHBOARD)
    assert page.context["ranking_charts"] == [] and page.context["scores"].tiers_only


def test_each_language_gets_its_own_drawn_charts(login, results):
    client = login("leadership")

    def series_name(language: str) -> str:
        page = client.get(DASHBOARD, HTTP_ACCEPT_LANGUAGE=language)
        return page.context["ranking_charts"][0][1]["option"]["series"][0]["name"]

    assert series_name("zh-hans") == "总分"
    assert series_name("en") == "Total"
