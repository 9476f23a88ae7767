"""The live ranking of a running period: writes mark only the leaves they feed, a refresh
re-scores only those, and the result always equals a full score of the period."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest
from django.db import connection
from django.utils import timezone

from zhengxian.campaigns.models import PeriodStatus
from zhengxian.jobs.schedule import schedule
from zhengxian.scoring.models import ChecklistItem, LiveLeaf, LiveRanking, LiveValue, PanelScore
from zhengxian.scoring.services.assessments import (
    adjustment_decide,
    adjustment_request,
    manual_assess,
)
from zhengxian.scoring.services.compute import compute_period
from zhengxian.scoring.services.live import live_refresh, live_refresh_all
from zhengxian.scoring.tests.factories import small_campaign

pytestmark = pytest.mark.django_db


def live(period) -> dict[int, tuple[str, int]]:
    return {row[0]: (row[2], row[3]) for row in LiveRanking.objects.get(period=period).rows}


def full(period) -> dict[int, tuple[str, int]]:
    result, _ = compute_period(period)
    return {unit.unit: (str(unit.total), unit.rank) for unit in result.units}


def stale(period) -> set[str]:
    return {row.leaf for row in LiveLeaf.objects.filter(period=period) if row.computed < row.wanted}


@pytest.fixture
def march(org):
    period = small_campaign(org).periods.get(key="2026-03")
    live_refresh(period)
    return period


def test_the_first_refresh_scores_every_leaf_as_a_full_score_does(march):
    assert LiveLeaf.objects.filter(period=march).count() == 4
    assert live(march) == full(march)
    assert stale(march) == set()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's planner statistics")
def test_a_full_build_leaves_the_planner_statistics_of_the_live_state_it_wrote(march):
    # Planned on the empty tables, a province's refresh read 250,000 live values per leaf
    # until autovacuum came by; ANALYZE sets pg_class.reltuples (within the transaction).
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, reltuples FROM pg_class "
            "WHERE relname IN ('scoring_livevalue', 'scoring_liveleaf')"
        )
        estimated = dict(cursor.fetchall())
    assert estimated == {
        "scoring_livevalue": LiveValue.objects.count(),
        "scoring_liveleaf": LiveLeaf.objects.count(),
    }


def test_a_record_marks_only_the_leaves_its_source_feeds_and_the_refresh_follows(org, march):
    before = dict(LiveLeaf.objects.filter(period=march).values_list("leaf", "computed_at"))
    ChecklistItem.objects.create(
        campaign=march.campaign,
        checklist="red-property",
        unit=org.community_a,
        name="湘湖红色物业",
        done_on=dt.date(2026, 3, 10),
        done_month=202603,
    )
    assert stale(march) == {"red-property"}
    assert live_refresh(march).leaves == 1
    assert stale(march) == set()
    assert live(march) == full(march)
    after = dict(LiveLeaf.objects.filter(period=march).values_list("leaf", "computed_at"))
    assert {leaf for leaf in after if after[leaf] != before[leaf]} == {"red-property"}


def test_panel_scores_manual_points_and_adjustments_reach_the_live_totals(org, march):
    for judge, score in ((org.people["office"], "90"), (org.people["evaluator"], "80")):
        PanelScore.objects.create(
            period=march, panel="arena", judge=judge, unit=org.community_b, score=D(score)
        )
    manual_assess(
        period=march,
        leaf=march.campaign.nodes.get(code="assessment"),
        unit=org.community_a,
        points=D("30"),
        comment="表现突出",
        actor=org.user("evaluator"),
    )
    assert stale(march) == {"arena", "assessment"}
    assert live_refresh(march).leaves == 2
    assert live(march) == full(march)

    bonus = adjustment_request(
        period=march,
        unit=org.community_b,
        kind="bonus",
        points=D("3"),
        reason="表彰",
        actor=org.user("evaluator"),
    )
    adjustment_decide(adjustment=bonus, approve=True, actor=org.user("office"))
    before = live(march)[org.community_b.pk]
    assert live_refresh(march).leaves == 0  # totals only
    assert live(march) == full(march)
    assert D(live(march)[org.community_b.pk][0]) == D(before[0]) + 3


def test_a_deleted_record_is_heard_too(org, march):
    scores = [
        PanelScore.objects.create(
            period=march, panel="arena", judge=org.people["office"], unit=unit, score=D(score)
        )
        for unit, score in ((org.community_a, "60"), (org.community_b, "90"))
    ]
    live_refresh(march)
    with_both = live(march)
    scores[0].delete()
    assert stale(march) == {"arena"}
    live_refresh(march)
    assert live(march) == full(march) != with_both


def test_only_started_open_periods_are_live(org, march):
    march.status = PeriodStatus.PREVIEW
    march.save(update_fields=["status"])
    ChecklistItem.objects.create(
        campaign=march.campaign,
        checklist="red-property",
        unit=org.community_a,
        name="湘湖红色物业",
        done_on=dt.date(2026, 3, 10),
        done_month=202603,
    )
    assert stale(march) == set()  # a period in preview keeps its sheet; nothing is marked
    live_refresh_all()
    live_keys = set(LiveRanking.objects.values_list("period__key", flat=True))
    assert "2026-03" not in live_keys  # its live state forgotten: the sheet ranks it now
    assert "2026-04" in live_keys  # the later months that have started are live
    assert not LiveValue.objects.filter(period=march).exists()
    assert not LiveLeaf.objects.filter(period=march).exists()


def test_an_idle_refresh_rescores_nothing(march):
    assert live_refresh(march).leaves == 0
    assert live_refresh_all() >= 0
    assert live_refresh(march).leaves == 0


def test_the_worker_refreshes_every_ten_seconds_and_rebuilds_daily():
    entries = {entry.name: entry for entry in schedule()}
    assert entries["refresh_live_rankings"].every == 10
    assert entries["rebuild_live_rankings"].at is not None


def test_one_refresh_at_a_time_and_a_dead_workers_claim_expires(org, march):
    PanelScore.objects.create(
        period=march, panel="arena", judge=org.people["office"], unit=org.community_a, score=D(70)
    )
    running = timezone.now() + dt.timedelta(minutes=5)
    LiveRanking.objects.filter(period=march).update(busy_until=running)
    assert live_refresh(march).leaves == 0  # another worker is at it
    assert stale(march) == {"arena"}

    LiveRanking.objects.filter(period=march).update(busy_until=running - dt.timedelta(hours=1))
    assert live_refresh(march).leaves == 1
    assert LiveRanking.objects.get(period=march).busy_until is None
    assert live(march) == full(march)
