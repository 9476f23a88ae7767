"""Stored colours follow every save, the daily command catches what time alone changes, and
the StatusChange rows feed this week's warnings and the escalation ladder."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from zoneinfo import ZoneInfo

import time_machine
from django.core.management import call_command
from django.test import override_settings

from zhengxian.core.actors import system_actor
from zhengxian.core.models import Notification
from zhengxian.projects import services
from zhengxian.projects.escalation import rung_for
from zhengxian.projects.models import Project, StatusChange
from zhengxian.projects.selectors.warnings import escalation_for, turned_this_week

from .conftest import TODAY
from .factories import add_milestone, add_task, day, make_action, make_project, report

TEST_ACTOR = system_actor("tests")


def statuses(project: Project) -> list[tuple[str, str]]:
    return list(project.status_changes.order_by("id").values_list("old_status", "new_status"))


def test_a_new_project_records_its_first_colour(org, today):
    project = make_project(org)
    assert project.status == "yellow"  # 100 of 200 days gone, nothing reported: 50 points behind
    assert statuses(project) == [("", "yellow")]


def test_saving_a_milestone_or_a_report_changes_the_colour_and_records_it(org, today):
    project = make_project(org)
    report(project, -1, 50)
    project.refresh_from_db()
    assert project.status == "green"
    milestone = add_milestone(project, "主体结顶", -2)
    project.refresh_from_db()
    assert project.status == "red" and "主体结顶" in project.status_reason()
    services.milestone_complete(actor=TEST_ACTOR, milestone=milestone, actual_date=day(-1))
    project.refresh_from_db()
    assert project.status == "green"
    assert statuses(project) == [
        ("", "yellow"),
        ("yellow", "green"),
        ("green", "red"),
        ("red", "green"),
    ]
    assert StatusChange.objects.filter(project=project, day=TODAY).count() == 4


def test_a_save_that_keeps_the_colour_records_nothing(org, today):
    project = make_project(org)
    report(project, -1, 50)
    before = StatusChange.objects.count()
    report(project, 0, 51)
    add_milestone(project, "竣工", 60)
    assert StatusChange.objects.count() == before


def test_the_daily_command_turns_a_project_red_when_its_milestone_passes(org, today):
    project = make_project(org, lead=org.people["project_lead"])
    report(project, 0, 50)
    add_milestone(project, "主体结顶", 2)
    project.refresh_from_db()
    assert project.status == "yellow"
    later = dt.datetime.combine(day(3), dt.time(0, 5), tzinfo=ZoneInfo("Asia/Shanghai"))
    with time_machine.travel(later, tick=False):
        out = StringIO()
        call_command("refresh_project_status", stdout=out)
        assert "1 status changes" in out.getvalue()
        call_command("refresh_project_status", stdout=StringIO())  # a second run changes nothing
    project.refresh_from_db()
    assert project.status == "red" and project.status_since == day(3)
    change = project.status_changes.latest("id")
    assert (change.old_status, change.new_status, change.day, change.month) == (
        "yellow",
        "red",
        day(3),
        202603,
    )
    assert Notification.objects.filter(
        recipient=org.user("project_lead"), url__contains=str(project.pk)
    ).exists()
    assert StatusChange.objects.filter(project=project, new_status="red").count() == 1


@override_settings(ZHENGXIAN_WARN_DAYS=3)
def test_warn_days_come_from_the_project_or_the_settings(org, today):
    project = make_project(org, code="P1")
    report(project, 0, 50)
    add_milestone(project, "A", 5)
    project.refresh_from_db()
    assert project.status == "green"  # due in 5 days, warned 3 days ahead
    services.project_update(actor=TEST_ACTOR, project=project, warn_days=5)
    project.refresh_from_db()
    assert project.status == "yellow"


def test_tasks_record_their_colours_too(org, today):
    action = make_action(org)
    task = add_task(action, org.community_a, "消防安全隐患整治", 5)
    assert task.status == "yellow"
    services.action_task_complete(actor=TEST_ACTOR, task=task, done_on=TODAY)
    task.refresh_from_db()
    assert task.status == "green"
    assert list(task.status_changes.order_by("id").values_list("new_status", flat=True)) == [
        "yellow",
        "green",
    ]


def test_this_weeks_list_shows_what_turned_yellow_or_red_since_monday(org, today, login):
    old = make_project(org, code="OLD")
    report(old, 0, 50)
    red = make_project(org, code="RED")
    report(red, 0, 50)
    add_milestone(red, "逾期节点", -1)
    StatusChange.objects.filter(project=old).update(day=day(-3), month=202603)  # last Sunday
    rows = turned_this_week(org.user("leadership"), today=TODAY)
    assert [(c.project.code, c.new_status) for c in rows] == [
        ("RED", "red")
    ]  # each item once, latest
    assert all(c.day >= dt.date(2026, 3, 16) for c in rows)
    assert turned_this_week(org.user("viewer_b"), today=TODAY) == []  # no cockpit permission

    response = login("leadership").get("/projects/warnings/")
    assert response.status_code == 200
    assert "逾期节点" in response.text


def test_three_reds_in_a_month_reach_the_supervision_talk(org, today):
    project = make_project(org, code="A1")
    report(project, 0, 50)
    for index in range(3):
        milestone = add_milestone(project, f"节点{index}", -1)
        services.milestone_complete(actor=TEST_ACTOR, milestone=milestone, actual_date=TODAY)
    other = make_project(org, code="B1", unit=org.community_b)
    report(other, 0, 50)
    add_milestone(other, "节点", -1)
    climbs = escalation_for(org.user("leadership"), month=202603)
    assert [(c.unit.code, c.reds, c.rung.code) for c in climbs] == [
        ("CX-XH", 3, "talk"),
        ("CX-HT", 1, "reminder"),
    ]
    assert escalation_for(org.user("leadership"), month=202602) == []
    assert rung_for(0) is None and rung_for(2).code == "notice" and rung_for(9).code == "talk"


@override_settings(ZHENGXIAN_ESCALATION_REDS={"notice": 1, "talk": 5})
def test_the_ladder_thresholds_can_be_set_in_settings():
    assert rung_for(4).code == "notice"
    assert rung_for(5).code == "talk"
