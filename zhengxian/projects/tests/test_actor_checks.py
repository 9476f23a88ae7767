"""Every write service of projects checks its actor itself (the views, the import, the demo
and the coming API all go through it): outside the project's unit it refuses and writes
nothing."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from zhengxian.projects import services
from zhengxian.projects.models import ActionTask, Milestone, ProgressReport, Project, Quantity

from .factories import add_milestone, add_task, day, make_action, make_project


def test_a_unit_leader_cannot_create_a_project_for_another_community(org, today):
    with pytest.raises(PermissionDenied):
        services.project_create(
            actor=org.user("leader_a"),
            code="X1",
            name="别人的项目",
            category="economy",
            unit=org.community_b,
            planned_start=day(-10),
            planned_end=day(10),
        )
    assert not Project.objects.exists()
    services.project_create(  # the office, whose scope holds 湖头陈, creates the same project
        actor=org.user("office"),
        code="X1",
        name="别人的项目",
        category="economy",
        unit=org.community_b,
        planned_start=day(-10),
        planned_end=day(10),
    )
    assert Project.objects.get().unit == org.community_b


def test_a_cadre_cannot_change_a_project_but_may_report_progress(org, today):
    project = make_project(org)
    cadre = org.user("cadre_a")
    with pytest.raises(PermissionDenied):
        services.project_update(actor=cadre, project=project, name="改名")
    with pytest.raises(PermissionDenied):
        services.milestone_create(actor=cadre, project=project, name="m", planned_date=day(5))
    with pytest.raises(PermissionDenied):
        services.quantity_set(actor=cadre, project=project, name="q", measure="户", planned=1)
    project.refresh_from_db()
    assert project.name == "项目P1"
    assert not Milestone.objects.exists() and not Quantity.objects.exists()
    report = services.progress_report_create(
        actor=cadre, project=project, reported_on=day(0), percent=10, text="开工"
    )
    assert report.author.user == cadre
    services.project_update(actor=org.user("leader_a"), project=project, name="改名")
    project.refresh_from_db()
    assert project.name == "改名"  # the unit's leader changes the same project


def test_another_community_can_neither_report_nor_mark_done(org, today):
    project = make_project(org)
    milestone = add_milestone(project, "开工", 5)
    outsider = org.user("cadre_b")
    with pytest.raises(PermissionDenied):
        services.progress_report_create(
            actor=outsider, project=project, reported_on=day(0), percent=10, text="x"
        )
    with pytest.raises(PermissionDenied):
        services.milestone_complete(actor=outsider, milestone=milestone, actual_date=day(0))
    milestone.refresh_from_db()
    assert milestone.actual_date is None and not ProgressReport.objects.exists()
    insider = org.user("cadre_a")  # the project's own community does both
    services.progress_report_create(
        actor=insider, project=project, reported_on=day(0), percent=10, text="x"
    )
    services.milestone_complete(actor=insider, milestone=milestone, actual_date=day(0))
    milestone.refresh_from_db()
    assert milestone.actual_date == day(0) and ProgressReport.objects.count() == 1


def test_a_unit_cannot_move_its_project_to_a_unit_outside_its_scope(org, today):
    project = make_project(org)
    with pytest.raises(PermissionDenied):
        services.project_update(actor=org.user("leader_a"), project=project, unit=org.community_b)
    project.refresh_from_db()
    assert project.unit == org.community_a
    services.project_update(actor=org.user("office"), project=project, unit=org.community_b)
    project.refresh_from_db()
    assert project.unit == org.community_b  # the office's scope holds both communities


def test_special_actions_and_tasks_check_the_actor(org, today):
    with pytest.raises(PermissionDenied):
        services.special_action_create(
            actor=org.user("leader_a"), code="x", name="x", unit=org.subdistrict
        )
    action = make_action(org)
    with pytest.raises(PermissionDenied):
        services.action_task_create(
            actor=org.user("leader_a"), action=action, name="t", unit=org.grid_a, deadline=day(9)
        )
    task = add_task(action, org.community_a, "排查", 5)
    with pytest.raises(PermissionDenied):
        services.action_task_update(actor=org.user("leader_a"), task=task, name="改")
    with pytest.raises(PermissionDenied):
        services.action_task_complete(actor=org.user("cadre_b"), task=task, done_on=day(0))
    services.action_task_complete(actor=org.user("cadre_a"), task=task, done_on=day(0))
    assert ActionTask.objects.get().done_on == day(0)
    # The office organises actions over the sub-district: the same calls go through.
    office = org.user("office")
    services.special_action_create(actor=office, code="x", name="x", unit=org.subdistrict)
    services.action_task_create(
        actor=office, action=action, name="t", unit=org.grid_a, deadline=day(9)
    )
    services.action_task_update(actor=office, task=task, name="改")
    task.refresh_from_db()
    assert task.name == "改" and ActionTask.objects.filter(name="t").exists()
