"""Reminders: the finders the apps register under the hook ``reminders``, sent once a day."""

from __future__ import annotations

import datetime as dt

import pytest

from zhengxian.core import hooks
from zhengxian.core.models import Notification
from zhengxian.core.notification_kinds import Kind, Priority
from zhengxian.core.reminders import Reminder, send_reminders

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 3, 10)


def test_a_reminder_is_sent_once_a_day_however_often_the_run_is_repeated(org):
    seen: list[tuple[dt.date, int]] = []

    def finder(*, today: dt.date, days: int) -> list[Reminder]:
        seen.append((today, days))
        return [
            Reminder(
                recipients=(org.user("leader_a"), org.user("leader_a"), None),
                text="Overdue since 2026-03-01: 路灯",
                url="/matters/1/",
                overdue=True,
                key="matter:1",
                group=f"unit:{org.community_a.pk}",
                group_label="湘湖社区",
            ),
            Reminder(
                recipients=(org.user("leader_a"),),
                text="Due on 2026-03-12: 井盖",
                url="/matters/2/",
                overdue=False,
                key="matter:2",
            ),
        ]

    with hooks.register_temporarily("reminders", finder):
        assert send_reminders(today=DAY, days=3) == 2
        assert send_reminders(today=DAY, days=3) == 0
        assert send_reminders(today=DAY + dt.timedelta(days=1), days=3) == 2
    assert seen[0] == (DAY, 3)
    rows = Notification.objects.filter(recipient=org.user("leader_a"))
    assert rows.count() == 4
    overdue = rows.filter(kind=Kind.OVERDUE)
    assert overdue.count() == 2 and {r.priority for r in overdue} == {Priority.URGENT}
    assert rows.filter(kind=Kind.DUE_SOON).count() == 2


def test_matters_and_projects_register_their_finders():
    names = {finder.__module__ for finder in hooks.get_hooks("reminders")}
    assert {"zhengxian.matters.hooks", "zhengxian.projects.hooks"} <= names
