"""The campaign sources against hand-worked examples (March 2026, the `org` fixture).

湘湖社区 (A) has 湘湖书记, 湘湖干部, 无角色 and, in its grid, 网格员甲; 湖头陈社区 (B) has
湖头陈干部 and 湖头陈观察员. Figures roll up: the grid's count for A and the sub-district.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

import pytest
from django.db.models import Q

from zhengxian.activities import figures, services
from zhengxian.activities.indicator_sources import (
    AllianceEventsSource,
    AttendanceRateSource,
    EventParticipantsSource,
    StudySessionsHeldSource,
)
from zhengxian.activities.models import ActivityKind, ExpectedAttendee, Session, SignIn
from zhengxian.activities.models.activities import HELD_STATUSES
from zhengxian.activities.services import Audience
from zhengxian.campaigns.campaign_file import load_campaign_file, read_preset
from zhengxian.campaigns.models import Campaign, Period
from zhengxian.campaigns.tests.stand_in_sources import BUILT_IN_SOURCES
from zhengxian.engine.sources import SourceRegistry
from zhengxian.orgs.models import Unit
from zhengxian.orgs.paths import path_ids

from .conftest import at, make_activity, plan

MARCH = dt.date(2026, 3, 1)


def day(n: int, month: int = 3) -> dt.date:
    return dt.date(2026, month, n)


@pytest.fixture
def march(org) -> Period:
    campaign = Campaign.objects.create(
        code="cx-2026",
        name="2026",
        year=2026,
        start=day(1, 1),
        end=dt.date(2026, 12, 31),
        period_length="month",
        owner_unit=org.subdistrict,
    )
    return Period.objects.create(
        campaign=campaign,
        index=3,
        key="2026-03",
        label="3月",
        start=day(1),
        end=day(31),
        first_month=202603,
        last_month=202603,
    )


def units(org) -> list[int]:
    return [org.community_a.pk, org.community_b.pk, org.office.pk]


def every_unit() -> list[int]:
    return list(Unit.objects.values_list("pk", flat=True))


def assert_records(value, source, period, unit, expected) -> None:
    """``value``'s records are named by ``source``'s query, not listed: the stored count
    and sum of ids describe ``expected``, and ``record_query`` lists exactly them, by id."""
    assert value.evidence == ()
    records = value.records
    assert (records.source, records.count, records.id_sum) == (
        source.name,
        len(expected),
        sum(row.pk for row in expected),
    )
    listed = source.record_query(period=period, unit_ids=[unit.pk], params=records.params)
    assert listed.model._meta.label_lower == records.model
    assert list(listed) == sorted(expected, key=lambda row: row.pk)


def sign(org, session: Session, *keys: str, minute: int = 0) -> None:
    for key in keys:
        services.sign_in(
            token=session.token, actor=org.user(key), at=session.starts_at.replace(minute=minute)
        )


def held(org, session: Session) -> Session:
    return services.session_open(session=session, actor=org.user("office"), at=session.starts_at)


@pytest.fixture
def training(org, clock):
    """Three March sessions (two held) and one April session of a training round."""
    office = org.user("office")
    activity = make_activity(
        org,
        kind=ActivityKind.TRAINING,
        organiser=org.subdistrict,
        series="提振精气神",
        audience=Audience(units=(org.community_a, org.community_b)),
        starts=[at(9, day=day(20))],
    )
    t1 = held(org, activity.sessions.get())
    sign(org, t1, "cadre_a", "cadre_b", "viewer_b")
    sign(org, t1, "grid_a", minute=20)  # late still counts as present
    sign(org, t1, "office")  # not on the list: a walk-in, never counted
    batch_a = Audience(units=(org.community_a,))
    t2 = services.session_add(
        activity=activity, actor=office, plan=plan(at(9, day=day(27)), audience=batch_a)
    )
    t3 = services.session_add(
        activity=activity, actor=office, plan=plan(at(9, day=day(28)), audience=batch_a)
    )
    t4 = services.session_add(
        activity=activity, actor=office, plan=plan(at(9, day=day(3, 4)), audience=batch_a)
    )
    for session in (t2, t4):
        sign(org, held(org, session), "leader_a", "cadre_a")
    # A first-topic session in March with everyone signed in: not training, not counted.
    study = held(org, make_activity(org, starts=[at(14, day=day(10))]).sessions.get())
    sign(org, study, "leader_a", "cadre_a", "grid_a")
    return t1, t2, t3, t4


def test_attendance_per_unit_is_sign_ins_over_expected_at_held_sessions(org, training, march):
    t1, t2, _t3, _t4 = training
    values = AttendanceRateSource().compute(
        period=march, unit_ids=every_unit(), params={"activity_kind": "training"}
    )
    a, b = values[org.community_a.pk], values[org.community_b.pk]
    # A: t1 expects 4 (2 signed: 湘湖干部, 网格员甲 late), t2 expects 4 (2 signed). t3 not held.
    assert (a.numerator, a.denominator, a.value) == (4, 8, Decimal("0.5"))
    # B: t1 expects 2, both signed; the walk-in of 办公室干事 is not counted anywhere.
    assert (b.numerator, b.denominator, b.value) == (2, 2, Decimal(1))
    assert values[org.grid_a.pk].value == Decimal("0.5")  # 网格员甲: 1 of 2
    assert values[org.subdistrict.pk].value == Decimal("0.6")  # 6 of 10
    assert org.office.pk not in values  # nothing expected: when_empty decides
    # The records are the roster rows expected (present or not), not the sign-ins.
    a_rows = ExpectedAttendee.objects.filter(
        session__in=[t1, t2], unit__path__startswith=org.community_a.path
    )
    assert a.records.model == "activities.expectedattendee"
    assert_records(a, AttendanceRateSource(), march, org.community_a, list(a_rows))


def test_attendance_filters_by_kind_and_series(org, training, march):
    source = AttendanceRateSource()
    everything = source.compute(period=march, unit_ids=units(org), params={})
    assert everything[org.community_a.pk].denominator == 8 + 4  # with the first-topic study
    assert everything[org.community_a.pk].numerator == 4 + 3
    assert source.compute(period=march, unit_ids=units(org), params={"series": "青城学院"}) == {}
    series = source.compute(period=march, unit_ids=units(org), params={"series": "提振精气神"})
    assert series[org.community_a.pk].value == Decimal("0.5")


def test_attendance_per_cadre(org, training):
    tallies = figures.attendance_counts(202603, 202603, {"activity_kind": "training"}, by="person")
    rates = {
        org.people[key].pk: (
            tallies[org.people[key].pk].numerator,
            tallies[org.people[key].pk].denominator,
        )
        for key in ("leader_a", "cadre_a", "nobody", "grid_a", "cadre_b", "viewer_b")
    }
    assert rates == {
        org.people["leader_a"].pk: (1, 2),
        org.people["cadre_a"].pk: (2, 2),
        org.people["nobody"].pk: (0, 2),
        org.people["grid_a"].pk: (1, 2),
        org.people["cadre_b"].pk: (1, 1),
        org.people["viewer_b"].pk: (1, 1),
    }
    assert org.people["office"].pk not in tallies


def tallied_one_by_one(first_month, last_month, params, key) -> dict[int, tuple[int, int]]:
    """The attendance as it was tallied before the database counted it, kept as the
    reference: every roster row of a held session in the months, and every sign-in of
    those sessions, read into Python; a row is present when its person signed in to its
    session. {key: (present, expected)}, ``key`` the row's person or units."""
    held = figures.activity_q(params, "session__activity__") & Q(session__status__in=HELD_STATUSES)
    months = figures.months_q(first_month, last_month)
    signed = set(SignIn.objects.filter(months, held).values_list("session_id", "person_id"))
    tallies: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    rows = ExpectedAttendee.objects.filter(months, held).values_list(
        "session_id", "person_id", "unit__path"
    )
    for session_id, person_id, path in rows:
        for owner in key(person_id, path):
            tallies[owner][1] += 1
            tallies[owner][0] += (session_id, person_id) in signed
    return {owner: (present, expected) for owner, (present, expected) in tallies.items()}


MIXED_PARAMS = [
    {},
    {"activity_kind": "training"},
    {"activity_kind": "first_topic"},
    {"activity_kind": "sharing"},
    {"series": "提振精气神"},
    {"series": "青城学院"},
    {"activity_kind": "training", "series": "提振精气神"},
]


@pytest.mark.parametrize("params", MIXED_PARAMS)
def test_the_source_and_the_pages_count_what_was_tallied_one_by_one(org, training, params):
    """Walk-ins, a session never opened, a cancelled one and an April one count nowhere;
    the kinds and series select; every unit's numerator, denominator and value, and every
    person's, as the tallying of each roster row and sign-in in Python gave them."""
    office = org.user("office")
    cancelled = make_activity(org, starts=[at(9, day=day(29))]).sessions.get()
    services.session_cancel(session=cancelled, actor=office, reason="改期")
    assert ExpectedAttendee.objects.filter(session=cancelled).exists()
    quarter = Period(first_month=202603, last_month=202604)

    values = AttendanceRateSource().compute(period=quarter, unit_ids=every_unit(), params=params)
    by_unit = tallied_one_by_one(202603, 202604, params, lambda _person, path: path_ids(path))
    assert {unit: (v.numerator, v.denominator) for unit, v in values.items()} == by_unit
    for unit, (present, expected) in by_unit.items():
        assert values[unit].value == Decimal(present) / Decimal(expected)
        assert values[unit].records.count == expected

    def figures_of(tallies):
        return {key: (t.numerator, t.denominator) for key, t in tallies.items()}

    assert figures_of(figures.attendance_counts(202603, 202604, params, by="unit")) == by_unit
    assert figures_of(
        figures.attendance_counts(202603, 202604, params, by="person")
    ) == tallied_one_by_one(202603, 202604, params, lambda person, _path: [person])
    if not params:
        # t1 6 expected (4 came), t2 and April's t4 4 each (2 and 2), the study 4 (3).
        assert by_unit[org.subdistrict.pk] == (4 + 2 + 2 + 3, 6 + 4 + 4 + 4)


def test_a_few_units_read_what_all_the_units_read(org, training, march):
    """The live rankings ask for the units on a new record's path only (``record_units``):
    each source gives them what it gives them asked with every unit."""
    everyone = every_unit()
    for source, params in [
        (AttendanceRateSource(), {}),
        (StudySessionsHeldSource(), {}),
        (EventParticipantsSource(), {}),
        (AllianceEventsSource(), {}),
    ]:
        every = source.compute(period=march, unit_ids=everyone, params=params)
        for unit in (org.grid_a.pk, org.community_a.pk, org.community_b.pk, org.subdistrict.pk):
            alone = source.compute(period=march, unit_ids=[unit], params=params)
            assert alone.get(unit) == every.get(unit), (source.name, unit)


def test_sources_run_one_query_and_two_to_narrow_to_a_few_units(
    org, training, march, django_assert_num_queries
):
    many = list(range(1, 5000))  # past FEW_UNITS: every record, no narrowing
    sources = [
        (AttendanceRateSource(), {}),
        (StudySessionsHeldSource(), {}),
        (EventParticipantsSource(), {"brand": "x"}),
        (AllianceEventsSource(), {}),
    ]
    for source, params in sources:
        with django_assert_num_queries(1):
            source.compute(period=march, unit_ids=many, params=params)
        with django_assert_num_queries(3):  # the units' paths, their subtrees, the count
            source.compute(period=march, unit_ids=units(org), params=params)


def test_sessions_held_over_planned_excludes_sessions_cancelled_before_they_started(
    org, clock, march
):
    office = org.user("office")
    activity = make_activity(
        org, starts=[at(9, day=day(5)), at(9, day=day(20)), at(9, day=day(25)), at(9, day=day(30))]
    )
    s5, s20, s25, s30 = activity.sessions.order_by("starts_at")
    services.session_record_held(session=s5, actor=office)
    services.session_open(session=s20, actor=office)
    services.session_cancel(session=s25, actor=office, reason="改期")
    # s30 stays planned: due and not held counts against the unit.
    grid = make_activity(
        org,
        organiser=org.grid_a,
        audience=Audience(units=(org.grid_a,)),
        starts=[at(9, day=day(10))],
    )
    services.session_record_held(session=grid.sessions.get(), actor=office)
    b = make_activity(
        org,
        organiser=org.community_b,
        audience=Audience(units=(org.community_b,)),
        starts=[at(9, day=day(2, 4))],
    )
    assert b.sessions.get().month == 202604

    values = StudySessionsHeldSource().compute(
        period=march, unit_ids=every_unit(), params={"activity_kind": "first_topic"}
    )
    a = values[org.community_a.pk]
    assert (a.numerator, a.denominator, a.value) == (3, 4, Decimal("0.75"))  # with the grid's
    assert values[org.grid_a.pk].value == Decimal(1)
    assert org.community_b.pk not in values
    # The records: every planned session (held or not), not the cancelled one.
    source = StudySessionsHeldSource()
    planned = [s5, s20, s30, grid.sessions.get()]
    assert_records(a, source, march, org.community_a, planned)
    sharing = StudySessionsHeldSource().compute(
        period=march, unit_ids=units(org), params={"activity_kind": "sharing"}
    )
    assert sharing == {}


@pytest.fixture
def events(org, clock):
    office = org.user("office")
    xunmeng = services.brand_create(
        actor=office, code="xunmeng", name="寻梦城河", owner=org.subdistrict
    )
    yayun = services.brand_create(actor=office, code="yayun", name="迎亚运", owner=org.subdistrict)
    e1 = make_activity(
        org,
        kind=ActivityKind.EVENT,
        title="一河四站·湘湖站",
        brand=xunmeng,
        audience=Audience(),
        starts=[at(18, day=day(5)), at(18, day=day(12)), at(18, day=day(30))],
    )
    s5, s12, _s30 = e1.sessions.order_by("starts_at")
    services.session_record_held(session=s5, actor=office, participants=1200)
    services.session_record_held(session=s12, actor=office, participants=800)
    e2 = make_activity(
        org,
        kind=ActivityKind.EVENT,
        organiser=org.community_b,
        title="一河四站·湖头陈站",
        brand=xunmeng,
        audience=Audience(),
        starts=[at(18, day=day(8))],
    )
    services.session_record_held(session=e2.sessions.get(), actor=office, participants=500)
    e3 = make_activity(
        org,
        kind=ActivityKind.EVENT,
        title="迎亚运文化周",
        brand=yayun,
        audience=Audience(),
        starts=[at(18, day=day(9))],
    )
    services.session_record_held(session=e3.sessions.get(), actor=office, participants=300)
    alliance = make_activity(
        org,
        kind=ActivityKind.ALLIANCE,
        organiser=org.community_b,
        title="党校联建",
        alliance="厢心力",
        partners="市委党校萧山分校",
        audience=Audience(),
        starts=[at(14, day=day(15)), at(14, day=day(22))],
    )
    services.session_record_held(
        session=alliance.sessions.order_by("starts_at")[0], actor=office, participants=40
    )
    other = make_activity(
        org,
        kind=ActivityKind.ALLIANCE,
        title="物业联建",
        alliance="红色物业",
        audience=Audience(),
        starts=[at(14, day=day(16))],
    )
    services.session_record_held(session=other.sessions.get(), actor=office)
    return xunmeng, yayun


def test_event_participants_of_a_brand_and_zero_for_units_without(org, events, march):
    source = EventParticipantsSource()
    asked = [*units(org), org.subdistrict.pk]
    by_name = source.compute(period=march, unit_ids=asked, params={"brand": "寻梦城河"})
    assert {k: v.value for k, v in by_name.items()} == {
        org.community_a.pk: 2000,
        org.community_b.pk: 500,
        org.office.pk: 0,
        org.subdistrict.pk: 2500,
    }
    held = Session.objects.filter(activity__title="一河四站·湘湖站", status__in=HELD_STATUSES)
    assert_records(by_name[org.community_a.pk], source, march, org.community_a, list(held))
    assert_records(by_name[org.office.pk], source, march, org.office, [])
    by_code = source.compute(period=march, unit_ids=asked, params={"brand": "xunmeng"})
    assert {k: v.value for k, v in by_code.items()} == {k: v.value for k, v in by_name.items()}
    assert by_code[org.community_a.pk].records.id_sum == by_name[org.community_a.pk].records.id_sum
    everything = source.compute(period=march, unit_ids=units(org), params={})
    assert everything[org.community_a.pk].value == 2000 + 300
    # 物业联建's held session has no head count: it counts 0, its session is still listed.
    assert everything[org.community_b.pk].value == 500 + 40
    assert everything[org.community_a.pk].records.count == 2 + 1 + 1


def test_alliance_events_held(org, events, march):
    source = AllianceEventsSource()
    values = source.compute(period=march, unit_ids=units(org), params={})
    assert {k: v.value for k, v in values.items() if k in units(org)} == {
        org.community_a.pk: 1,
        org.community_b.pk: 1,
        org.office.pk: 0,
    }
    xiang = source.compute(period=march, unit_ids=units(org), params={"alliance": "厢心力"})
    assert (xiang[org.community_a.pk].value, xiang[org.community_b.pk].value) == (0, 1)
    held = Session.objects.filter(activity__title="党校联建", status__in=HELD_STATUSES)
    assert_records(xiang[org.community_b.pk], source, march, org.community_b, list(held))
    assert xiang[org.community_b.pk].records.params == {"alliance": "厢心力"}


def test_the_preset_validates_against_these_sources():
    mine = {
        "attendance_rate": AttendanceRateSource,
        "study_sessions_held": StudySessionsHeldSource,
        "event_participants": EventParticipantsSource,
        "alliance_events": AllianceEventsSource,
    }
    registry = SourceRegistry()
    for stand_in in BUILT_IN_SOURCES:
        if stand_in.name in mine:
            documented = {k: (p.type, p.choices, p.required) for k, p in stand_in.params.items()}
            actual = {
                k: (p.type, p.choices, p.required) for k, p in mine[stand_in.name].params.items()
            }
            assert actual == documented, stand_in.name
            assert mine[stand_in.name].kind == stand_in.kind
            registry.register(mine[stand_in.name])
        else:
            registry.register(stand_in)
    spec = load_campaign_file(read_preset("chengxiang-2023"), sources=registry)
    assert spec.code == "chengxiang-2023"
