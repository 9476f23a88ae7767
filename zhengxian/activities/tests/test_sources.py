"""The campaign sources against hand-worked examples (March 2026, the `org` fixture).

湘湖社区 (A) has 湘湖书记, 湘湖干部, 无角色 and, in its grid, 网格员甲; 湖头陈社区 (B) has
湖头陈干部 and 湖头陈观察员. Figures roll up: the grid's count for A and the sub-district.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from zhengxian.activities import figures, services
from zhengxian.activities.indicator_sources import (
    AllianceEventsSource,
    AttendanceRateSource,
    EventParticipantsSource,
    StudySessionsHeldSource,
)
from zhengxian.activities.models import ActivityKind, Session
from zhengxian.activities.services import Audience
from zhengxian.campaigns.campaign_file import load_campaign_file, read_preset
from zhengxian.campaigns.models import Campaign, Period
from zhengxian.campaigns.tests.stand_in_sources import BUILT_IN_SOURCES
from zhengxian.engine.sources import SourceRegistry

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
        period=march, unit_ids=units(org), params={"activity_kind": "training"}
    )
    a, b = values[org.community_a.pk], values[org.community_b.pk]
    # A: t1 expects 4 (2 signed: 湘湖干部, 网格员甲 late), t2 expects 4 (2 signed). t3 not held.
    assert (a.numerator, a.denominator, a.value) == (4, 8, Decimal("0.5"))
    # B: t1 expects 2, both signed; the walk-in of 办公室干事 is not counted anywhere.
    assert (b.numerator, b.denominator, b.value) == (2, 2, Decimal(1))
    assert values[org.grid_a.pk].value == Decimal("0.5")  # 网格员甲: 1 of 2
    assert values[org.subdistrict.pk].value == Decimal("0.6")  # 6 of 10
    assert org.office.pk not in values  # nothing expected: when_empty decides
    assert a.evidence[:2] == (f"activities.session:{t1.pk}", f"activities.session:{t2.pk}")
    assert len(a.evidence) == 2 + 4 and all(
        r.startswith("activities.signin:") for r in a.evidence[2:]
    )
    assert list(a.evidence[2:]) == sorted(a.evidence[2:], key=lambda r: int(r.split(":")[1]))


def test_attendance_filters_by_kind_and_series(org, training, march):
    source = AttendanceRateSource()
    everything = source.compute(period=march, unit_ids=units(org), params={})
    assert everything[org.community_a.pk].denominator == 8 + 4  # with the first-topic study
    assert everything[org.community_a.pk].numerator == 4 + 3
    assert source.compute(period=march, unit_ids=units(org), params={"series": "青城学院"}) == {}
    series = source.compute(period=march, unit_ids=units(org), params={"series": "提振精气神"})
    assert series[org.community_a.pk].value == Decimal("0.5")


def test_attendance_per_cadre(org, training):
    tallies = figures.attendance_by_person(202603, 202603, {"activity_kind": "training"})
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


@pytest.mark.parametrize("params", [{}, {"activity_kind": "training"}, {"series": "提振精气神"}])
def test_the_counts_for_pages_equal_the_sources_tallies(org, training, params):
    def figures_of(tallies):
        return {key: (t.numerator, t.denominator) for key, t in tallies.items()}

    for by, tallied in (
        ("unit", figures.attendance_by_unit),
        ("person", figures.attendance_by_person),
    ):
        counted = figures.attendance_counts(202603, 202604, params, by=by)
        assert figures_of(counted) == figures_of(tallied(202603, 202604, params))
    assert figures.attendance_counts(202603, 202603, {}, by="unit")[org.subdistrict.pk].denominator


def test_sources_run_a_constant_number_of_queries(org, training, march, django_assert_num_queries):
    with django_assert_num_queries(2):
        AttendanceRateSource().compute(period=march, unit_ids=units(org), params={})
    with django_assert_num_queries(1):
        StudySessionsHeldSource().compute(period=march, unit_ids=units(org), params={})
    with django_assert_num_queries(1):
        EventParticipantsSource().compute(period=march, unit_ids=units(org), params={"brand": "x"})
    with django_assert_num_queries(1):
        AllianceEventsSource().compute(period=march, unit_ids=units(org), params={})


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
        period=march, unit_ids=units(org), params={"activity_kind": "first_topic"}
    )
    a = values[org.community_a.pk]
    assert (a.numerator, a.denominator, a.value) == (3, 4, Decimal("0.75"))  # with the grid's
    assert values[org.grid_a.pk].value == Decimal(1)
    assert org.community_b.pk not in values
    assert f"activities.session:{s25.pk}" not in a.evidence
    assert f"activities.session:{s30.pk}" in a.evidence
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
    by_name = source.compute(period=march, unit_ids=units(org), params={"brand": "寻梦城河"})
    assert {k: v.value for k, v in by_name.items() if k in units(org)} == {
        org.community_a.pk: 2000,
        org.community_b.pk: 500,
        org.office.pk: 0,
    }
    assert by_name[org.subdistrict.pk].value == 2500
    assert len(by_name[org.community_a.pk].evidence) == 2  # the two held sessions
    assert source.compute(period=march, unit_ids=units(org), params={"brand": "xunmeng"}) == by_name
    everything = source.compute(period=march, unit_ids=units(org), params={})
    assert everything[org.community_a.pk].value == 2000 + 300
    assert everything[org.community_b.pk].value == 500 + 40


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
