"""The benchmark data generator (bench/datagen): same seed, same rows; every source of the
preset campaign has records in the busiest period; every record falls in the year."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from django.db import connection, transaction

from bench.datagen import build
from zhengxian.activities.models import ExpectedAttendee, Session, SignIn
from zhengxian.campaigns.models import Period
from zhengxian.core.actors import system_actor
from zhengxian.matters.models import (
    Matter,
    MatterTransition,
    MediationSession,
    SupervisionDay,
    Visit,
)
from zhengxian.orgs.models import Unit
from zhengxian.projects.models import ActionTask, Milestone, ProgressReport
from zhengxian.scoring.models import PanelScore, Rating, UnitScore
from zhengxian.scoring.services.compute import compute_period, period_score

pytestmark = pytest.mark.django_db

YEAR = 2026


def digest() -> str:
    """Over some rows of every domain, by content (never ids, which a database's sequences
    may move between two builds)."""
    h = hashlib.sha256()
    samples = [
        Visit.objects.values_list("unit__code", "visited_on", "target_kind", "household"),
        Matter.objects.values_list(
            "title",
            "state",
            "origin",
            "reported_on",
            "deadline",
            "resolved_on",
            "satisfaction",
            "responsible_unit__code",
        ),
        SignIn.objects.values_list("person__name", "unit__code", "signed_at", "method"),
        Rating.objects.values_list("unit__code", "rater__name", "score"),
        Milestone.objects.values_list("project__name", "planned_date", "actual_date"),
        Unit.objects.values_list("code", "name", "kind", "depth"),
    ]
    for query in samples:
        for row in query.order_by("pk"):
            h.update(repr(row).encode())
    return h.hexdigest()


def build_and_discard(seed: int) -> tuple[dict, str]:
    with transaction.atomic():
        facts = build(scale="tiny", seed=seed, year=YEAR)
        result = (facts["rows"], digest())
        transaction.set_rollback(True)
    return result


def test_same_seed_builds_the_same_rows_and_another_seed_others():
    rows, first = build_and_discard(seed=1)
    again_rows, again = build_and_discard(seed=1)
    _, other = build_and_discard(seed=2)
    assert rows == again_rows
    assert first == again
    assert other != first
    assert rows["visits"] > 0 and rows["matters"] > 0 and rows["sign_ins"] > 0


def _has_records(score) -> bool:
    """Listed references, or records named by their query (the visit count)."""
    return bool(score.evidence) or (score.records is not None and score.records.count > 0)


@pytest.fixture
def street():
    return build(scale="street", seed=1, year=YEAR)


def test_every_leaf_of_the_preset_has_records_in_the_busiest_period(street):
    period = Period.objects.select_related("campaign").get(pk=street["busiest_period_id"])
    assert period.key == street["busiest_period_key"] == f"{YEAR}-03"
    assert street["records_by_month"][YEAR * 100 + 3] == max(street["records_by_month"].values())
    result, leaves = compute_period(period)
    assert len(result.units) == Unit.objects.filter(kind__in=["community", "office"]).count()
    empty = [
        leaf.code
        for leaf in leaves
        if not any(
            unit.leaves[leaf.code].raw is not None and _has_records(unit.leaves[leaf.code])
            for unit in result.units
        )
    ]
    assert empty == []
    assert len(leaves) == 30  # every leaf of the preset, each with its own source parameters

    sheet = period_score(period=period, actor=system_actor("test"))
    assert UnitScore.objects.filter(sheet=sheet).count() == len(result.units)
    totals = set(UnitScore.objects.filter(sheet=sheet).values_list("total", flat=True))
    assert len(totals) > len(result.units) // 2  # units differ: the ranking means something


def test_every_record_falls_in_the_year_and_the_loop_is_consistent(street):
    first, last = dt.date(YEAR, 1, 1), dt.date(YEAR, 12, 31)
    dated = [
        (Visit, "visited_on"),
        (Matter, "reported_on"),
        (Matter, "resolved_on"),
        (Matter, "closed_on"),
        (Milestone, "planned_date"),
        (Milestone, "actual_date"),
        (ProgressReport, "reported_on"),
        (ActionTask, "deadline"),
        (ActionTask, "done_on"),
        (SupervisionDay, "held_on"),
        (MediationSession, "held_on"),
    ]
    for model, field in dated:
        days = model.objects.exclude(**{f"{field}__isnull": True}).values_list(field, flat=True)
        assert days, (model, field)
        assert first <= min(days) and max(days) <= last, (model, field)
    for model in (Session, SignIn, ExpectedAttendee, Visit):
        months = set(model.objects.values_list("month", flat=True))
        assert months == {YEAR * 100 + m for m in range(1, 13)}, model
    at = MatterTransition.objects.values_list("at", flat=True)
    assert min(at).year == max(at).year == YEAR
    assert set(Rating.objects.values_list("period__campaign__year", flat=True)) == {YEAR}
    assert PanelScore.objects.exists()

    # The closed loop: closed means resolved, rated and solved; an open one past its deadline
    # is overdue; a visit's matter names its visit; every visit has someone who went.
    closed = Matter.objects.filter(state="closed")
    assert closed.exists()
    assert not closed.filter(resolved_on__isnull=True).exists()
    assert not closed.filter(satisfaction__isnull=True).exists()
    assert set(closed.values_list("resolution", flat=True)) == {"solved"}
    assert Matter.objects.filter(state="in_progress", deadline__lt=last).exists()  # overdue
    assert Matter.objects.filter(state="closed", resolved_on__gt=models_deadline()).exists()
    assert not Matter.objects.filter(origin="visit", visit__isnull=True).exists()
    assert not Visit.objects.filter(participants__isnull=True).exists()
    for matter in Matter.objects.filter(state="closed")[:50]:
        actions = list(matter.history.order_by("at", "id").values_list("action", flat=True))
        assert actions[0] == "report" and actions[-1] == "close", actions
    with connection.cursor() as cursor:  # materialised paths: each unit's path ends with its id
        cursor.execute("SELECT id, path, parent_id FROM orgs_unit")
        for pk, path, parent in cursor.fetchall():
            assert path.endswith(f"/{pk}/")
            if parent:
                assert path.startswith(Unit.objects.get(pk=parent).path)


def models_deadline():
    from django.db.models import F

    return F("deadline")
