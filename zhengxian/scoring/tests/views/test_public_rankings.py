"""The public ranking pages: no login, published sheets only, ranks and totals and nothing else."""

from __future__ import annotations

import re
from decimal import Decimal as D

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import formats, timezone, translation

from zhengxian.core.actors import system_actor
from zhengxian.scoring.models import ScoreSheet, SheetStatus, UnitScore
from zhengxian.scoring.services.compute import period_score
from zhengxian.scoring.services.publication import period_publish
from zhengxian.scoring.tests.factories import small_campaign

from .results_data import build_results

OFFICE = system_actor("office")

pytestmark = pytest.mark.django_db

LIST_URL = "/public/rankings/"


@pytest.fixture
def results(org):
    return build_results(org)


@pytest.fixture
def public():
    return Client()  # nobody logged in


def _url(results, period, **query) -> str:
    url = reverse("public_rankings:ranking", args=[results.campaign.code, period.key])
    if query:
        url += "?" + "&".join(f"{key}={value}" for key, value in query.items())
    return url


def _rows(html: str) -> list[tuple[str, str, str, str]]:
    """(rank, unit name, total, movement text) per row of the public ranking table."""
    pattern = re.compile(
        r'data-testid="rank">(\d+)<.*?data-testid="unit">([^<]+)<.*?data-testid="total">([\d.]+)<'
        r'.*?data-testid="movement">(.*?)</td>',
        re.S,
    )
    return [
        (rank, name, total, re.sub(r"<[^>]+>", "", movement).strip())
        for rank, name, total, movement in pattern.findall(html)
    ]


def test_the_public_list_is_at_its_address_and_needs_no_login(public, results):
    assert reverse("public_rankings:campaign_list") == LIST_URL
    page = public.get(LIST_URL)
    assert page.status_code == 200
    html = page.content.decode()
    assert results.campaign.name in html
    # The latest published period is February; March is only in preview.
    assert f'href="{_url(results, results.feb)}" data-testid="latest-ranking"' in html
    assert _url(results, results.jan) in html
    assert _url(results, results.mar) not in html and results.mar.label not in html


def test_a_campaign_without_a_publication_is_not_listed(public, org):
    campaign = small_campaign(org)
    period_score(period=campaign.periods.get(key="2026-01"), actor=OFFICE)  # preview only
    page = public.get(LIST_URL)
    html = page.content.decode()
    assert page.status_code == 200
    assert campaign.name not in html and 'data-testid="public-campaigns"' not in html
    period_publish(period=campaign.periods.get(key="2026-01"), actor=OFFICE, force=True)
    html = public.get(LIST_URL).content.decode()  # once published, the same list shows it
    assert campaign.name in html and 'data-testid="public-campaigns"' in html


def test_a_published_ranking_shows_ranks_totals_and_movement(public, results):
    page = public.get(_url(results, results.feb))
    assert page.status_code == 200
    html = page.content.decode()
    assert _rows(html) == [("1", "湖头陈社区", "93.00", "▲1"), ("2", "湘湖社区", "51.00", "▼1")]
    assert results.jan.label in html  # what the movement compares with
    january = _rows(public.get(_url(results, results.jan)).content.decode())
    assert january == [("1", "湘湖社区", "90.00", "新"), ("2", "湖头陈社区", "20.00", "新")]


def test_each_group_has_its_ranking(public, results):
    html = public.get(_url(results, results.feb)).content.decode()
    assert "社区组" in html and "科室组" in html and "?group=office" in html
    office = public.get(_url(results, results.feb, group="office")).content.decode()
    assert _rows(office) == [("1", "党政办", "60.00", "–")]


def test_the_page_names_the_publication_version_time_and_digest(public, results):
    sheet = results.feb.sheets.get(status=SheetStatus.PUBLISHED)
    html = public.get(_url(results, results.feb)).content.decode()
    box = re.search(r'data-testid="publication">(.*?)</div>\s*</div>', html, re.S).group(1)
    with translation.override("zh-hans"):
        when = formats.date_format(timezone.localtime(sheet.published_at), "SHORT_DATETIME_FORMAT")
    assert f"发布于 {when}" in box and "第 1 版" in box
    assert f'data-testid="digest">{sheet.digest[:12]}</code>' in box


def test_nothing_but_ranks_totals_and_movement_is_shown(public, org, results):
    html = public.get(_url(results, results.feb)).content.decode()
    # No indicator details, no evidence, no people, no way into the score cards.
    for hidden in (
        "红色物业创建",  # a leaf
        "擂台比武",
        "考评员评价",
        "实干",  # a dimension
        "湘湖红色物业",  # a checklist record
        "王阿姨",  # a rater
        "服务热情",  # a rating's comment
        "湘湖干部",  # people
        "办公室干事",
        "51.00 / ",
    ):
        assert hidden not in html, hidden
    assert "/scores/" not in html
    assert 'data-testid="public-ranking-row"' in html


def test_a_period_in_preview_is_not_found(public, results):
    assert public.get(_url(results, results.mar)).status_code == 404
    period_publish(period=results.mar, actor=OFFICE, force=True)
    assert public.get(_url(results, results.mar)).status_code == 200  # once published


def test_a_period_never_scored_is_not_found(public, results):
    april = results.campaign.periods.get(key="2026-04")
    assert public.get(_url(results, april)).status_code == 404


def test_an_unknown_campaign_or_period_is_not_found(public, results):
    url = reverse("public_rankings:ranking", args=["no-such-campaign", results.feb.key])
    assert public.get(url).status_code == 404
    url = reverse("public_rankings:ranking", args=[results.campaign.code, "1999-01"])
    assert public.get(url).status_code == 404
    url = reverse("public_rankings:ranking", args=[results.campaign.code, results.feb.key])
    assert public.get(url).status_code == 200  # the known campaign and period


def test_a_correction_in_preview_never_shows_while_the_publication_stays(
    client, org, public, results
):
    preview = period_score(period=results.feb, actor=OFFICE, reason="补录擂台比武成绩")
    assert preview.status == SheetStatus.PREVIEW
    UnitScore.objects.filter(sheet=preview).update(total=D("77.77"))  # a preview's own figures
    client.force_login(org.user("office"))  # not even the office sees it here
    for viewer in (public, client):
        html = viewer.get(_url(results, results.feb)).content.decode()
        assert "77.77" not in html and "补录擂台比武成绩" not in html
        assert ("1", "湖头陈社区", "93.00", "▲1") in _rows(html)
    published = results.feb.sheets.get(status=SheetStatus.PUBLISHED)
    assert published.digest[:12] in html


def test_a_published_correction_replaces_the_ranking_with_its_new_version(public, results):
    period_score(period=results.feb, actor=OFFICE, reason="补录擂台比武成绩")
    period_publish(period=results.feb, actor=OFFICE, force=True)
    sheet = ScoreSheet.objects.get(period=results.feb, status=SheetStatus.PUBLISHED)
    assert sheet.version == 2
    html = public.get(_url(results, results.feb)).content.decode()
    assert "第 2 版" in html and f">{sheet.digest[:12]}</code>" in html
    old = ScoreSheet.objects.get(period=results.feb, status=SheetStatus.SUPERSEDED)
    assert old.digest[:12] not in html


def test_the_public_pages_show_no_menu_to_a_visitor(public, results):
    for url in (LIST_URL, _url(results, results.feb)):
        page = public.get(url)
        html = page.content.decode()
        assert page.status_code == 200 and results.campaign.name in html, url
        assert 'id="zx-nav"' not in html and "/accounts/login/" not in html
