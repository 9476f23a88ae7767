"""The four sources against hand-worked examples, their parameters, evidence and query counts."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from zhengxian.campaigns.campaign_file import load_campaign_file, read_preset
from zhengxian.campaigns.models import Campaign, Period
from zhengxian.campaigns.tests.stand_in_sources import BUILT_IN_SOURCES
from zhengxian.core.actors import system_actor
from zhengxian.engine.evidence import describe_evidence
from zhengxian.engine.sources import SourceRegistry, registry
from zhengxian.projects import services

from .factories import make_action, make_project

TEST_ACTOR = system_actor("tests")

D = dt.date
OURS = (
    "milestones_on_time",
    "investment_completion",
    "project_progress",
    "special_action_completion",
)


@pytest.fixture
def march(org) -> Period:
    campaign = Campaign.objects.create(
        code="test-2026",
        name="测试",
        year=2026,
        start=D(2026, 1, 1),
        end=D(2026, 12, 31),
        period_length="month",
        owner_unit=org.subdistrict,
    )
    return Period.objects.create(
        campaign=campaign,
        index=3,
        key="2026-03",
        label="2026-03",
        start=D(2026, 3, 1),
        end=D(2026, 3, 31),
        first_month=202603,
        last_month=202603,
    )


def compute(name: str, period: Period, org, **params):
    return registry.get(name).compute(
        period=period, unit_ids=[org.community_a.pk, org.community_b.pk], params=params
    )


def milestone(project, name, planned, actual=None, percent=None):
    return services.milestone_create(
        actor=TEST_ACTOR,
        project=project,
        name=name,
        planned_date=planned,
        actual_date=actual,
        planned_percent=Decimal(percent) if percent is not None else None,
    )


def progress(project, on, percent, investment=0):
    return services.progress_report_create(
        actor=TEST_ACTOR,
        project=project,
        reported_on=on,
        percent=Decimal(percent),
        text="进展",
        investment=Decimal(investment),
    )


def test_milestones_on_time_counts_milestones_due_in_the_period(org, today, march):
    a = make_project(
        org, "A1", category="economy", planned_start=D(2026, 1, 1), planned_end=D(2026, 12, 31)
    )
    on_time = milestone(a, "准时", D(2026, 3, 5), D(2026, 3, 5))
    late = milestone(a, "迟了", D(2026, 3, 10), D(2026, 3, 12))
    open_ = milestone(a, "未完成", D(2026, 3, 20))
    milestone(a, "二月", D(2026, 2, 28), D(2026, 2, 27))
    milestone(a, "四月", D(2026, 4, 2))
    b = make_project(
        org,
        "B1",
        category="construction",
        unit=org.community_b,
        tags=["resettlement"],
        planned_start=D(2026, 1, 1),
        planned_end=D(2026, 12, 31),
    )
    early = milestone(b, "提前", D(2026, 3, 1), D(2026, 2, 25))

    values = compute("milestones_on_time", march, org)
    value_a = values[org.community_a.pk]
    assert (value_a.numerator, value_a.denominator) == (1, 3)
    assert value_a.value == Decimal(1) / Decimal(3)
    assert value_a.evidence == tuple(
        f"projects.milestone:{m.pk}" for m in sorted([on_time, late, open_], key=lambda m: m.pk)
    )
    assert values[org.community_b.pk].value == 1
    assert values[org.community_b.pk].evidence == (f"projects.milestone:{early.pk}",)

    assert set(compute("milestones_on_time", march, org, category="economy")) == {
        org.community_a.pk
    }
    assert set(compute("milestones_on_time", march, org, tags=["resettlement"])) == {
        org.community_b.pk
    }
    assert compute("milestones_on_time", march, org, public_only=True) == {}


@pytest.fixture
def investment_and_progress(org, today):
    """Unit A: P1 (plan 10 % at 2025-12-31, 30 % at 2026-03-31), P3 (public, plan 50 % at
    2026-03-31, no report), P4 (reported 100 % in February), P5 (starts in April).
    Unit B: P2 (tag relocation, straight plan over 2026)."""
    p1 = make_project(
        org,
        "P1",
        planned_start=D(2025, 10, 1),
        planned_end=D(2026, 12, 31),
        planned_investment=Decimal(1000),
    )
    milestone(p1, "年底节点", D(2025, 12, 31), D(2025, 12, 30), percent=10)
    milestone(p1, "一季度节点", D(2026, 3, 31), percent=30)
    reports = [
        progress(p1, D(2025, 12, 20), 8, 30),
        progress(p1, D(2026, 1, 20), 15, 100),
        progress(p1, D(2026, 3, 10), 24, 50),
    ]
    p2 = make_project(
        org,
        "P2",
        unit=org.community_b,
        category="construction",
        tags=["relocation"],
        planned_start=D(2026, 1, 1),
        planned_end=D(2027, 1, 1),
        planned_investment=Decimal(730),
    )
    b_report = progress(p2, D(2026, 3, 1), 20)
    p3 = make_project(
        org,
        "P3",
        is_public=True,
        category="livelihood",
        planned_start=D(2026, 2, 1),
        planned_end=D(2026, 4, 30),
    )
    milestone(p3, "中期", D(2026, 3, 31), percent=50)
    p4 = make_project(org, "P4", planned_start=D(2025, 6, 1), planned_end=D(2026, 2, 28))
    progress(p4, D(2026, 2, 20), 100)
    make_project(org, "P5", planned_start=D(2026, 4, 1), planned_end=D(2026, 9, 30))
    return {"p1": p1, "p2": p2, "p3": p3, "reports": reports, "b_report": b_report}


def test_investment_completion_is_year_to_date_done_over_year_to_date_plan(
    org, investment_and_progress, march
):
    data = investment_and_progress
    values = compute("investment_completion", march, org)
    a = values[org.community_a.pk]
    # Planned: 1000 × (30 % − 10 %) = 200; done in 2026: 100 + 50 (the 30 of 2025 do not count).
    assert (a.numerator, a.denominator, a.value) == (Decimal(150), Decimal(200), Decimal("0.75"))
    jan, mar = data["reports"][1], data["reports"][2]
    assert a.evidence == (
        f"projects.progressreport:{jan.pk}",
        f"projects.progressreport:{mar.pk}",
        f"projects.project:{data['p1'].pk}",
    )
    b = values[org.community_b.pk]
    # 730 × 24.4 % (89 of 365 days by 31 March, to 0.1) = 178.12, nothing done.
    assert (b.numerator, b.denominator, b.value) == (Decimal(0), Decimal("178.12"), Decimal(0))
    assert set(compute("investment_completion", march, org, category="construction")) == {
        org.community_b.pk
    }


def test_project_progress_is_reported_over_planned_at_the_period_end(
    org, investment_and_progress, march
):
    data = investment_and_progress
    values = compute("project_progress", march, org)
    a = values[org.community_a.pk]
    # P1: 24 of 30; P3: 0 of 50; P4 finished before March; P5 not started by plan.
    assert (a.numerator, a.denominator, a.value) == (Decimal(24), Decimal(80), Decimal("0.3"))
    assert a.evidence == (
        f"projects.progressreport:{data['reports'][2].pk}",
        f"projects.project:{data['p3'].pk}",
    )
    b = values[org.community_b.pk]
    assert (b.numerator, b.denominator) == (Decimal(20), Decimal("24.4"))
    assert b.evidence == (f"projects.progressreport:{data['b_report'].pk}",)

    assert set(compute("project_progress", march, org, tags=["relocation"])) == {org.community_b.pk}
    public = compute("project_progress", march, org, public_only=True)
    assert (public[org.community_a.pk].numerator, public[org.community_a.pk].denominator) == (0, 50)
    assert set(public) == {org.community_a.pk}


def test_special_action_completion_is_tasks_done_by_period_end_over_tasks_due_in_it(
    org, today, march
):
    action = make_action(org)
    other = make_action(org, code="work-style-six", name="六大作风建设专项行动")

    def task(act, unit, name, deadline, done=None):
        return services.action_task_create(
            actor=TEST_ACTOR, action=act, name=name, unit=unit, deadline=deadline, done_on=done
        )

    t1 = task(action, org.community_a, "消防", D(2026, 3, 5), D(2026, 3, 4))
    t2 = task(action, org.community_a, "燃气", D(2026, 3, 10), D(2026, 3, 15))
    t3 = task(action, org.community_a, "交通", D(2026, 3, 31))
    task(action, org.community_a, "二月", D(2026, 2, 20))
    t5 = task(action, org.community_b, "治安", D(2026, 3, 12))
    task(other, org.community_b, "别的行动", D(2026, 3, 12), D(2026, 3, 12))

    values = compute("special_action_completion", march, org, action="safe-asian-games")
    a = values[org.community_a.pk]
    assert (a.numerator, a.denominator) == (2, 3)
    assert a.evidence == tuple(f"projects.actiontask:{t.pk}" for t in (t1, t2, t3))
    b = values[org.community_b.pk]
    assert (b.numerator, b.denominator, b.value) == (0, 1, 0)
    assert b.evidence == (f"projects.actiontask:{t5.pk}",)
    assert compute("special_action_completion", march, org, action="no-such-action") == {}


def test_each_source_runs_a_constant_number_of_queries(
    org, investment_and_progress, march, django_assert_max_num_queries
):
    unit_ids = [org.community_a.pk, org.community_b.pk, org.office.pk]
    for name, params, most in [
        ("milestones_on_time", {"tags": ["relocation"], "category": "construction"}, 1),
        ("investment_completion", {"tags": ["relocation"]}, 3),
        ("project_progress", {"public_only": True}, 3),
        ("special_action_completion", {"action": "safe-asian-games"}, 1),
    ]:
        with django_assert_max_num_queries(most):
            registry.get(name).compute(period=march, unit_ids=unit_ids, params=params)


def test_sources_are_registered_with_the_parameters_docs_scoring_md_documents():
    contract = {source.name: source for source in BUILT_IN_SOURCES}
    for name in OURS:
        ours = registry.get(name)
        assert ours.kind == contract[name].kind
        assert dict(ours.params).keys() == dict(contract[name].params).keys()
        for key, spec in ours.params.items():
            expected = contract[name].params[key]
            assert (spec.type, spec.required, spec.choices) == (
                expected.type,
                expected.required,
                expected.choices,
            )


def test_the_shipped_preset_validates_against_these_sources():
    sources = SourceRegistry()
    for stand_in in BUILT_IN_SOURCES:
        sources.register(registry.get(stand_in.name) if stand_in.name in OURS else stand_in)
    spec = load_campaign_file(read_preset("chengxiang-2023"), sources=sources)
    used = set()

    def walk(nodes):
        for node in nodes:
            if getattr(node, "children", None):
                walk(node.children)
            elif getattr(node, "source", None) in OURS:
                used.add(node.source)

    walk(spec.indicators)
    assert used == set(OURS)


def test_evidence_describers_link_to_scope_checked_pages(org, today, march):
    project = make_project(org, "E1")
    m = milestone(project, "节点", D(2026, 3, 5), D(2026, 3, 5))
    r = progress(project, D(2026, 3, 10), 30, 12)
    action = make_action(org)
    t = services.action_task_create(
        actor=TEST_ACTOR, action=action, name="消防", unit=org.community_a, deadline=D(2026, 3, 5)
    )
    items = describe_evidence(
        [
            f"projects.milestone:{m.pk}",
            f"projects.progressreport:{r.pk}",
            f"projects.actiontask:{t.pk}",
            f"projects.project:{project.pk}",
        ]
    )
    assert [item.url for item in items] == [
        f"/projects/{project.pk}/#milestone-{m.pk}",
        f"/projects/{project.pk}/#report-{r.pk}",
        f"/projects/actions/{action.pk}/#task-{t.pk}",
        f"/projects/{project.pk}/",
    ]
    assert items[0].title == "项目E1 · 节点" and items[2].day == D(2026, 3, 5)
