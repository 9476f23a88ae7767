"""The live ranking on generated data, where every source of the preset has records: after
each kind of write, a refresh re-scores only the leaves fed by what was written, and the
live totals and ranks equal a full score of the period."""

from __future__ import annotations

import pytest

from bench.datagen import build
from zhengxian.activities.models import SignIn
from zhengxian.campaigns.models import Period
from zhengxian.matters.models import Matter, Visit
from zhengxian.projects.models import Milestone
from zhengxian.scoring.models import LiveLeaf, LiveRanking, Rating
from zhengxian.scoring.services.compute import compute_period
from zhengxian.scoring.services.live import live_refresh, sources_by_model

pytestmark = pytest.mark.django_db

YEAR = 2026


def live(period: Period) -> dict[int, tuple[str, int]]:
    return {row[0]: (row[2], row[3]) for row in LiveRanking.objects.get(period=period).rows}


def full(period: Period) -> dict[int, tuple[str, int]]:
    result, _ = compute_period(period)
    return {unit.unit: (str(unit.total), unit.rank) for unit in result.units}


def stale_sources(period: Period) -> set[str]:
    return {
        row.source for row in LiveLeaf.objects.filter(period=period) if row.computed < row.wanted
    }


def test_after_each_kind_of_write_the_live_ranking_equals_a_full_score():
    facts = build(scale="tiny", seed=3, year=YEAR)
    period = Period.objects.select_related("campaign").get(pk=facts["periods"][f"{YEAR}-03"])
    assert live_refresh(period).leaves == LiveLeaf.objects.filter(period=period).count() > 20
    assert live(period) == full(period)
    reading = sources_by_model()
    month = YEAR * 100 + 3
    writes = [
        ("matters.visit", lambda: Visit.objects.filter(month=month).first().delete()),
        ("matters.matter", lambda: Matter.objects.filter(reported_month=month).first().delete()),
        ("activities.signin", lambda: SignIn.objects.filter(month=month).first().delete()),
        ("scoring.rating", lambda: Rating.objects.filter(period=period).first().delete()),
        (
            "projects.milestone",
            lambda: Milestone.objects.filter(actual_date__isnull=False).first().delete(),
        ),
    ]
    for label, write in writes:
        write()
        assert stale_sources(period) == reading[label], label
        refreshed = live_refresh(period)
        assert 0 < refreshed.leaves < LiveLeaf.objects.filter(period=period).count(), label
        assert live(period) == full(period), label
