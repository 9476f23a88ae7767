"""The notifications page as a user sees it: grouped by kind and object with counts, unread
and urgent groups first, the bell counting groups rather than rows."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from zhengxian.core.models import Notification
from zhengxian.core.notification_kinds import Kind, Priority
from zhengxian.core.notifications import notify, unread_group_count

pytestmark = pytest.mark.django_db


def page(client) -> str:
    return client.get(reverse("core:notifications")).content.decode()


def bell(client) -> str:
    home = client.get(reverse("home:home")).content.decode()
    found = re.search(r'data-testid="unread-count">(\d+|99\+)<', home)
    return found.group(1) if found else ""


def new_matters(org, count: int, unit) -> None:
    for n in range(count):
        notify(
            recipients=[org.user("office")],
            text=f"New matter to assign: 第{n + 1}件",
            url=f"/matters/{n + 1}/",
            kind=Kind.MATTER_NEW,
            group=f"unit:{unit.pk}",
            group_label=unit.name,
        )


def test_five_new_matters_of_one_unit_read_as_one_group_with_its_count(org, as_user):
    new_matters(org, 5, org.community_a)
    new_matters(org, 2, org.community_b)
    client = as_user("office")
    html = page(client)
    assert "5 × New matter to assign · 湘湖社区" in html
    assert "2 × New matter to assign · 湖头陈社区" in html
    assert html.count('data-testid="notification-group"') == 2
    assert 'href="/matters/5/"' in html  # the newest of the group, under "show the latest"
    assert bell(client) == "2"  # groups, not the 7 rows
    assert unread_group_count(org.user("office")) == 2


def test_urgent_groups_come_first_then_important_then_the_rest(org, as_user):
    notify(recipients=[org.user("office")], text="一月公示开始", kind=Kind.GENERAL)
    new_matters(org, 3, org.community_a)
    notify(
        recipients=[org.user("office")],
        text="Overdue since 2026-03-01: 路灯",
        kind=Kind.OVERDUE,
        group=f"unit:{org.community_b.pk}",
        group_label=org.community_b.name,
    )
    html = page(as_user("office"))
    kinds = re.findall(r'data-testid="notification-group" data-kind="(\w+)"', html)
    assert kinds == [Kind.OVERDUE, Kind.MATTER_NEW, Kind.GENERAL]
    assert html.index('data-testid="urgent"') < html.index("3 × New matter to assign")


def test_read_groups_sink_below_unread_ones_whatever_their_priority(org, as_user):
    notify(recipients=[org.user("office")], text="逾期", kind=Kind.OVERDUE, group="unit:1")
    Notification.objects.update(read_at="2026-03-01T00:00:00Z")
    notify(recipients=[org.user("office")], text="公告", kind=Kind.GENERAL, priority=Priority.LOW)
    html = page(as_user("office"))
    kinds = re.findall(r'data-testid="notification-group" data-kind="(\w+)"', html)
    assert kinds == [Kind.GENERAL, Kind.OVERDUE]
    assert 'data-testid="urgent"' not in html  # urgency shows only while unread


def test_marking_one_group_read_leaves_the_others_and_lowers_the_bell(org, as_user):
    new_matters(org, 4, org.community_a)
    new_matters(org, 1, org.community_b)
    client = as_user("office")
    assert bell(client) == "2"
    response = client.post(
        reverse("core:notifications"),
        {"kind": Kind.MATTER_NEW, "group": f"unit:{org.community_a.pk}"},
    )
    assert response.status_code == 302
    assert bell(client) == "1"
    unread = Notification.objects.filter(recipient=org.user("office"), read_at__isnull=True)
    assert list(unread.values_list("group", flat=True)) == [f"unit:{org.community_b.pk}"]


def test_a_single_ungrouped_notification_is_marked_read_by_its_own_id(org, as_user):
    notify(recipients=[org.user("office")], text="甲", kind=Kind.GENERAL)
    notify(recipients=[org.user("office")], text="乙", kind=Kind.GENERAL)
    first = Notification.objects.get(text="甲")
    client = as_user("office")
    client.post(reverse("core:notifications"), {"kind": Kind.GENERAL, "group": "", "pk": first.pk})
    assert list(
        Notification.objects.filter(read_at__isnull=True).values_list("text", flat=True)
    ) == ["乙"]


def test_a_user_cannot_mark_another_users_group_read(org, as_user):
    new_matters(org, 2, org.community_a)
    as_user("cadre_a").post(
        reverse("core:notifications"),
        {"kind": Kind.MATTER_NEW, "group": f"unit:{org.community_a.pk}"},
    )
    assert Notification.objects.filter(read_at__isnull=True).count() == 2


def test_a_hundred_new_matters_in_five_units_make_five_groups_not_99_plus(org, as_user):
    units = [org.community_a, org.community_b, org.grid_a, org.grid_b, org.office]
    for unit in units:
        new_matters(org, 20, unit)
    client = as_user("office")
    assert bell(client) == "5"
    assert page(client).count('data-testid="notification-group"') == 5
