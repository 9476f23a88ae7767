"""Milestone reminders (hook ``reminders``): due within N days or overdue and not done, to the
project's lead leader and the unit's project managers, once a day."""

from __future__ import annotations

import pytest

from zhengxian.core.models import Notification
from zhengxian.core.notification_kinds import Kind, Priority
from zhengxian.core.reminders import send_reminders

from .conftest import TODAY
from .factories import add_milestone, day, make_project

pytestmark = pytest.mark.django_db


def test_open_milestones_due_soon_or_overdue_remind_the_lead_and_the_unit_once_a_day(org):
    project = make_project(org, lead=org.people["project_lead"])
    add_milestone(project, "立项", -5)  # overdue
    add_milestone(project, "开工", 2)  # due within 3 days
    add_milestone(project, "土方", -10, done=-12)  # done: never reminded
    add_milestone(project, "封顶", 30)  # far off
    Notification.objects.all().delete()
    assert send_reminders(today=TODAY, days=3) == 4  # 2 milestones × (lead, leader_a)
    assert send_reminders(today=TODAY, days=3) == 0
    for key in ("project_lead", "leader_a"):
        rows = Notification.objects.filter(recipient=org.user(key))
        assert sorted(row.kind for row in rows) == [Kind.DUE_SOON, Kind.OVERDUE]
        assert {row.group for row in rows} == {f"project:{project.pk}"}
    overdue = Notification.objects.filter(kind=Kind.OVERDUE).first()
    assert overdue is not None and "立项" in overdue.text and overdue.priority == Priority.URGENT
    assert day(-5).isoformat() in overdue.text
    assert not Notification.objects.filter(recipient=org.user("cadre_a")).exists()
