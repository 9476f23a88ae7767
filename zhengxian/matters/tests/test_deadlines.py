"""Overdue and due soon are derived from the deadline and the standing resolution; the
overdue count of a period looks at the period's end, across month and quarter boundaries."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.urls import reverse

from zhengxian.matters.deadlines import deadline_status, is_due_soon, is_overdue
from zhengxian.matters.indicator_sources import MattersClosedOnTimeSource, MattersOverdueSource
from zhengxian.matters.selectors.matters import deadline_board
from zhengxian.matters.workflow import Action

from .conftest import make_period, on
from .factories import act, file_matter

JAN_31 = dt.date(2026, 1, 31)


def assigned(org, *, reported: dt.date, deadline: dt.date, title: str = "楼道堆放杂物"):
    with on(reported):
        matter = file_matter(org, title=title)
        matter = act(org, matter, Action.ASSIGN, "leader_a", deadline=deadline)
        return act(org, matter, Action.ACCEPT, "leader_a")


def test_a_matter_is_overdue_the_day_after_its_deadline_until_it_is_resolved(org):
    matter = assigned(org, reported=dt.date(2026, 1, 20), deadline=JAN_31)
    assert not is_overdue(matter, JAN_31)
    assert is_due_soon(matter, JAN_31)
    assert is_overdue(matter, dt.date(2026, 2, 1))
    assert deadline_status(matter, dt.date(2026, 2, 1)) == "overdue"
    with on(dt.date(2026, 2, 3)):
        matter = act(org, matter, Action.RESOLVE, "leader_a")
    assert not is_overdue(matter, dt.date(2026, 2, 10))
    assert deadline_status(matter, dt.date(2026, 2, 10)) == "done"


def test_due_soon_means_within_three_days(org):
    matter = assigned(org, reported=dt.date(2026, 3, 1), deadline=dt.date(2026, 3, 13))
    assert is_due_soon(matter, dt.date(2026, 3, 10))
    assert not is_due_soon(matter, dt.date(2026, 3, 9))


def test_reopening_restarts_the_clock_against_the_same_deadline(org):
    matter = assigned(org, reported=dt.date(2026, 3, 1), deadline=dt.date(2026, 3, 5))
    with on(dt.date(2026, 3, 4)):
        matter = act(org, matter, Action.RESOLVE, "leader_a")
        matter = act(org, matter, Action.RATE, "cadre_a")
    with on(dt.date(2026, 3, 8)):
        matter = act(org, matter, Action.REOPEN, "cadre_a", note="没修好")
    assert is_overdue(matter, dt.date(2026, 3, 8))


def test_the_overdue_count_of_a_month_looks_at_its_last_day(org):
    matter = assigned(org, reported=dt.date(2026, 1, 20), deadline=JAN_31)
    with on(dt.date(2026, 2, 1)):
        act(org, matter, Action.RESOLVE, "leader_a")
    source = MattersOverdueSource()
    january, february = make_period(org, dt.date(2026, 1, 1)), make_period(org, dt.date(2026, 2, 1))
    units = [org.community_a.pk, org.community_b.pk]
    assert source.compute(period=january, unit_ids=units, params={})[org.community_a.pk].value == 1
    assert source.compute(period=february, unit_ids=units, params={})[org.community_a.pk].value == 0
    assert source.compute(period=january, unit_ids=units, params={})[org.community_b.pk].value == 0


def test_an_unresolved_matter_stays_overdue_in_every_later_period(org):
    assigned(org, reported=dt.date(2026, 1, 20), deadline=JAN_31)
    source = MattersOverdueSource()
    for first, last in [(dt.date(2026, 2, 1), None), (dt.date(2026, 1, 1), dt.date(2026, 3, 31))]:
        period = make_period(org, first, last)
        assert (
            source.compute(period=period, unit_ids=[org.community_a.pk], params={})[
                org.community_a.pk
            ].value
            == 1
        )
    december = make_period(org, dt.date(2025, 12, 1))
    assert (
        source.compute(period=december, unit_ids=[org.community_a.pk], params={})[
            org.community_a.pk
        ].value
        == 0
    )


def test_a_matter_due_on_the_last_day_and_resolved_that_day_is_on_time_in_its_month(org):
    matter = assigned(org, reported=dt.date(2026, 1, 25), deadline=JAN_31)
    with on(JAN_31, hour=23):
        matter = act(org, matter, Action.RESOLVE, "leader_a")
    with on(dt.date(2026, 2, 2)):
        matter = act(org, matter, Action.RATE, "cadre_a")
        act(org, matter, Action.CLOSE, "cadre_a")
    january = make_period(org, dt.date(2026, 1, 1))
    value = MattersClosedOnTimeSource().compute(
        period=january, unit_ids=[org.community_a.pk], params={}
    )
    assert value[org.community_a.pk].value == Decimal(1)
    overdue = MattersOverdueSource().compute(
        period=january, unit_ids=[org.community_a.pk], params={}
    )
    assert overdue[org.community_a.pk].value == 0


def test_the_deadline_board_groups_overdue_and_due_soon_by_holding_unit(org):
    late = assigned(
        org, reported=dt.date(2026, 3, 1), deadline=dt.date(2026, 3, 5), title="垃圾桶满溢"
    )
    soon = assigned(
        org, reported=dt.date(2026, 3, 2), deadline=dt.date(2026, 3, 12), title="路面坑洼"
    )
    assigned(org, reported=dt.date(2026, 3, 2), deadline=dt.date(2026, 3, 30), title="绿化修剪")
    with on(dt.date(2026, 3, 2)):
        waiting = file_matter(org, by="cadre_b", unit="community_b", title="湖头陈井盖缺失")
        waiting = act(org, waiting, Action.ESCALATE, "office", note="需街道协调")
    board = deadline_board(org.user("leadership"), today=dt.date(2026, 3, 10))
    groups = {g.unit.name: g for g in board}
    assert [m.pk for m in groups["湘湖社区"].overdue] == [late.pk]
    assert [m.pk for m in groups["湘湖社区"].due_soon] == [soon.pk]
    assert "城厢街道" not in groups  # an escalated matter without a deadline is not late
    board_b = deadline_board(org.user("cadre_b"), today=dt.date(2026, 3, 10))
    assert board_b == []  # 湖头陈 sees nothing of 湘湖


def test_the_deadlines_page_gives_each_late_matter_its_days_late_and_each_due_one_its_day(
    org, login
):
    late = assigned(
        org, reported=dt.date(2026, 3, 1), deadline=dt.date(2026, 3, 5), title="垃圾桶满溢"
    )
    soon = assigned(
        org, reported=dt.date(2026, 3, 2), deadline=dt.date(2026, 3, 12), title="路面<坑洼>"
    )
    client = login("leadership")
    with on(dt.date(2026, 3, 10)):
        html = client.get(reverse("matters:deadlines")).content.decode()
    late_url = reverse("matters:matter_detail", args=[late.pk])
    soon_url = reverse("matters:matter_detail", args=[soon.pk])
    state = str(late.get_state_display())
    assert f'逾期 5 天</span> <a href="{late_url}">垃圾桶满溢</a>' in html
    assert f"2026-03-05 · {state}" in html
    assert f'到期 03-12</span> <a href="{soon_url}">路面&lt;坑洼&gt;</a>' in html  # escaped
