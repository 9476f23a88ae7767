"""Who may open the cockpit, and that its figures stop at the edge of the user's scope."""

from __future__ import annotations

import html
import json
import re

import pytest
from django.urls import reverse

from zhengxian.cockpit.dashboard.matters import matter_figures
from zhengxian.matters.tests.factories import act, file_matter
from zhengxian.projects.tests.factories import add_milestone, make_project
from zhengxian.scoring.tests.views.results_data import build_results

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("cockpit:dashboard")


@pytest.mark.parametrize("who", ["leadership", "office"])
@pytest.mark.parametrize("wall", ["", "?wall=1"])
def test_leadership_and_the_office_open_the_cockpit_and_its_wall_screen(login, today, who, wall):
    response = login(who).get(DASHBOARD + wall)
    assert response.status_code == 200
    assert b'data-testid="cockpit-panels"' in response.content


@pytest.mark.parametrize("who", ["cadre_a", "cadre_b", "leader_a", "evaluator", "viewer_b"])
def test_a_units_people_are_refused_the_cockpit(login, today, who):
    assert login(who).get(DASHBOARD).status_code == 403
    assert login(who).get(DASHBOARD + "?wall=1").status_code == 403


HREF = re.compile(r'href="(/[^"#]*)"')
CHART = re.compile(r'<script id="chart-[^"]*" type="application/json">(.*?)</script>', re.S)


@pytest.mark.parametrize("who", ["leadership", "office"])
def test_every_link_on_the_cockpit_opens_for_the_user_who_sees_it(org, login, today, who):
    build_results(org)
    act(org, file_matter(org, title="网格路灯坏了"), "assign", "leader_a")
    add_milestone(make_project(org, "P1", today=today), "开工", -3, today=today)
    client = login(who)
    page = client.get(DASHBOARD).content.decode()
    links = {html.unescape(url) for url in HREF.findall(page)}
    for blob in CHART.findall(page):
        chart = json.loads(blob)
        links |= {chart["href"], *chart["links"].values()} - {""}
    links = {url for url in links if not url.startswith(("/static/", "/i18n/", "/accounts/logout"))}
    assert reverse("matters:coverage") in links and len(links) > 20  # the panels' links too
    opened = {url: client.get(url, follow=True).status_code for url in sorted(links)}
    refused = [url for url, status in opened.items() if status != 200]
    assert refused == []


def test_a_visitor_who_has_not_logged_in_is_sent_to_the_login_page(client, org, today):
    response = client.get(DASHBOARD)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_wall_screen_has_no_navigation_and_reloads_its_panels_every_minute(login, today):
    page = login("leadership").get(DASHBOARD + "?wall=1").content.decode()
    assert "navbar" not in page and 'id="zx-nav"' not in page
    assert 'hx-trigger="every 60s"' in page
    assert "vendor/echarts/echarts.min.js" in page and "cdn" not in page.lower()


def test_htmx_reloads_get_the_panels_alone(login, today):
    page = login("leadership").get(DASHBOARD + "?wall=1", HTTP_HX_REQUEST="true")
    text = page.content.decode()
    assert 'data-testid="cockpit-panels"' in text and "<html" not in text


def test_a_leader_of_one_community_counts_its_matters_and_not_the_neighbours(
    org, today, leader_of_a
):
    file_matter(org, title="湘湖路灯")
    theirs = file_matter(org, by="cadre_b", unit="community_b", title="湖头陈井盖")
    act(org, theirs, "assign", "office", unit="community_b")
    # Positive control: the whole sub-district's leadership counts both.
    assert matter_figures(org.user("leadership"), today=today).open_count == 2
    assert matter_figures(leader_of_a, today=today).open_count == 1


def test_a_leader_of_one_community_sees_the_cockpit_of_that_community(client, today, leader_of_a):
    client.force_login(leader_of_a)
    response = client.get(DASHBOARD)
    assert response.status_code == 200
    assert response.context["cockpit_unit"].name == "湘湖社区"
