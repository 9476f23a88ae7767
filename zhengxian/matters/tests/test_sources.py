"""The matters app's indicator sources against hand-worked examples (March 2026, 湘湖社区
and 湖头陈社区), their contract with docs/scoring.md, and their constant query count."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from zhengxian.campaigns.campaign_file import load_campaign_file, read_preset
from zhengxian.campaigns.tests.stand_in_sources import BUILT_IN_SOURCES
from zhengxian.engine.shared_reads import shared_reads
from zhengxian.engine.sources import SourceRegistry, registry
from zhengxian.matters import services
from zhengxian.matters.models import MediationOutcome, Visit
from zhengxian.matters.services import VisitTarget
from zhengxian.matters.workflow import Action

from .conftest import make_period, on
from .factories import act, file_matter

MINE = (
    "visits_count",
    "matters_closed_on_time",
    "matters_satisfaction",
    "matters_overdue",
    "mediation_success",
    "rectification_completion",
)
MARCH = dt.date(2026, 3, 1)


def _spec(params):
    return {name: (p.type, p.required, p.choices) for name, p in params.items()}


def test_the_sources_are_registered_with_the_documented_kinds_and_parameters():
    documented = {s.name: s for s in BUILT_IN_SOURCES}
    for name in MINE:
        source = registry.get(name)
        assert source.kind == documented[name].kind, name
        assert _spec(source.params) == _spec(documented[name].params), name


def test_the_preset_campaign_validates_against_these_sources():
    sources = SourceRegistry()
    for stand_in in BUILT_IN_SOURCES:
        sources.register(registry.get(stand_in.name) if stand_in.name in MINE else stand_in)
    spec = load_campaign_file(read_preset("chengxiang-2023"), sources=sources)
    assert spec.code == "chengxiang-2023"


def lifecycle(
    org, *, reported, deadline, resolved=None, closed=None, rating=None, unit="a", **fields
):
    """A matter of 湘湖社区 (or 湖头陈社区) taken through its loop on the given days."""
    filer, leader, target = (
        ("cadre_a", "leader_a", "community_a")
        if unit == "a"
        else ("cadre_b", "office", "community_b")
    )
    with on(reported):
        matter = file_matter(org, by=filer, unit=target, **fields)
        matter = act(
            org,
            matter,
            Action.ASSIGN,
            leader,
            responsible_unit=getattr(org, target),
            deadline=deadline,
        )
        matter = act(org, matter, Action.ACCEPT, leader)
    if resolved:
        with on(resolved):
            matter = act(org, matter, Action.RESOLVE, leader)
    if rating:
        day, stars = rating
        with on(day):
            matter = act(org, matter, Action.RATE, filer, satisfaction=stars)
    if closed:
        with on(closed):
            matter = act(org, matter, Action.CLOSE, filer)
    return matter


@pytest.fixture
def march_matters(org):
    d = dt.date
    m = {
        # 湘湖社区: due in March
        "on_time": lifecycle(
            org,
            reported=d(2026, 3, 1),
            deadline=d(2026, 3, 10),
            resolved=d(2026, 3, 8),
            rating=(d(2026, 3, 9), 5),
            closed=d(2026, 3, 9),
        ),
        "late": lifecycle(
            org,
            reported=d(2026, 3, 1),
            deadline=d(2026, 3, 20),
            resolved=d(2026, 3, 25),
            rating=(d(2026, 3, 26), 3),
            closed=d(2026, 3, 26),
        ),
        "open": lifecycle(org, reported=d(2026, 3, 5), deadline=d(2026, 3, 31)),
        "reopened": lifecycle(
            org,
            reported=d(2026, 3, 2),
            deadline=d(2026, 3, 12),
            resolved=d(2026, 3, 11),
            rating=(d(2026, 3, 12), 4),
        ),
        # 湘湖社区: due in April
        "april": lifecycle(org, reported=d(2026, 3, 28), deadline=d(2026, 4, 5)),
        # 湖头陈社区
        "b_on_time": lifecycle(
            org,
            unit="b",
            reported=d(2026, 3, 3),
            deadline=d(2026, 3, 15),
            resolved=d(2026, 3, 14),
            rating=(d(2026, 3, 14), 2),
            closed=d(2026, 3, 14),
        ),
    }
    with on(d(2026, 3, 13)):
        m["reopened"] = act(org, m["reopened"], Action.REOPEN, "cadre_a", note="只修好一半")
    return m


def compute(name, org, period, **params):
    units = [org.community_a.pk, org.community_b.pk, org.subdistrict.pk]
    return registry.get(name).compute(period=period, unit_ids=units, params=params)


def assert_records(value, *, source, model, expected, period, unit):
    """The records behind ``value`` are named by ``source``'s query, not listed: the stored
    count and sum of ids describe ``expected``, and ``record_query`` finds exactly them (the
    unit's own and its sub-units'), by id."""
    pks = sorted(record.pk for record in expected)
    records = value.records
    assert value.evidence == ()
    assert (records.source, records.model, records.count, records.id_sum) == (
        source,
        model,
        len(pks),
        sum(pks),
    )
    listed = registry.get(source).record_query(
        period=period, unit_ids=[unit.pk], params=records.params
    )
    assert list(listed.values_list("pk", flat=True)) == pks


def test_closed_on_time_divides_closed_by_deadline_by_due_in_the_period(org, march_matters):
    march = make_period(org, MARCH)
    values = compute("matters_closed_on_time", org, march)
    a = values[org.community_a.pk]
    # due in March: on_time, late, open, reopened;
    # closed, with the resolution by the deadline: on_time only
    assert (a.numerator, a.denominator, a.value) == (1, 4, Decimal("0.25"))
    due = [march_matters[k] for k in ("on_time", "late", "open", "reopened")]
    matters = {"source": "matters_closed_on_time", "model": "matters.matter", "period": march}
    assert_records(a, expected=due, unit=org.community_a, **matters)
    assert values[org.community_b.pk].value == 1
    sub = values[org.subdistrict.pk]  # the sub-district counts every unit below it
    assert (sub.numerator, sub.denominator) == (2, 5)
    assert_records(
        sub, expected=[*due, march_matters["b_on_time"]], unit=org.subdistrict, **matters
    )


def test_satisfaction_is_the_mean_of_the_ratings_given_in_the_period(org, march_matters):
    march = make_period(org, MARCH)
    values = compute("matters_satisfaction", org, march)
    # 湘湖社区 rated 5, 3 and 4 (the reopened one keeps its rating)
    a = values[org.community_a.pk]
    assert (a.numerator, a.denominator, a.value) == (12, 3, Decimal(4))
    assert_records(
        a,
        source="matters_satisfaction",
        model="matters.matter",
        expected=[march_matters[k] for k in ("on_time", "late", "reopened")],
        period=march,
        unit=org.community_a,
    )
    assert values[org.community_b.pk].value == Decimal(2)
    assert values[org.subdistrict.pk].value == Decimal(14) / Decimal(4)
    february = make_period(org, dt.date(2026, 2, 1))
    assert compute("matters_satisfaction", org, february) == {}


def test_overdue_counts_unresolved_matters_past_their_deadline_at_the_periods_end(
    org, march_matters
):
    period = make_period(org, MARCH)
    march = compute("matters_overdue", org, period)
    # at the end of March: open (due 31st) and reopened (due 12th); late was resolved in March
    assert march[org.community_a.pk].value == 2
    overdue = {"source": "matters_overdue", "model": "matters.matter", "period": period}
    assert_records(
        march[org.community_a.pk],
        expected=[march_matters["open"], march_matters["reopened"]],
        unit=org.community_a,
        **overdue,
    )
    b = march[org.community_b.pk]  # none overdue: 0, with an empty set of records
    assert (b.value, b.numerator) == (0, 0)
    assert_records(b, expected=[], unit=org.community_b, **overdue)
    april = compute("matters_overdue", org, make_period(org, dt.date(2026, 4, 1)))
    assert april[org.community_a.pk].value == 3  # and the one due on 5 April


def test_origins_narrow_the_matters_counted(org, march_matters):
    with on(dt.date(2026, 3, 2)):
        petition = file_matter(org, origin="petition", title="信访：小区停车位分配不公")
        act(org, petition, Action.ASSIGN, "leader_a", deadline=dt.date(2026, 3, 6))
    march = make_period(org, MARCH)
    only = compute("matters_overdue", org, march, origins=["petition"])
    assert only[org.community_a.pk].value == 1
    assert (
        compute("matters_closed_on_time", org, march, origins=["petition"])[
            org.community_a.pk
        ].value
        == 0
    )
    assert compute("matters_overdue", org, march, origins=["visit"])[org.community_a.pk].value == 2


def visit(org, *, by, unit, day, kind, where, **target):
    with on(day):
        return services.visit_create(
            actor=org.user(by),
            unit=unit,
            visited_on=day,
            target=VisitTarget(kind=kind, unit=where, **target),
            summary="走访了解情况",
            visitors=[org.people[by]],
        ).visit


def test_visits_count_per_unit_rolls_grids_up_and_per_cadre_divides_by_the_units_cadres(org):
    d = dt.date
    a = org.community_a
    visit(
        org,
        by="cadre_a",
        unit=a,
        day=d(2026, 3, 2),
        kind="household",
        where=a,
        household="3幢2单元王阿姨",
    )
    visit(
        org,
        by="cadre_a",
        unit=a,
        day=d(2026, 3, 3),
        kind="enterprise",
        where=a,
        enterprise_name="杭州湘湖精密机械有限公司",
    )
    visit(org, by="cadre_a", unit=a, day=d(2026, 3, 4), kind="community", where=a)
    visit(
        org,
        by="grid_a",
        unit=org.grid_a,
        day=d(2026, 3, 5),
        kind="household",
        where=a,
        household="5幢李大伯",
    )
    visit(
        org,
        by="cadre_b",
        unit=org.community_b,
        day=d(2026, 3, 5),
        kind="community",
        where=org.community_b,
    )
    visit(org, by="cadre_a", unit=a, day=d(2026, 2, 20), kind="household", where=a, household="1幢")
    march = make_period(org, MARCH)
    counts = compute("visits_count", org, march)
    assert counts[a.pk].value == 4 and counts[org.community_b.pk].value == 1
    assert compute("visits_count", org, march, visited=["household"])[a.pk].value == 2
    assert compute("visits_count", org, march, visited=["enterprise", "community"])[a.pk].value == 2
    per_cadre = compute("visits_count", org, march, per_cadre=True)[a.pk]
    # cadres of 湘湖社区: 湘湖书记 (unit leader), 湘湖干部, 网格员甲 (in its grid);
    # 无角色 holds no role
    assert (per_cadre.numerator, per_cadre.denominator) == (4, 3)
    assert per_cadre.value == Decimal(4) / Decimal(3)
    # The visits are named by their query, not listed: it finds a's four March visits
    # (the grid's included), and the stored count and sum of ids describe them.
    a_march = Visit.objects.filter(month=202603, unit__path__startswith=a.path)
    expected = sorted(a_march.values_list("pk", flat=True))
    records = per_cadre.records
    assert per_cadre.evidence == () and len(expected) == 4
    assert (records.model, records.count, records.id_sum) == ("matters.visit", 4, sum(expected))
    listed = registry.get("visits_count").record_query(
        period=march, unit_ids=[a.pk], params=records.params
    )
    assert list(listed.values_list("pk", flat=True)) == expected


def test_mediation_success_divides_agreements_by_cases_concluded_in_the_period(org):
    outcomes = [
        (dt.date(2026, 3, 5), MediationOutcome.AGREEMENT),
        (dt.date(2026, 3, 12), MediationOutcome.AGREEMENT),
        (dt.date(2026, 3, 20), MediationOutcome.WITHDRAWN),
        (dt.date(2026, 4, 2), MediationOutcome.AGREEMENT),
        (None, None),
    ]
    concluded_in_march = []
    for n, (day, outcome) in enumerate(outcomes):
        with on(dt.date(2026, 3, 1)):
            case = services.mediation_case_create(
                actor=org.user("leader_a"),
                reporting_unit=org.community_a,
                title=f"邻里漏水纠纷{n}",
                category="neighbour",
                applicants=[("王某", "")],
                respondents=[("李某", "")],
                handling_unit=org.community_a,
                deadline=dt.date(2026, 4, 30),
            )
        if day:
            with on(day):
                services.mediation_conclude(
                    case=case,
                    actor=org.user("leader_a"),
                    outcome=outcome,
                    agreement_text="双方同意分摊维修费用",
                )
            if day.month == 3:
                concluded_in_march.append(case)
    march = make_period(org, MARCH)
    value = compute("mediation_success", org, march)[org.community_a.pk]
    assert (value.numerator, value.denominator) == (2, 3)
    assert_records(
        value,
        source="mediation_success",
        model="matters.mediationcase",
        expected=concluded_in_march,
        period=march,
        unit=org.community_a,
    )
    assert org.community_b.pk not in compute("mediation_success", org, make_period(org, MARCH))


def test_rectification_completion_counts_closed_items_due_in_the_period(org):
    d = dt.date
    with on(d(2026, 3, 2)):
        day = services.supervision_day_create(
            actor=org.user("supervisor"),
            unit=org.subdistrict,
            held_on=d(2026, 3, 2),
            title="三月固定监督日",
            inspected_units=[org.community_a],
            supervisors=[org.people["supervisor"]],
        )
        done = services.supervision_finding_create(
            day=day,
            actor=org.user("supervisor"),
            unit=org.community_a,
            title="台账不完整",
            deadline=d(2026, 3, 20),
        )
        undone = services.supervision_finding_create(
            day=day,
            actor=org.user("supervisor"),
            unit=org.community_a,
            title="公示栏未更新",
            deadline=d(2026, 3, 25),
        )
    with on(d(2026, 3, 15)):
        done = act(org, done, Action.ACCEPT, "leader_a")
        done = act(org, done, Action.RESOLVE, "leader_a")
        done = act(org, done, Action.RATE, "supervisor")
        act(org, done, Action.CLOSE, "supervisor")
    items = [done, undone]
    for title in ("换届档案缺失", "选举程序不规范"):
        item = lifecycle(
            org,
            reported=d(2026, 3, 2),
            deadline=d(2026, 3, 31),
            resolved=d(2026, 3, 10),
            rating=(d(2026, 3, 10), 5),
            closed=d(2026, 3, 10),
            origin="rectification",
            rectification_kind="special_action",
            action_code="five-breaks-five-raises",
            title=title,
        )
        items.append(item)
    march = make_period(org, MARCH)
    a = org.community_a.pk
    assert compute("rectification_completion", org, march, origin="supervision_day")[
        a
    ].value == Decimal("0.5")
    five = compute(
        "rectification_completion",
        org,
        march,
        origin="special_action",
        action="five-breaks-five-raises",
    )
    assert five[a].value == 1
    assert compute("rectification_completion", org, march, action="safe-asian-games") == {}
    everything = compute("rectification_completion", org, march)[a]
    assert (everything.numerator, everything.denominator) == (3, 4)
    rectification = {
        "source": "rectification_completion",
        "model": "matters.matter",
        "period": march,
        "unit": org.community_a,
    }
    assert_records(everything, expected=items, **rectification)
    assert_records(five[a], expected=items[2:], **rectification)


def test_each_source_makes_the_same_few_queries_however_many_units_and_records(
    org, march_matters, django_assert_max_num_queries
):
    march = make_period(org, MARCH)
    units = list(range(1, 5000))
    for name, params in [
        ("visits_count", {"per_cadre": True}),
        ("matters_closed_on_time", {}),
        ("matters_satisfaction", {}),
        ("matters_overdue", {}),
        ("mediation_success", {}),
        ("rectification_completion", {}),
    ]:
        with django_assert_max_num_queries(2):
            registry.get(name).compute(period=march, unit_ids=units, params=params)


def test_a_runs_visit_leaves_share_one_count_and_give_what_each_gives_alone(org):
    a = org.community_a
    day = dt.date(2026, 3, 2)
    visit(org, by="cadre_a", unit=a, day=day, kind="household", where=a, household="3幢")
    visit(org, by="grid_a", unit=org.grid_a, day=day, kind="community", where=a)
    visit(
        org, by="cadre_a", unit=a, day=day, kind="enterprise", where=a, enterprise_name="湘湖机械"
    )
    march = make_period(org, MARCH)
    units = [a.pk, org.community_b.pk, org.grid_a.pk]
    leaves = [
        {},
        {"visited": ["enterprise"]},
        {"per_cadre": True},
        {"per_cadre": True, "visited": ["household", "community"]},
    ]
    source = registry.get("visits_count")
    alone = [source.compute(period=march, unit_ids=units, params=params) for params in leaves]
    with shared_reads(), CaptureQueriesContext(connection) as queries:
        shared = [source.compute(period=march, unit_ids=units, params=params) for params in leaves]
    # One GROUP BY of the visits and one count of the cadres, for the four leaves.
    reads = [q["sql"] for q in queries if 'FROM "matters_visit"' in q["sql"]]
    counts = [q["sql"] for q in queries if 'FROM "orgs_person"' in q["sql"]]
    assert len(reads) == 1 and len(counts) == 1
    assert shared == alone
    assert [values[a.pk].numerator for values in shared] == [3, 1, 3, 2]
    assert [values[a.pk].records.count for values in shared] == [3, 1, 3, 2]
