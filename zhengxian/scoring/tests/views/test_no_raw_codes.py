"""On Chinese pages, indicator codes and method names never show as raw English: leaves are
named by their names, methods by their labels (an unknown method by "other method")."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from zhengxian.scoring.selectors import LeafLine
from zhengxian.scoring.wording import method_words, score_explanation

from .results_data import build_results

pytestmark = pytest.mark.django_db

CODES = ("red-property", "arena", "residents", "assessment")
METHODS = ("relative", "target", "manual", "bands")


@pytest.fixture
def results(org):
    return build_results(org)


def _visible_text(html: str) -> str:
    html = re.sub(r"<script.*?</script>", " ", html, flags=re.S)
    html = re.sub(r"<[^>]+>", " ", html)
    return html


def test_the_score_card_names_leaves_and_methods_in_chinese(client, org, results):
    client.force_login(org.user("leader_a"))
    html = client.get(
        reverse("scoring:scorecard", args=[results.feb.pk, org.community_a.pk]),
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    ).content.decode()
    text = _visible_text(html)
    assert "红色物业创建" in text and "擂台比武" in text
    for word in CODES + METHODS:
        assert not re.search(rf"(?<![\w-]){word}(?![\w-])", text), word


def test_the_leaf_evidence_page_shows_no_raw_code_either(client, org, results):
    client.force_login(org.user("leader_a"))
    html = client.get(
        reverse("scoring:leaf_evidence", args=[results.feb.pk, org.community_a.pk, "arena"]),
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    ).content.decode()
    text = _visible_text(html)
    assert "评委组：擂台比武" in text  # the panel by the name of the leaf it scores
    for word in ("relative", "arena"):
        assert not re.search(rf"(?<![\w-]){word}(?![\w-])", text), word


def test_an_unknown_method_is_named_as_another_method_not_by_its_code():
    leaf = LeafLine(
        code="x",
        name="某指标",
        depth=0,
        source="manual",
        points=Decimal(1),
        maximum=Decimal(2),
        percent=Decimal(50),
        raw=None,
        numerator=None,
        denominator=None,
        method="zscore",
        params={},
        lower_is_better=False,
        when_empty="full",
        when_empty_applied=False,
        overridden=False,
        evidence=(),
    )
    with translation.override("en"):
        assert method_words(leaf) == "Other method"
        explained = score_explanation({"method": "relative"})
        assert str(explained["method_label"]) == "Relative to the group"
        unknown = score_explanation({"method": "zscore"})
        assert unknown["method_label"] == "Other method"
