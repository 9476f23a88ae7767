"""Who hears of a matter's steps, under which kind and group: the handlers of the unit it
waits at, the assigner of its acceptance, and its reporter of every step; and the daily
due-soon and overdue reminders."""

from __future__ import annotations

import datetime as dt

import pytest

from zhengxian.core.models import Notification
from zhengxian.core.notification_kinds import Kind, Priority
from zhengxian.core.reminders import send_reminders
from zhengxian.matters.workflow import Action

from .conftest import TODAY, on
from .factories import act, file_matter

pytestmark = pytest.mark.django_db


def kinds_of(org, key: str) -> list[str]:
    rows = Notification.objects.filter(recipient=org.user(key)).order_by("id")
    return [row.kind for row in rows]


def test_the_reporter_hears_of_every_step_grouped_under_the_matter(
    org, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        matter = file_matter(org)  # cadre_a reports at 湘湖社区
        act(org, matter, Action.ASSIGN, "office")
        act(org, matter, Action.ACCEPT, "leader_a")
        act(org, matter, Action.RESOLVE, "leader_a")
    assert kinds_of(org, "cadre_a") == [Kind.MATTER_STEP, Kind.MATTER_STEP, Kind.MATTER_RESOLVED]
    rows = Notification.objects.filter(recipient=org.user("cadre_a"))
    assert {row.group for row in rows} == {f"matter:{matter.pk}"}
    assert {row.group_label for row in rows} == {matter.title}
    assert all(matter.title in row.text for row in rows)


def test_the_unit_hears_of_new_and_assigned_matters_and_the_assigner_of_the_acceptance(
    org, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        matter = file_matter(org)
        act(org, matter, Action.ASSIGN, "office")
        act(org, matter, Action.ACCEPT, "leader_a")
    leader = Notification.objects.filter(recipient=org.user("leader_a")).order_by("id")
    assert [(row.kind, row.group) for row in leader] == [
        (Kind.MATTER_NEW, f"unit:{org.community_a.pk}"),
        (Kind.MATTER_ASSIGNED, f"unit:{org.community_a.pk}"),
    ]
    assert {row.priority for row in leader} == {Priority.HIGH}
    assert kinds_of(org, "office") == [Kind.MATTER_ACCEPTED]


def test_the_one_who_acts_is_not_told_of_their_own_step(org, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        matter = file_matter(org, by="leader_a")
        act(org, matter, Action.ASSIGN, "leader_a")
        act(org, matter, Action.ACCEPT, "leader_a")
    assert kinds_of(org, "leader_a") == []


def test_due_soon_and_overdue_matters_remind_their_units_handlers_once_a_day(org):
    soon = act(org, file_matter(org), Action.ASSIGN, "leader_a", deadline=TODAY + dt.timedelta(2))
    late = act(org, file_matter(org, title="井盖缺失"), Action.ASSIGN, "leader_a", deadline=TODAY)
    act(
        org,
        file_matter(org, title="远期"),
        Action.ASSIGN,
        "leader_a",
        deadline=TODAY + dt.timedelta(30),
    )
    Notification.objects.all().delete()
    with on(TODAY + dt.timedelta(days=1)):
        assert send_reminders(days=3) == 2
        assert send_reminders(days=3) == 0
    rows = Notification.objects.filter(recipient=org.user("leader_a"))
    by_kind = {row.kind: row for row in rows}
    assert set(by_kind) == {Kind.OVERDUE, Kind.DUE_SOON}
    assert late.title in by_kind[Kind.OVERDUE].text
    assert by_kind[Kind.OVERDUE].priority == Priority.URGENT
    assert soon.title in by_kind[Kind.DUE_SOON].text
    assert {row.group for row in rows} == {f"unit:{org.community_a.pk}"}
    with on(TODAY + dt.timedelta(days=2)):
        assert send_reminders(days=3) == 2  # a new day, a new reminder
    act(org, soon, Action.ACCEPT, "leader_a")
    act(org, soon, Action.RESOLVE, "leader_a")
    with on(TODAY + dt.timedelta(days=3)):
        assert send_reminders(days=3) == 1  # resolved: no longer reminded
