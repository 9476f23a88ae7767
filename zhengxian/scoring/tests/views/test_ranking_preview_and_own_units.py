"""Field test on a phone: a unit picks the month in preview (公示) in the ranking, sees its
own result with the appeal button and the deadline; its own row is highlighted."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from .results_data import build_results

pytestmark = pytest.mark.django_db


@pytest.fixture
def results(org):
    return build_results(org)


def _picker_links(html: str) -> dict[str, bool]:
    """period label → whether the picker links it."""
    picker = re.search(r'data-testid="period-picker">(.*?)</ul>', html, re.S).group(1)
    found = {}
    for item in re.findall(r"<a (.*?)</a>", picker, re.S):
        label = re.search(r"<span>(.*?)</span>", item).group(1)
        found[label] = "href=" in item and "disabled" not in item
    return found


def test_a_unit_leader_selects_the_preview_month_and_sees_the_appeal_button_and_deadline(
    login, results
):
    client = login("leader_a")
    feb = client.get(reverse("scoring:ranking", args=[results.feb.pk])).content.decode()
    assert _picker_links(feb)[results.mar.label] is True
    page = client.get(reverse("scoring:ranking", args=[results.mar.pk])).content.decode()
    row = re.search(r'data-testid="own-preview-row"(.*?)</li>', page, re.S).group(1)
    assert "湘湖社区" in row
    appeal = reverse("scoring:appeal_create", args=[results.mar.pk, results.item_a.unit_id])
    assert f'href="{appeal}"' in row and 'data-testid="appeal-button"' in row
    until = results.mar.sheets.get(status="preview").preview_until
    assert f"Appeals until {until:%Y-%m-%d}" in row or f"{until:%Y-%m-%d}" in row
    assert 'data-testid="appeal-deadline"' in row
    # Only its own unit: the other community's preview result is not shown.
    assert "湖头陈社区" not in page


def test_a_cadre_sees_the_own_preview_result_without_an_appeal_button(login, results):
    page = login("cadre_a").get(reverse("scoring:ranking", args=[results.mar.pk])).content.decode()
    assert 'data-testid="own-preview-row"' in page and "湘湖社区" in page
    assert 'data-testid="appeal-button"' not in page  # appeals are the leader's (Perm.APPEAL)


def test_someone_without_a_unit_in_the_preview_cannot_select_the_month(login, org, results):
    html = login("viewer_b").get(reverse("scoring:ranking", args=[results.feb.pk])).content
    links = _picker_links(html.decode())
    assert links[results.feb.label] is True
    # viewer_b sees 湖头陈's scores, so March is selectable; a period not scored is not.
    assert links[results.mar.label] is True
    assert links[results.campaign.periods.get(key="2026-04").label] is False


def test_the_own_unit_row_is_highlighted_in_the_published_ranking(login, results):
    html = login("cadre_b").get(reverse("scoring:ranking", args=[results.feb.pk])).content.decode()
    pattern = r'<tr data-unit="([^"]+)" data-testid="ranking-row" class="table-warning"'
    own = re.findall(pattern, html)
    assert own == ["CX-HT"]
    assert html.count('data-testid="own-unit"') == 1
    # The office belongs to no competing community: nothing highlighted there.
    office = login("office").get(reverse("scoring:ranking", args=[results.feb.pk])).content
    assert b'data-own="true"' not in office
