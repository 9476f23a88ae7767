"""'My to-dos': what waits on a unit leader or a cadre, from their own units only."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from zhengxian.activities import services as activity_services
from zhengxian.activities.services import Audience, SessionPlan
from zhengxian.cockpit.todos import matters_waiting_on, shows_todos, todos_for
from zhengxian.matters.models import MatterState
from zhengxian.matters.tests.factories import act, file_matter, matter_in
from zhengxian.projects.tests.factories import add_milestone, make_project
from zhengxian.scoring.tests.views.results_data import build_results

pytestmark = pytest.mark.django_db

TZ = ZoneInfo("Asia/Shanghai")


def now(today: dt.date) -> dt.datetime:
    return dt.datetime.combine(today, dt.time(10, 0), tzinfo=TZ)


def test_a_matter_assigned_to_the_cadres_grid_waits_on_the_grid_cadre(org, today):
    matter = act(org, file_matter(org, title="网格路灯"), "assign", "leader_a", unit="grid_a")
    theirs = file_matter(org, by="cadre_b", unit="community_b", title="湖头陈井盖")
    act(org, theirs, "assign", "office", unit="community_b")
    assert [m.pk for m in matters_waiting_on(org.user("grid_a"))] == [matter.pk]
    # The unit above the grid holds it too; the other community does not.
    assert matter.pk in {m.pk for m in matters_waiting_on(org.user("leader_a"))}
    assert [m.title for m in matters_waiting_on(org.user("cadre_b"))] == ["湖头陈井盖"]


def test_a_matter_reported_by_my_unit_but_held_by_another_does_not_wait_on_me(org, today):
    sent = file_matter(org, title="跨社区问题")
    act(org, sent, "assign", "office", unit="community_b")
    assert list(matters_waiting_on(org.user("cadre_a"))) == []


def test_a_matter_waiting_to_be_assigned_comes_first_then_the_nearest_deadline(org, today):
    def assigned(title: str, days: int):
        deadline = today + dt.timedelta(days=days)
        return act(org, file_matter(org, title=title), "assign", "leader_a", deadline=deadline)

    later, sooner = assigned("晚些到期", 9), assigned("早些到期", 2)
    waiting = file_matter(org, title="等待交办")
    listed = [m.pk for m in todos_for(org.user("leader_a"), now=now(today)).matters]
    assert listed == [waiting.pk, sooner.pk, later.pk]


def test_a_closed_matter_waits_on_no_one(org, today):
    matter_in(org, MatterState.CLOSED)
    assert list(matters_waiting_on(org.user("leader_a"))) == []


def test_milestones_due_within_a_week_or_overdue_of_my_units_projects(org, today):
    project = make_project(org, "P1", today=today)
    add_milestone(project, "开工", -3, today=today)
    add_milestone(project, "结顶", 5, today=today)
    add_milestone(project, "竣工", 60, today=today)
    add_milestone(make_project(org, "P2", unit=org.community_b, today=today), "拆迁", -1)
    names = [m.name for m in todos_for(org.user("leader_a"), now=now(today)).milestones]
    assert names == ["开工", "结顶"]
    assert todos_for(org.user("cadre_b"), now=now(today)).milestones[0].name == "拆迁"


def test_what_is_late_carries_its_days_late_and_what_is_not_carries_none(org, today):
    late = act(org, file_matter(org, title="井盖松动"), "assign", "leader_a")  # due in 7 days
    project = make_project(org, "P1", today=today)
    add_milestone(project, "开工", -3, today=today)
    add_milestone(project, "结顶", 5, today=today)
    ten_days_on = todos_for(org.user("leader_a"), now=now(today + dt.timedelta(days=10)))
    assert [(m.pk, m.days_late) for m in ten_days_on.matters] == [(late.pk, 3)]
    assert [(m.name, m.days_late) for m in ten_days_on.milestones] == [("开工", 13), ("结顶", 5)]
    on_time = todos_for(org.user("leader_a"), now=now(today))
    assert [m.days_late for m in on_time.matters] == [0]
    assert [(m.name, m.days_late) for m in on_time.milestones] == [("开工", 3), ("结顶", 0)]
    resolved = act(org, late, "accept", "leader_a")
    resolved = act(org, resolved, "resolve", "leader_a")
    after = todos_for(org.user("leader_a"), now=now(today + dt.timedelta(days=10)))
    assert [m.days_late for m in after.matters] == [0]  # resolving stopped its clock


def test_a_session_open_for_sign_in_is_listed_until_signed(org, today):
    start = now(today) - dt.timedelta(minutes=20)
    activity = activity_services.activity_create(
        actor=org.user("office"),
        kind="first_topic",
        title="三月学习",
        organiser=org.community_a,
        audience=Audience(units=(org.community_a,)),
        sessions=[SessionPlan(starts_at=start, ends_at=start + dt.timedelta(hours=2), place="室")],
    )
    session = activity.sessions.get()
    assert todos_for(org.user("cadre_a"), now=now(today)).sign_ins == []  # not opened yet
    activity_services.session_open(session=session, actor=org.user("leader_a"))
    listed = todos_for(org.user("cadre_a"), now=now(today)).sign_ins
    assert [s.session.pk for s in listed] == [session.pk]
    assert todos_for(org.user("cadre_b"), now=now(today)).sign_ins == []


def test_unit_leaders_and_cadres_get_to_dos_and_viewers_do_not(org):
    assert shows_todos(org.user("leader_a")) and shows_todos(org.user("grid_a"))
    assert not shows_todos(org.user("viewer_b")) and not shows_todos(org.user("leadership"))


def test_nothing_waiting_is_an_empty_list(org, today):
    assert todos_for(org.user("cadre_b"), now=now(today)).empty


def test_a_unit_leader_may_appeal_the_units_score_in_preview_and_a_cadre_may_not(login, org):
    results = build_results(org)  # March is in preview
    rows = todos_for(org.user("leader_a"), now=now(results.mar.end)).appealable
    assert [(row.unit.name, row.sheet.period_id) for row in rows] == [("湘湖社区", results.mar.pk)]
    assert todos_for(org.user("cadre_a"), now=now(results.mar.end)).appealable == []
    page = login("leader_a").get("/").content.decode()
    assert f"/periods/{results.mar.pk}/units/{org.community_a.pk}/appeal/" in page
