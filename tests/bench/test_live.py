"""The live ranking on generated data, where every source of the preset has records: after
each kind of write, a refresh re-scores only the leaves fed by what was written, and the
live totals and ranks equal a full score of the period."""

from __future__ import annotations

import pytest

from bench.datagen import build
from zhengxian.activities.models import ExpectedAttendee, Session, SignIn
from zhengxian.activities.models.activities import EVENT_KINDS, HELD_STATUSES
from zhengxian.campaigns.models import Period
from zhengxian.campaigns.selectors import campaign_tree_specs, group_members
from zhengxian.engine.sources import registry
from zhengxian.engine.tree import flatten_tree
from zhengxian.matters.models import Matter, Visit
from zhengxian.orgs.models import Person
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

    def new_visit() -> None:
        visit = Visit.objects.filter(month=month).order_by("pk").first()
        visit.pk = None
        visit.save()

    def move_matter() -> None:
        matter = Matter.objects.filter(due_month=month).order_by("pk").first()
        other = Matter.objects.exclude(responsible_unit=matter.responsible_unit).first()
        matter.responsible_unit = other.responsible_unit
        matter.save()

    def new_roster_row() -> None:
        held = ExpectedAttendee.objects.filter(month=month, session__status__in=HELD_STATUSES)
        session = held.order_by("pk").first().session
        on_it = ExpectedAttendee.objects.filter(session=session).values("person_id")
        person = Person.objects.filter(is_active=True).exclude(pk__in=on_it).order_by("pk")[0]
        ExpectedAttendee.objects.create(
            session=session, person=person, unit=person.unit, month=month
        )

    def more_participants() -> None:
        session = Session.objects.filter(
            month=month, status__in=HELD_STATUSES, activity__kind__in=EVENT_KINDS
        ).first()
        session.participants = (session.participants or 0) + 7
        session.save()

    writes = [
        ("matters.visit", new_visit, True),
        ("matters.visit", lambda: Visit.objects.filter(month=month).first().delete(), True),
        ("matters.matter", move_matter, True),
        (
            "matters.matter",
            lambda: Matter.objects.filter(reported_month=month).first().delete(),
            True,
        ),
        ("activities.signin", lambda: SignIn.objects.filter(month=month).first().delete(), False),
        ("activities.expectedattendee", new_roster_row, True),
        # Read by the attendance rate too, which re-reads every unit for a session.
        ("activities.session", more_participants, False),
        ("scoring.rating", lambda: Rating.objects.filter(period=period).first().delete(), False),
        (
            "projects.milestone",
            lambda: Milestone.objects.filter(actual_date__isnull=False).first().delete(),
            False,
        ),
    ]
    for label, write, narrows in writes:
        write()
        assert stale_sources(period) == reading[label], label
        refreshed = live_refresh(period)
        assert 0 < refreshed.leaves < LiveLeaf.objects.filter(period=period).count(), label
        assert (refreshed.narrowed == refreshed.leaves) is narrows, label
        assert live(period) == full(period), label


def test_a_source_that_narrows_reads_for_a_few_units_what_it_reads_for_all():
    """``record_units`` promises compute(unit_ids=[u]) == compute(all)[u]: checked for every
    leaf of the preset whose source makes it, on a community, a grid's community above it
    and an office."""
    facts = build(scale="tiny", seed=5, year=YEAR)
    period = Period.objects.select_related("campaign").get(pk=facts["periods"][f"{YEAR}-03"])
    groups = group_members(period.campaign)
    units = sorted(unit for members in groups.values() for unit in members)
    leaves = [
        leaf
        for leaf in flatten_tree(campaign_tree_specs(period.campaign)).leaves
        if getattr(registry.get(leaf.source), "record_units", None)
    ]
    assert len({leaf.source for leaf in leaves}) == 10
    few = [units[0], units[len(units) // 2], units[-1]]
    for leaf in leaves:
        source = registry.get(leaf.source)
        params = dict(leaf.source_params)
        every = source.compute(period=period, unit_ids=units, params=params)
        for unit in few:
            alone = source.compute(period=period, unit_ids=[unit], params=params)
            assert alone.get(unit) == every.get(unit), (leaf.code, unit)
