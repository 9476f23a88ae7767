"""The projects panel: counts by status equal the project list's, a red project is listed
whatever week it turned red, and the escalation ladder names the unit."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from zhengxian.cockpit.dashboard.projects import escalation_ladder, project_figures
from zhengxian.projects.tests.factories import add_milestone, make_project, report

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("cockpit:dashboard")


@pytest.fixture
def projects(org, today):
    """P1 turned red three weeks ago (a milestone overdue since); P2 is green; P3 of 湖头陈
    turned red today."""
    weeks_ago = today - dt.timedelta(days=21)
    with time_machine.travel(dt.datetime.combine(weeks_ago, dt.time(10)), tick=False):
        red = make_project(org, "P1", today=weeks_ago)
        add_milestone(red, "主体结顶", -25, today=weeks_ago)
    green = make_project(org, "P2")
    report(green, -1, 50)
    other = make_project(org, "P3", unit=org.community_b)
    add_milestone(other, "开工", -1)
    return red, green, other


def test_counts_by_status_equal_the_project_lists_counts(login, org, today, projects):
    client = login("leadership")
    figures = project_figures(org.user("leadership"))
    counts = {s.status: s.count for s in figures.statuses}
    assert counts["red"] == 2 and counts["green"] == 1
    for status in figures.statuses:
        listed = client.get(status.url).context["page"].paginator.count
        assert listed == status.count, status.status


def test_a_project_red_for_three_weeks_is_listed_with_the_day_it_turned_red(org, today, projects):
    listed = {item.project.code: item.red_since for item in project_figures(org.user("office")).red}
    assert set(listed) == {"P1", "P3"}
    assert listed["P1"] is not None and listed["P1"] < today - dt.timedelta(days=7)


def test_the_pie_opens_the_project_list_filtered_by_status(login, today, projects):
    chart = login("leadership").get(DASHBOARD).context["project_chart"]
    assert chart["href"] == "/projects/?status=red"
    assert set(chart["links"].values()) >= {"/projects/?status=red", "/projects/?status=green"}


def test_the_escalation_ladder_names_the_units_with_reds_this_month(org, today, projects):
    ladder = escalation_ladder(org.user("leadership"), today=today)
    assert {climb.unit.name for climb in ladder.climbs} >= {"湖头陈社区"}
    assert ladder.url == f"/projects/warnings/?month={today:%Y%m}"


def test_a_leader_of_one_community_sees_only_its_projects(today, projects, leader_of_a):
    figures = project_figures(leader_of_a)
    assert {item.project.code for item in figures.red} == {"P1"}


def _counts(client) -> dict[str, int]:
    statuses = client.get(DASHBOARD).context["projects"].statuses
    return {status.status: status.count for status in statuses}


def test_a_project_turning_red_is_counted_on_the_next_opening(login, org, today, projects):
    client = login("leadership")
    assert _counts(client)["red"] == 2
    assert _counts(client)["red"] == 2  # kept until a project is written
    add_milestone(projects[1], "竣工", -2)  # P2's milestone is overdue: P2 turns red
    counts = _counts(client)
    assert counts["red"] == 3 and counts["green"] == 0
