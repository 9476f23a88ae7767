"""Logging visits: who, when, whom; refusals leave nothing written."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from zhengxian.core.errors import NotAllowed
from zhengxian.matters import services
from zhengxian.matters.models import Enterprise, Matter, Visit
from zhengxian.matters.services import ProblemInput, VisitTarget

from .conftest import TODAY


def log(org, by="cadre_a", unit=None, day=TODAY, target=None, visitors=None, problems=()):
    return services.visit_create(
        actor=org.user(by),
        unit=unit or org.community_a,
        visited_on=day,
        target=target or VisitTarget(kind="community", unit=org.community_a),
        summary="走访了解情况",
        visitors=visitors if visitors is not None else [org.people[by]],
        problems=problems,
    )


def test_a_visit_by_several_people_with_a_problem(org):
    result = log(
        org,
        visitors=[org.people["cadre_a"], org.people["leader_a"]],
        target=VisitTarget(kind="household", unit=org.community_a, household="湘湖家园3幢"),
        problems=[
            ProblemInput(text="楼道声控灯坏了，晚上看不见，老人上下楼不安全", category="facilities")
        ],
    )
    assert result.visit.month == 202603
    assert {p.person.name for p in result.visit.participants.all()} == {"湘湖干部", "湘湖书记"}
    [matter] = result.matters
    assert matter.title == "楼道声控灯坏了，晚上看不见，老人上下楼不安全"
    assert (matter.origin, matter.reporting_unit, matter.place) == (
        "visit",
        org.community_a,
        "湘湖家园3幢",
    )


def test_a_long_problem_gets_a_short_title_and_keeps_its_text(org):
    text = (
        "小区东门外的人行道上长期有人摆摊卖菜，早晚高峰时段行人只能走机动车道，"
        "非常危险，希望城管和社区联合整治"
    )
    [matter] = log(org, problems=[ProblemInput(text=text)]).matters
    assert len(matter.title) == 40 and matter.title.endswith("…")
    assert matter.description == text


@pytest.mark.parametrize(
    "change",
    [
        {"day": TODAY + dt.timedelta(days=1)},
        {"day": TODAY - dt.timedelta(days=400)},
        {"visitors": []},
        {"target": VisitTarget(kind="household", unit=None, household="3幢")},
        {"target": VisitTarget(kind="enterprise")},
    ],
)
def test_bad_visits_are_refused_and_nothing_is_written(org, change):
    with pytest.raises(ValidationError):
        log(org, problems=[ProblemInput(text="路灯坏了")], **change)
    assert (
        not Visit.objects.exists()
        and not Matter.objects.exists()
        and not Enterprise.objects.exists()
    )


def test_a_cadre_logs_only_for_units_in_scope(org):
    with pytest.raises(NotAllowed):
        log(org, by="cadre_a", unit=org.community_b)
    with pytest.raises(NotAllowed):
        log(org, by="viewer_b", unit=org.community_b)
    assert not Visit.objects.exists()
    own = VisitTarget(kind="community", unit=org.community_b)  # 湖头陈's cadre logs it
    assert log(org, by="cadre_b", unit=org.community_b, target=own).visit.unit == org.community_b


def test_an_enterprise_typed_twice_is_one_register_entry(org):
    for name in (
        "杭州湘湖精密机械有限公司",
        " 杭州湘湖精密机械有限公司 ",
        "杭州湘湖精密机械有限公司",
    ):
        log(org, target=VisitTarget(kind="enterprise", unit=org.community_a, enterprise_name=name))
    assert Enterprise.objects.count() == 1
    assert Visit.objects.filter(enterprise__isnull=False).count() == 3
