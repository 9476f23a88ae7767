"""The score card says where points were lost: each leaf under its maximum with the points
lost and why, largest first."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from .results_data import build_results

pytestmark = pytest.mark.django_db


@pytest.fixture
def results(org):
    return build_results(org)


def test_the_card_lists_the_leaves_that_lost_points_largest_first(as_user, org, results):
    # February, 湘湖: red-property 20/20, arena 0/20, residents 16/20, assessment 10/40.
    html = (
        as_user("leader_a")
        .get(reverse("scoring:scorecard", args=[results.feb.pk, org.community_a.pk]))
        .content.decode()
    )
    block = re.search(r'data-testid="points-lost">(.*?)</ol>', html, re.S).group(1)
    lost = re.findall(
        r'data-testid="lost-leaf" data-leaf="([^"]+)">.*?data-testid="lost-points">−([\d.]+)<',
        block,
        re.S,
    )
    assert lost == [("assessment", "30.00"), ("arena", "20.00"), ("residents", "4.00")]
    assert 'data-testid="points-lost-total">−54.00<' in block
    why = dict(
        zip(
            [code for code, _ in lost],
            re.findall(r'data-testid="lost-why">(.*?)</span>', block),
            strict=True,
        )
    )
    assert why["assessment"].startswith("Assessed points: 10")
    assert "Relative method" in why["arena"]  # lowest in the group
    assert "Value: 4" in why["residents"] and "Target method: target 5" in why["residents"]
    assert "红色物业创建" not in block  # full points: nothing lost there


def test_only_the_leaves_under_their_maximum_are_listed(as_user, org, results):
    html = (
        as_user("office")
        .get(reverse("scoring:scorecard", args=[results.jan.pk, org.community_a.pk]))
        .content.decode()
    )
    assert 'data-testid="card-summary"' in html
    # 湘湖 in January: 20 + 20 + 20 + 30 = 90: only the assessment lost 10.
    block = re.search(r'data-testid="points-lost">(.*?)</ol>', html, re.S).group(1)
    assert block.count('data-testid="lost-leaf"') == 1 and "−10.00" in block
