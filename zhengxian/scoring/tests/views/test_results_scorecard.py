"""The score card: total → dimension → leaf → the records behind the points, within scope."""

from __future__ import annotations

import re
from decimal import Decimal as D

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from zhengxian.scoring.charts import radar_chart
from zhengxian.scoring.models import ManualAssessment, PanelScore
from zhengxian.scoring.selectors import RadarAxis, ScoreCard
from zhengxian.scoring.views import results as results_views

from .results_data import build_results, grow_and_rescore

pytestmark = pytest.mark.django_db


@pytest.fixture
def results(org):
    return build_results(org)


def _numbers(html: str, testid: str) -> list[D]:
    return [D(n) for n in re.findall(rf'data-testid="{testid}">([\d.]+)<', html)]


def _href(html: str, fragment: str) -> str:
    return next(h for h in re.findall(r'href="([^"]+)"', html) if fragment in h)


def test_the_score_card_points_add_up_to_the_total(login, org, results):
    url = reverse("scoring:scorecard", args=[results.feb.pk, org.community_a.pk])
    html = login("cadre_a").get(url).content.decode()
    total = _numbers(html, "card-total")[0]
    leaves = _numbers(html, "leaf-points")
    dimensions = _numbers(html, "dimension-points")
    bonus = D(re.search(r'data-testid="card-bonus">\+([\d.]+)', html).group(1))
    penalty = D(re.search(r'data-testid="card-penalty">−([\d.]+)', html).group(1))
    assert total == D("51.00") and bonus == D("5.00") and penalty == D("0.00")
    assert sum(leaves) + bonus - penalty == total
    assert sum(dimensions) == sum(leaves) == _numbers(html, "card-leaf-sum")[0]
    assert "7.00" in html  # the bonus claimed beyond the cap of 5 is shown
    assert 'data-testid="card-rank" data-rank="2" data-size="2"' in html


def test_each_leaf_explains_its_value_and_method_in_words(login, org, results):
    url = reverse("scoring:scorecard", args=[results.jan.pk, org.community_b.pk])
    html = login("cadre_b").get(url).content.decode()
    red = re.search(r'data-code="red-property".*?data-testid="evidence-link"', html, re.S).group(0)
    assert "0%" in red and "0 ÷ 1" in red and "100%" in red  # value 0 of 1 item, target 100 %
    residents = re.search(r'data-code="residents".*?data-testid="evidence-link"', html, re.S).group(
        0
    )
    assert 'data-testid="when-empty"' in residents  # no ratings: full points by the rule
    assessment = re.search(
        r'data-code="assessment".*?data-testid="evidence-link"', html, re.S
    ).group(0)
    assert 'data-testid="when-empty"' in assessment and ">0.00<" in assessment


def test_drilling_down_from_the_ranking_reaches_the_records_behind_the_points(login, org, results):
    client = login("leader_a")
    ranking = client.get(reverse("scoring:ranking", args=[results.jan.pk])).content.decode()
    card_url = _href(ranking, f"/units/{org.community_a.pk}/")
    card = client.get(card_url).content.decode()
    assert "湘湖社区" in card and _numbers(card, "card-total") == [D("90.00")]

    checklist = client.get(_href(card, "/leaves/red-property/")).content.decode()
    assert "湘湖红色物业" in checklist and "物业党支部成立" in checklist
    assert checklist.count('data-testid="evidence-item"') == 1

    arena = client.get(_href(card, "/leaves/arena/")).content.decode()
    judges = re.findall(r'data-testid="evidence-item" data-ref="scoring.panelscore:(\d+)"', arena)
    expected = PanelScore.objects.filter(period=results.jan, unit=org.community_a)
    assert sorted(map(int, judges)) == sorted(expected.values_list("pk", flat=True))
    assert "办公室干事" in arena and "90.00" in arena and "88.00" in arena

    assessed = client.get(_href(card, "/leaves/assessment/")).content.decode()
    assert "30.00" in assessed and "考评员" in assessed and "好" in assessed
    assert ManualAssessment.objects.filter(period=results.jan, unit=org.community_a).count() == 1


def test_resident_ratings_are_evidence_without_the_raters_name(login, org, results):
    url = reverse("scoring:leaf_evidence", args=[results.feb.pk, org.community_a.pk, "residents"])
    html = login("cadre_a").get(url).content.decode()
    assert "居民考官团" in html and "服务热情" in html and "王阿姨" not in html


def test_a_cadre_of_another_unit_gets_404_on_its_card_and_evidence(login, org, results):
    client = login("cadre_b")
    for period in (results.feb, results.mar):
        card = reverse("scoring:scorecard", args=[period.pk, org.community_a.pk])
        assert client.get(card).status_code == 404
        evidence = reverse("scoring:leaf_evidence", args=[period.pk, org.community_a.pk, "arena"])
        assert client.get(evidence).status_code == 404
    own = client.get(reverse("scoring:scorecard", args=[results.mar.pk, org.community_b.pk]))
    assert own.status_code == 200 and b'data-status="preview"' in own.content
    # The same cards and evidence open for the unit's own cadre.
    client = login("cadre_a")
    for period in (results.feb, results.mar):
        card = reverse("scoring:scorecard", args=[period.pk, org.community_a.pk])
        assert client.get(card).status_code == 200
        evidence = reverse("scoring:leaf_evidence", args=[period.pk, org.community_a.pk, "arena"])
        assert client.get(evidence).status_code == 200


def test_a_units_own_card_shows_the_preview_to_its_people_and_the_office(login, org, results):
    url = reverse("scoring:scorecard", args=[results.mar.pk, org.community_a.pk])
    for key in ("cadre_a", "leader_a", "office"):
        html = login(key).get(url).content.decode()
        assert 'data-status="preview"' in html and 'data-testid="card-total"' in html


def test_the_appeal_button_shows_only_in_preview_to_those_who_may_appeal(login, org, results):
    a = org.community_a.pk
    preview = reverse("scoring:scorecard", args=[results.mar.pk, a])
    leader = login("leader_a").get(preview).content.decode()
    appeal = reverse("scoring:appeal_create", kwargs={"period_id": results.mar.pk, "unit_id": a})
    assert f'href="{appeal}?leaf=arena"' in leader
    for key, url in (
        ("cadre_a", preview),
        ("leader_a", reverse("scoring:scorecard", args=[results.feb.pk, a])),
    ):
        card = login(key).get(url)  # a card with its leaves, but no appeal button
        html = card.content.decode()
        assert card.status_code == 200 and 'data-testid="evidence-link"' in html, key
        assert 'data-testid="appeal-link"' not in html, key


def test_the_appeal_button_is_left_out_while_the_appeal_page_is_not_installed(
    login, org, results, monkeypatch
):
    def missing(*args, **kwargs):
        raise results_views.NoReverseMatch

    monkeypatch.setattr(results_views, "reverse", missing)
    assert results_views._appeal_prefix(results.mar.pk, org.community_a.pk) is None


def test_the_card_compares_the_dimensions_with_the_group_mean(login, org, results):
    response = login("cadre_a").get(
        reverse("scoring:scorecard", args=[results.feb.pk, org.community_a.pk])
    )
    chart = response.context["radar"]
    unit, mean = chart["series"]
    # work: a 36/60 = 60 %, b 60/60, mean 48/60 = 80 %;
    # style: a 10/40 = 25 %, b 35/40, mean 22.5/40 = 56.25 % → 56.3 (half up).
    # Two dimensions make a poor radar (a line): they are drawn as bars.
    assert chart["yAxis"]["data"] == ["实干", "作风"] and unit["type"] == "bar"
    assert unit["data"] == [60.0, 25.0] and mean["data"] == [80.0, 56.3]
    assert b'id="radar-chart-data"' in response.content


def test_three_or_more_dimensions_make_a_radar(org):
    card = ScoreCard(unit=org.community_a, period=None, sheet=None, row=None)
    card.radar = [RadarAxis(c, c, D(10 * i), D(50)) for i, c in enumerate("xyz", start=1)]
    chart = radar_chart(card)
    unit, mean = chart["series"][0]["data"]
    assert [i["name"] for i in chart["radar"]["indicator"]] == ["x", "y", "z"]
    assert unit["value"] == [10.0, 20.0, 30.0] and mean["value"] == [50.0, 50.0, 50.0]


def test_a_long_dimension_name_goes_on_two_short_lines_beside_the_radar(org):
    # The seed's dimensions: on a 360 px phone a name of five or more characters on one
    # line ran off the chart's edge.
    names = ["争思想解放之先", "争发展提质之位", "赛平安实绩", "作风", "Fine work style", "Growth"]
    card = ScoreCard(unit=org.community_a, period=None, sheet=None, row=None)
    card.radar = [RadarAxis(n, n, D(50), D(50)) for n in names]
    shown = [i["name"] for i in radar_chart(card)["radar"]["indicator"]]
    assert shown == [
        "争思想解\n放之先",
        "争发展提\n质之位",
        "赛平安\n实绩",
        "作风",
        "Fine work\nstyle",  # at the space nearest the middle
        "Growth",  # one Latin word is never broken
    ]


def test_an_unscored_period_shows_an_empty_card(login, org, results):
    april = results.campaign.periods.get(key="2026-04")
    page = login("cadre_a").get(reverse("scoring:scorecard", args=[april.pk, org.community_a.pk]))
    assert page.status_code == 200 and b'data-testid="card-total"' not in page.content
    assert "该单位本周期暂无结果" in page.content.decode()  # "No result for this unit ... yet"


def test_an_unknown_leaf_is_404(login, org, results):
    url = reverse(
        "scoring:leaf_evidence", args=[results.feb.pk, org.community_a.pk, "no-such-leaf"]
    )
    assert login("cadre_a").get(url).status_code == 404
    known = reverse("scoring:leaf_evidence", args=[results.feb.pk, org.community_a.pk, "arena"])
    assert login("cadre_a").get(known).status_code == 200


def test_the_group_means_are_stored_with_the_sheet_and_read_from_there(login, org, results):
    sheet = results.feb.sheets.order_by("-version").first()
    assert sheet.group_means["community"]["work"] == "48.00"
    assert sheet.group_means["community"]["style"] == "22.50"
    url = reverse("scoring:scorecard", args=[results.feb.pk, org.community_a.pk])
    client = login("cadre_a")
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    # The radar's mean comes from the sheet, not from averaging every unit's stored row.
    assert response.context["radar"]["series"][1]["data"] == [80.0, 56.3]
    assert not any("AVG(" in query["sql"].upper() for query in queries.captured_queries)


def test_the_score_card_costs_the_same_queries_for_few_and_many_units(login, org, results):
    client = login("office")
    url = reverse("scoring:scorecard", args=[results.mar.pk, org.community_a.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    grow_and_rescore(org, results)
    with CaptureQueriesContext(connection) as many:
        page = client.get(url)
    assert page.status_code == 200 and page.context["card"].row.group_size == 32
    assert len(many.captured_queries) == len(few.captured_queries)
