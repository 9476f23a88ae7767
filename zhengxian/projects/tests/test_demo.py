"""The demo's key projects: the seed's names, every colour and milestone state, idempotent."""

from __future__ import annotations

import datetime as dt

import pytest

from zhengxian.audit.models import AuditEntry
from zhengxian.core.demo import ACTOR, load_demo
from zhengxian.projects import status as rules
from zhengxian.projects.models import ActionTask, Project, SpecialAction, StatusChange

DAY = dt.date(2026, 3, 18)
BUILDERS = ["zhengxian.orgs.demo", "zhengxian.projects.demo"]
SEED_NAMES = (
    "紫橙国际",
    "汇智科创园",
    "蓝橙国际科创中心",
    "村级留用地开发",
    "未来汇",
    "西湘里",
    "湘湖创业创新中心",
    "湖头陈工业园区南片征迁",
    "湖头陈三、四期安置房",
    "东湘二、三期安置房",
    "南门区块安置房",
    "通惠路集中安置区",
    "4万平方米老旧小区改造",
    "休博路及失管道路提升改造",
    "打造现代社区示范标杆",
    "老旧小区消防设施和救援力量全覆盖",
    "杜湖内河改造提升项目",
    "育才西苑综合改造工程",
    "高层住宅二次供水设施改造项目",
)


@pytest.fixture
def demo(db, today):
    return load_demo(today=DAY, builders=BUILDERS)


def test_the_demo_is_complete_and_loading_it_again_writes_nothing(demo):
    """One load for every check: building the demo organisation takes seconds."""
    check_projects_in_every_colour()
    check_milestones_in_every_state()
    check_special_actions_and_history()
    check_second_load_writes_nothing()


def check_projects_in_every_colour():
    names = set(Project.objects.values_list("name", flat=True))
    assert set(SEED_NAMES) <= names
    assert any("亚运" in name for name in names)
    assert set(Project.objects.values_list("status", flat=True)) == {"green", "yellow", "red"}
    assert Project.objects.filter(is_public=True, category="livelihood").count() == 5
    assert Project.objects.filter(tags__tag="relocation").exists()
    assert Project.objects.filter(tags__tag="resettlement").count() == 4
    assert not Project.objects.filter(is_demo=False).exists()
    reasons = {r["code"] for p in Project.objects.all() for r in p.status_detail}
    assert {"overdue", "due_soon", "behind", "on_track", "completed"} <= reasons


def check_milestones_in_every_state():
    states = set()
    for project in Project.objects.prefetch_related("milestones"):
        for milestone in project.milestones.all():
            states.add(rules.milestone_state(milestone.fact(), today=DAY, warn_days=7))
    assert states == {rules.DONE, rules.DONE_LATE, rules.OVERDUE, rules.DUE_SOON, rules.PENDING}


def check_special_actions_and_history():
    codes = set(SpecialAction.objects.values_list("code", flat=True))
    assert {
        "work-style-six",
        "safe-asian-games",
        "environment-rectification",
        "five-breaks-five-raises",
    } <= codes
    assert (
        ActionTask.objects.filter(action__code="safe-asian-games").values("name").distinct().count()
        == 12
    )
    assert (
        ActionTask.objects.filter(action__code="work-style-six").values("name").distinct().count()
        == 6
    )
    assert set(ActionTask.objects.values_list("status", flat=True)) == {"green", "yellow", "red"}
    this_week = StatusChange.objects.filter(
        day__gte=dt.date(2026, 3, 16), new_status__in=["yellow", "red"]
    )
    assert this_week.exists()
    assert StatusChange.objects.filter(day__lt=DAY - dt.timedelta(days=30)).exists()


def check_second_load_writes_nothing():
    before = (Project.objects.count(), StatusChange.objects.count(), AuditEntry.objects.count())
    results = load_demo(today=DAY + dt.timedelta(days=9), builders=BUILDERS)
    assert results[1].summary["projects created"] == 0 and results[1].summary["tasks created"] == 0
    assert (
        Project.objects.count(),
        StatusChange.objects.count(),
        AuditEntry.objects.count(),
    ) == before
    assert AuditEntry.objects.exclude(actor_label=ACTOR).count() == 0
