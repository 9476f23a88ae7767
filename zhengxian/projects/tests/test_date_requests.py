"""A unit cannot move the planned date of its own overdue milestone by itself: the change
waits for the project's lead leader, who approves (the date moves) or rejects (it stays).
The office and the lead leader change dates directly."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from zhengxian.core.models import Notification
from zhengxian.projects import services
from zhengxian.projects.importing import project_import
from zhengxian.projects.models import Milestone, MilestoneDateRequest, RequestState

from .factories import add_milestone, day, make_project
from .xlsx import milestone_row, upload, xlsx


@pytest.fixture
def overdue(org, today) -> Milestone:
    """湘湖社区's project XM-1 (lead: 包联领导老陈), its milestone 主体结顶 due five days ago."""
    project = make_project(org, "XM-1", lead=org.people["project_lead"])
    return add_milestone(project, "主体结顶", -5)


def move(org, milestone, who, offset, **extra):
    return services.milestone_update(
        actor=org.user(who), milestone=milestone, planned_date=day(offset), **extra
    )


def test_the_unit_alone_cannot_move_its_overdue_milestone(org, overdue):
    with pytest.raises(ValidationError, match="reason"):
        move(org, overdue, "leader_a", 20)
    move(org, overdue, "leader_a", 20, reason="设计变更")
    overdue.refresh_from_db()
    assert overdue.planned_date == day(-5)
    pending = MilestoneDateRequest.objects.get()
    assert (pending.state, pending.old_planned_date, pending.new_planned_date) == (
        RequestState.PENDING,
        day(-5),
        day(20),
    )
    assert pending.requested_by == org.user("leader_a") and pending.reason == "设计变更"


def test_the_lead_leader_is_told_and_approval_moves_the_date(
    org, overdue, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        move(org, overdue, "leader_a", 20, reason="设计变更")
    told = Notification.objects.filter(
        recipient=org.user("project_lead"), text__contains="主体结顶"
    )
    assert told.filter(text__contains=day(20).isoformat()).count() == 1
    pending = MilestoneDateRequest.objects.get()
    services.date_request_decide(actor=org.user("project_lead"), request=pending, approve=True)
    overdue.refresh_from_db()
    assert overdue.planned_date == day(20)
    assert MilestoneDateRequest.objects.get().state == RequestState.APPROVED


def test_rejection_leaves_the_date(org, overdue):
    move(org, overdue, "leader_a", 20, reason="设计变更")
    pending = MilestoneDateRequest.objects.get()
    services.date_request_decide(
        actor=org.user("project_lead"), request=pending, approve=False, note="不同意"
    )
    overdue.refresh_from_db()
    assert overdue.planned_date == day(-5)
    assert MilestoneDateRequest.objects.get().state == RequestState.REJECTED


def test_nobody_but_the_lead_leader_decides(org, overdue):
    move(org, overdue, "leader_a", 20, reason="设计变更")
    pending = MilestoneDateRequest.objects.get()
    for who in ("leader_a", "cadre_a", "office"):
        with pytest.raises(PermissionDenied):
            services.date_request_decide(actor=org.user(who), request=pending, approve=True)
    overdue.refresh_from_db()
    assert overdue.planned_date == day(-5)
    services.date_request_decide(actor=org.user("project_lead"), request=pending, approve=True)
    overdue.refresh_from_db()
    assert overdue.planned_date == day(20)  # the lead leader's decision moves it


def test_the_office_and_the_lead_leader_move_dates_directly(org, overdue):
    move(org, overdue, "office", 10)
    overdue.refresh_from_db()
    assert overdue.planned_date == day(10)
    other = add_milestone(overdue.project, "竣工", -2)
    move(org, other, "project_lead", 30)
    other.refresh_from_db()
    assert other.planned_date == day(30)
    assert not MilestoneDateRequest.objects.exists()


def test_a_milestone_not_yet_overdue_is_moved_by_its_unit(org, overdue):
    coming = add_milestone(overdue.project, "竣工", 10)
    move(org, coming, "leader_a", 40)
    coming.refresh_from_db()
    assert coming.planned_date == day(40)


def test_the_unit_cannot_delete_its_overdue_milestone_either(org, overdue):
    with pytest.raises(PermissionDenied):
        services.milestone_delete(actor=org.user("leader_a"), milestone=overdue)
    assert Milestone.objects.filter(pk=overdue.pk).exists()
    services.milestone_delete(actor=org.user("office"), milestone=overdue)
    assert not Milestone.objects.filter(pk=overdue.pk).exists()  # the office may


def test_the_import_cannot_move_an_overdue_milestone_of_the_importers_unit(org, overdue):
    data = xlsx(milestones=[milestone_row("XM-1", "主体结顶", day(30).isoformat())])
    outcome = project_import(upload=upload(data), user=org.user("leader_a"))
    assert not outcome.imported and outcome.problems
    overdue.refresh_from_db()
    assert overdue.planned_date == day(-5)


def test_on_the_pages_the_unit_asks_and_the_lead_leader_approves(org, overdue, login):
    edit = reverse("projects:milestone_edit", args=[overdue.pk])
    form = {"name": "主体结顶", "planned_date": day(20).isoformat()}
    response = login("leader_a").post(edit, form)
    assert response.status_code == 200 and "reason" in response.content.decode().lower()
    assert not MilestoneDateRequest.objects.exists()
    response = login("leader_a").post(edit, {**form, "reason": "设计变更"}, follow=True)
    assert "新的计划日期正等待包联领导审批" in response.content.decode()
    overdue.refresh_from_db()
    assert overdue.planned_date == day(-5)
    pending = MilestoneDateRequest.objects.get()
    detail = reverse("projects:project_detail", args=[overdue.project_id])
    asker = login("leader_a").get(detail)  # sees the pending request, not the approve button
    assert asker.status_code == 200 and "主体结顶" in asker.content.decode()
    assert 'data-testid="approve"' not in asker.content.decode()
    assert 'data-testid="approve"' in login("project_lead").get(detail).content.decode()
    decide = reverse("projects:date_request_decide", args=[pending.pk])
    assert login("leader_a").post(decide, {"decision": "approve"}).status_code == 403
    login("project_lead").post(decide, {"decision": "approve"})
    overdue.refresh_from_db()
    assert overdue.planned_date == day(20)
