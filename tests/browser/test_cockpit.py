"""The cockpit in a browser: leadership reads it on a phone without sideways scrolling, the
office puts it on a 1920x1080 wall screen without navigation, a click on a chart opens the
list behind it, and a grid cadre's start page shows the to-dos (the late ones marked) and the
visit button without scrolling. Screenshots for the guide."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from playwright.sync_api import expect

from zhengxian.core import clock
from zhengxian.core.actors import system_actor
from zhengxian.matters.tests.factories import act, file_matter
from zhengxian.orgs.testing import PASSWORD
from zhengxian.projects import services as project_services
from zhengxian.projects.tests.factories import make_project
from zhengxian.scoring.tests.views.results_data import build_results

from .conftest import PHONE, SCREENSHOTS, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WALL = {"width": 1920, "height": 1080}
ANIMATION_MS = 1200  # ECharts' default animation lasts 1 s


@pytest.fixture
def data(org):
    """The small campaign's results, three matters (one on 湘湖's first grid) and a red project."""
    build_results(org)
    act(org, file_matter(org, title="网格路灯坏了"), "assign", "leader_a", unit="grid_a")
    act(org, file_matter(org, title="小区垃圾清运"), "assign", "leader_a")
    file_matter(org, title="楼道堆物")
    today = clock.today()
    actor = system_actor("tests")
    project = project_services.project_create(
        actor=actor,
        code="P1",
        name="湘湖未来社区",
        category="economy",
        unit=org.community_a,
        planned_start=today - dt.timedelta(days=100),
        planned_end=today + dt.timedelta(days=100),
        today=today,
    )
    project_services.milestone_create(
        actor=actor,
        project=project,
        name="主体结顶",
        planned_date=today - dt.timedelta(days=2),
        actual_date=None,
        today=today,
    )
    return org


def _charts_drawn(page) -> None:
    expect(page.locator("[data-cockpit-chart][data-drawn] svg").first).to_be_visible()
    page.wait_for_timeout(ANIMATION_MS)


def test_leadership_reads_the_cockpit_on_a_phone(live_server, data, phone_page, shoot):
    page = phone_page
    today = clock.today()
    # A green project beside the red: two half rings, their labels level with the centre.
    make_project(
        data, "P2", planned_start=today, planned_end=today + dt.timedelta(200), today=today
    )
    log_in(page, live_server.url, "leader", PASSWORD)
    expect(page.get_by_test_id("cockpit-panels")).to_be_visible()  # the home page shows it
    page.get_by_test_id("cockpit-link").click()
    _charts_drawn(page)
    expect(page.get_by_test_id("matters-open")).to_have_text("3")
    expect(page.get_by_test_id("red-projects")).to_contain_text("湘湖未来社区")
    # Each slice's label whole beside the ring, none cut to "…" at the phone's edge.
    labels = page.get_by_test_id("chart-projects").locator("svg text").all_text_contents()
    assert "绿灯" in labels and "红灯" in labels, labels
    assert not [label for label in labels if "…" in label or "..." in label], labels
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    shoot(page, "cockpit-phone")


def test_the_office_puts_the_cockpit_on_a_wall_screen(live_server, data, desktop_page):
    page = desktop_page
    page.set_viewport_size(WALL)
    log_in(page, live_server.url, "office", PASSWORD)
    page.goto(f"{live_server.url}/cockpit/?wall=1")
    _charts_drawn(page)
    expect(page.get_by_test_id("wall")).to_be_visible()
    assert page.locator("nav.navbar, #zx-nav").count() == 0
    assert page.evaluate("document.documentElement.scrollWidth") <= WALL["width"]
    font = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    assert font >= 20  # large type, read from across the room
    # Ten panels fit the screen: nothing below the fold.
    assert page.evaluate("document.documentElement.scrollHeight") <= WALL["height"]
    # The whole screen, as on the wall (the page itself does not scroll there).
    page.screenshot(path=str(SCREENSHOTS / "cockpit-wall.png"))
    # The minute's reload swaps the panels in and draws their charts again.
    drawn = page.locator("[data-cockpit-chart][data-drawn] svg").count()
    with page.expect_response(lambda r: "/cockpit/?wall=1" in r.url):
        page.evaluate("htmx.ajax('GET', '/cockpit/?wall=1', '#cockpit-wall')")
    page.wait_for_timeout(ANIMATION_MS)
    expect(page.locator("[data-cockpit-chart][data-drawn] svg")).to_have_count(drawn)


def test_a_click_on_a_bar_opens_the_matter_list_behind_it(live_server, data, desktop_page):
    page = desktop_page
    log_in(page, live_server.url, "leader", PASSWORD)
    page.goto(f"{live_server.url}/cockpit/")
    _charts_drawn(page)
    chart = page.get_by_test_id("chart-matters")
    # The bar of 已交办 (assigned, the second state): two matters; click half-way up it.
    x, y = page.evaluate(
        """el => window.echarts.getInstanceByDom(el)
                 .convertToPixel({seriesIndex: 0}, [1, 1])""",
        chart.element_handle(),
    )
    box = chart.bounding_box()
    page.mouse.click(box["x"] + x, box["y"] + y)
    page.wait_for_url("**/matters/?state=assigned")
    rows = page.locator("a[href^='/matters/']").filter(has_text="路灯")
    expect(rows.first).to_be_visible()
    expect(page.locator("body")).to_contain_text("小区垃圾清运")


def test_a_grid_cadre_sees_the_to_dos_and_the_visit_button_on_a_phone(
    live_server, org, data, phone_page, shoot
):
    page = phone_page
    with time_machine.travel(dt.datetime.now(tz=dt.UTC) - dt.timedelta(days=10)):
        act(org, file_matter(org, title="网格井盖松动"), "assign", "leader_a", unit="grid_a")
    log_in(page, live_server.url, "grid_a", PASSWORD)
    todos = page.get_by_test_id("todos")
    expect(todos.get_by_test_id("todo-matter").first).to_contain_text("网格井盖松动")
    expect(todos.get_by_test_id("todo-matter").first.get_by_test_id("days-late")).to_have_text(
        "逾期 3 天"  # assigned ten days ago, due in seven
    )
    expect(todos.get_by_test_id("todo-matter").nth(1)).to_contain_text("网格路灯坏了")
    expect(todos).not_to_contain_text("小区垃圾清运")  # held by the community, not the grid
    button = page.get_by_test_id("visit-button")
    expect(button).to_be_in_viewport()
    box = button.bounding_box()
    assert box is not None and box["y"] + box["height"] <= PHONE["height"]
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    shoot(page, "home-cadre-todos-phone")
    button.click()
    page.wait_for_url("**/matters/visits/new/")
