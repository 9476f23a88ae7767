"""The ranking page: ranks, movement since the last publication, and who sees a preview."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from zhengxian.core.actors import system_actor
from zhengxian.scoring.services.compute import period_score

from .results_data import build_results, grow_and_rescore

OFFICE = system_actor("office")

pytestmark = pytest.mark.django_db


@pytest.fixture
def results(org):
    return build_results(org)


def _rows(html: str) -> dict[str, tuple[str, str, str]]:
    """unit code → (rank, total, movement text) from the ranking table."""
    rows = {}
    pattern = re.compile(
        r'data-unit="([^"]+)".*?data-testid="rank">(\d+)<.*?data-testid="total">([\d.]+)<'
        r'.*?data-testid="movement">(.*?)</td>',
        re.S,
    )
    for code, rank, total, movement in pattern.findall(html):
        rows[code] = (rank, total, re.sub(r"<[^>]+>", "", movement).strip())
    return rows


def test_the_ranking_shows_ranks_and_movement_since_the_last_published_period(login, results):
    page = login("cadre_a").get(reverse("scoring:ranking", args=[results.feb.pk]))
    assert page.status_code == 200
    rows = _rows(page.content.decode())
    assert rows["CX-HT"] == ("1", "93.00", "▲1")
    assert rows["CX-XH"] == ("2", "51.00", "▼1")
    assert list(rows) == ["CX-HT", "CX-XH"]  # by rank
    january = _rows(
        login("cadre_a").get(reverse("scoring:ranking", args=[results.jan.pk])).content.decode()
    )
    assert january["CX-XH"][:2] == ("1", "90.00") and "▲" not in january["CX-XH"][2]


def test_a_unit_alone_in_its_group_keeps_its_rank_and_shows_no_movement(login, results):
    page = login("office").get(
        reverse("scoring:ranking", args=[results.feb.pk]), {"group": "office"}
    )
    rows = _rows(page.content.decode())
    assert rows == {"CX-DZB": ("1", "60.00", "–")}


def test_the_group_tab_answers_htmx_with_the_group_part_only(login, results):
    client = login("office")
    page = client.get(
        reverse("scoring:ranking", args=[results.feb.pk]),
        {"group": "office"},
        HTTP_HX_REQUEST="true",
    )
    html = page.content.decode()
    assert "CX-DZB" in html and "<html" not in html and "ranking-chart-data" in html


def test_the_published_status_names_the_digest_and_version(login, results):
    sheet = results.feb.sheets.get(status="published")
    html = login("cadre_b").get(reverse("scoring:ranking", args=[results.feb.pk])).content.decode()
    assert 'data-status="published"' in html and f">{sheet.digest[:12]}</code>" in html
    assert 'data-testid="corrected"' not in html
    # A second version, published, is marked as a correction on the same page.
    from zhengxian.scoring.services.publication import period_publish

    period_score(period=results.feb, actor=OFFICE, reason="补录擂台比武成绩")
    period_publish(period=results.feb, actor=OFFICE, force=True)
    html = login("cadre_b").get(reverse("scoring:ranking", args=[results.feb.pk])).content.decode()
    assert 'data-testid="corrected"' in html and "补录擂台比武成绩" in html


def test_a_cadre_of_another_unit_sees_the_published_ranking_but_not_the_preview(login, results):
    client = login("cadre_b")
    published = client.get(reverse("scoring:ranking", args=[results.feb.pk])).content.decode()
    assert "湘湖社区" in published and "51.00" in published
    # 湘湖 is outside cadre_b's scope: its name is shown but not linked to its card.
    assert (
        reverse("scoring:scorecard", args=[results.feb.pk, results.item_a.unit_id]) not in published
    )
    assert reverse("scoring:scorecard", args=[results.feb.pk, results.item_b.unit_id]) in published
    preview = client.get(reverse("scoring:ranking", args=[results.mar.pk]))
    html = preview.content.decode()
    assert preview.status_code == 200
    assert 'data-testid="ranking-table"' not in html and "湘湖社区" not in html
    own = re.search(r'data-testid="own-preview-units">(.*?)</div>', html, re.S).group(1)
    assert "湖头陈社区" in own and "湘湖社区" not in own


def test_the_office_and_evaluators_see_the_preview_ranking(login, org, results):
    for key in ("office", "evaluator"):
        html = login(key).get(reverse("scoring:ranking", args=[results.mar.pk])).content.decode()
        assert 'data-status="preview"' in html and 'data-testid="ranking-table"' in html
        assert "湘湖社区" in html


def test_a_correction_in_preview_is_seen_by_the_office_while_units_see_the_publication(
    login, results
):
    period_score(period=results.feb, actor=OFFICE, reason="补录擂台比武成绩")
    office = login("office").get(reverse("scoring:ranking", args=[results.feb.pk])).content.decode()
    assert 'data-status="preview"' in office and "补录擂台比武成绩" in office
    cadre = login("cadre_b").get(reverse("scoring:ranking", args=[results.feb.pk])).content.decode()
    assert 'data-status="published"' in cadre and "补录擂台比武成绩" not in cadre


def test_the_campaign_link_opens_the_latest_period_the_user_may_see(login, results):
    url = reverse("scoring:campaign_ranking", args=[results.campaign.pk])
    assert login("cadre_b").get(url).url == reverse("scoring:ranking", args=[results.feb.pk])
    assert login("office").get(url).url == reverse("scoring:ranking", args=[results.mar.pk])


def test_someone_the_campaign_is_hidden_from_gets_404(login, results):
    url = reverse("scoring:ranking", args=[results.feb.pk])
    assert login("nobody").get(url).status_code == 404
    assert login("cadre_b").get(url).status_code == 200  # a unit of the campaign sees it


def test_the_ranking_costs_the_same_queries_for_few_and_many_units(login, org, results):
    client = login("office")
    url = reverse("scoring:ranking", args=[results.mar.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    grow_and_rescore(org, results)
    with CaptureQueriesContext(connection) as many:
        page = client.get(url)
    assert page.content.decode().count('data-testid="ranking-row"') == 32
    assert len(many.captured_queries) == len(few.captured_queries)
