"""The battle chart (作战图) filtered on a phone and on an A3 sheet, and a public
livelihood page on a phone, with screenshots (and a PDF of the A3 print)."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from playwright.sync_api import expect

from zhengxian.orgs.testing import PASSWORD
from zhengxian.projects.tests.conftest import TODAY
from zhengxian.projects.tests.factories import (
    add_milestone,
    add_task,
    make_action,
    make_project,
    report,
)
from zhengxian.projects.tests.xlsx import milestone_row, project_row, xlsx

from .conftest import SCREENSHOTS, _new_page, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

A3_LANDSCAPE = {"width": 1587, "height": 1123}  # A3 at 96 dpi, landscape


@pytest.fixture
def pinned() -> Iterator[dt.date]:
    moment = dt.datetime.combine(TODAY, dt.time(10, 0), tzinfo=ZoneInfo("Asia/Shanghai"))
    with time_machine.travel(moment, tick=True):
        yield TODAY


@pytest.fixture
def a3_page(chromium: object) -> Iterator[object]:
    page = _new_page(chromium, A3_LANDSCAPE)
    yield page
    page.context.close()  # type: ignore[attr-defined]


@pytest.fixture
def projects(org, pinned):
    """Projects of both communities in every colour, with milestones on both sides of today."""
    lead = org.people["project_lead"]
    made = {}
    specs = [
        (
            "XM-ZC",
            "紫橙国际",
            "economy",
            org.community_a,
            0,
            [("主体结顶", -60, -61), ("幕墙施工完成", 40, None)],
        ),
        (
            "XM-LC",
            "蓝橙国际科创中心",
            "economy",
            org.community_b,
            0,
            [("桩基工程", -90, -88), ("地下室结顶", -6, None)],
        ),
        (
            "XM-HTC",
            "湖头陈三、四期安置房",
            "construction",
            org.community_b,
            0,
            [("主体结顶", -3, None), ("竣工验收", 200, None)],
        ),
        ("XM-NM", "南门区块安置房", "construction", org.community_a, 0, [("地下室结顶", 7, None)]),
        (
            "XM-LJ",
            "4万平方米老旧小区改造",
            "construction",
            org.community_a,
            15,
            [("第一批小区完工", -35, -36)],
        ),
        (
            "MS-DH",
            "杜湖内河改造提升项目",
            "livelihood",
            org.community_a,
            0,
            [("清淤完成", -60, -57), ("驳岸改造完成", -9, None), ("滨水步道开放", 100, None)],
        ),
    ]
    for code, name, category, unit, lag, milestones in specs:
        project = make_project(
            org,
            code,
            name=name,
            category=category,
            unit=unit,
            lead=lead,
            is_public=code.startswith("MS"),
            location="城厢街道",
        )
        report(project, -2, 50 - lag, text=f"{name}有序推进。")
        for title, offset, done in milestones:
            add_milestone(project, title, offset, done=done)
        made[code] = project
    action = make_action(org)
    add_task(action, org.community_a, "消防安全隐患整治", -3)
    return made


def rows(page: object) -> list[str]:
    return page.locator("[data-testid=chart-row]").evaluate_all(  # type: ignore[attr-defined]
        "els => els.map(e => e.dataset.project)"
    )


def test_leadership_filters_the_battle_chart_on_a_phone(
    live_server, org, projects, phone_page, shoot
):
    page = phone_page
    log_in(page, live_server.url, "leader", PASSWORD)
    page.goto(f"{live_server.url}/projects/chart/?year=2026")
    chart = page.get_by_test_id("battle-chart")
    expect(chart).to_be_visible()
    expect(page.get_by_test_id("today-marker")).to_be_visible()
    assert len(rows(page)) == 6
    # The page never scrolls sideways; the chart does, inside its frame.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    wrap = page.get_by_test_id("battle-chart-wrap")
    assert wrap.evaluate("el => el.scrollWidth > el.clientWidth")
    shoot(page, "battle-chart-phone")

    page.locator("select[name=status]").select_option("red")  # submits by itself
    page.wait_for_url("**status=red**")
    assert sorted(rows(page)) == ["MS-DH", "XM-HTC", "XM-LC"]
    expect(page.locator("[data-testid=chart-row][data-status=green]")).to_have_count(0)
    page.locator("select[name=category]").select_option("construction")
    page.wait_for_url("**category=construction**")
    assert rows(page) == ["XM-HTC"]
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    wrap.evaluate("el => { el.scrollLeft = el.scrollWidth; }")
    expect(page.locator("[data-testid=milestone][data-state=overdue]")).to_have_count(1)
    shoot(page, "battle-chart-phone-filtered")
    expect(page.get_by_test_id("week-warnings")).to_contain_text("湖头陈三、四期安置房")


def test_the_battle_chart_fills_an_a3_landscape_sheet(live_server, org, projects, a3_page, shoot):
    page = a3_page
    log_in(page, live_server.url, "leader", PASSWORD)
    unit = org.community_a.pk
    page.goto(f"{live_server.url}/projects/chart/?year=2026&unit={unit}")
    assert sorted(rows(page)) == ["MS-DH", "XM-LJ", "XM-NM", "XM-ZC"]
    assert page.evaluate("document.documentElement.scrollWidth") <= A3_LANDSCAPE["width"]
    wrap = page.get_by_test_id("battle-chart-wrap")
    assert wrap.evaluate("el => el.scrollWidth <= el.clientWidth")  # no sideways scrolling at A3
    expect(page.locator(".zx-ms-label").first).to_be_visible()  # milestone names are written out
    states = set(
        page.locator("[data-testid=milestone]").evaluate_all("els => els.map(e => e.dataset.state)")
    )
    assert {"done", "done_late", "overdue", "due_soon", "pending"} <= states
    shoot(page, "battle-chart-a3")

    page.emulate_media(media="print")
    assert page.locator("nav.navbar").is_hidden()
    assert page.locator("form.zx-filters").is_hidden()
    expect(page.locator(".zx-ms-label").first).to_be_visible()
    shoot(page, "battle-chart-a3-print")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    pdf = Path(SCREENSHOTS) / "battle-chart-a3.pdf"
    page.pdf(path=str(pdf), prefer_css_page_size=True, print_background=True)
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")
    boxes = re.findall(rb"MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", data)
    assert len(boxes) == 1, "the chart of four projects fills one sheet"
    # Every sheet is A3 landscape: 420 × 297 mm, i.e. 1190.55 × 841.89 points.
    for width, height in boxes:
        assert abs(float(width) - 1190.55) < 2 and abs(float(height) - 841.89) < 2


def test_a_tap_on_the_battle_chart_tells_why_a_project_is_red_on_a_phone(
    live_server, org, projects, phone_page, shoot
):
    page = phone_page
    log_in(page, live_server.url, "leader", PASSWORD)
    page.goto(f"{live_server.url}/projects/chart/?year=2026")
    tip = page.get_by_test_id("chart-tip")
    expect(tip).to_be_hidden()
    # Month names and the year are written out in full, not cut off, and never overlap.
    months = page.locator(".zx-month")
    assert months.evaluate_all("els => els.every(e => e.scrollWidth <= e.clientWidth + 1)")
    expect(months.first).to_contain_text("2026")
    boxes = months.evaluate_all(
        "els => els.map(e => { const r = e.getBoundingClientRect(); return [r.left, r.right]; })"
    )
    assert all(a[1] <= b[0] + 1 for a, b in itertools.pairwise(boxes))

    row = page.locator("[data-testid=chart-row][data-project=XM-HTC]")
    track = row.get_by_test_id("chart-track")
    track.scroll_into_view_if_needed()
    box = track.bounding_box()
    assert box is not None
    wrap = page.get_by_test_id("battle-chart-wrap").bounding_box()
    assert wrap is not None
    x = max(box["x"], wrap["x"] + 160) + 20  # inside the visible part of the track
    page.mouse.click(x, box["y"] + box["height"] / 2)
    expect(tip).to_be_visible()
    expect(tip).to_contain_text("湖头陈三、四期安置房")
    expect(tip).to_contain_text("红灯")
    expect(tip).to_contain_text("主体结顶")  # the overdue milestone, which makes it red
    expect(tip).to_contain_text("逾期")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shoot(page, "battle-chart-phone-tap")

    milestone = row.locator("[data-testid=milestone][data-state=overdue]")
    milestone.click()
    expect(tip).to_contain_text("已逾期")
    tip.get_by_role("button").click()
    expect(tip).to_be_hidden()
    track.focus()  # the keyboard reaches the same text
    page.keyboard.press("Enter")
    expect(tip).to_contain_text("主体结顶")


def test_the_print_button_prints_the_battle_chart_without_the_navigation(
    live_server, org, projects, desktop_page, shoot
):
    page = desktop_page
    log_in(page, live_server.url, "leader", PASSWORD)
    page.goto(f"{live_server.url}/projects/chart/?year=2026")
    page.evaluate(
        "() => { window.__printed = 0; window.print = () => { window.__printed += 1; }; }"
    )
    button = page.get_by_test_id("print-chart")
    expect(button).to_be_visible()
    expect(button).to_contain_text("A3")
    button.click()
    assert page.evaluate("window.__printed") == 1
    page.emulate_media(media="print")
    expect(page.locator("nav.navbar")).to_be_hidden()
    expect(button).to_be_hidden()
    expect(page.get_by_test_id("chart-filters")).to_be_hidden()
    expect(page.get_by_test_id("battle-chart")).to_be_visible()
    expect(page.get_by_text("打印于")).to_be_visible()


def test_a_resident_reads_a_livelihood_project_on_a_phone(
    live_server, org, projects, phone_page, shoot
):
    page = phone_page
    page.goto(f"{live_server.url}/public/projects/")
    expect(page.get_by_test_id("public-projects")).to_contain_text("杜湖内河改造提升项目")
    expect(page.locator("main")).not_to_contain_text("紫橙国际")
    page.get_by_role("link", name="杜湖内河改造提升项目").click()
    card = page.get_by_test_id("public-project")
    expect(card).to_contain_text("驳岸改造完成")
    expect(card).to_contain_text("杜湖内河改造提升项目有序推进。")
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shoot(page, "public-project-phone")


def test_a_project_page_and_the_warnings_work_on_a_phone(
    live_server, org, projects, phone_page, shoot
):
    page = phone_page
    log_in(page, live_server.url, "leader", PASSWORD)
    page.goto(f"{live_server.url}/projects/{projects['XM-HTC'].pk}/")
    expect(page.get_by_test_id("status")).to_contain_text("主体结顶")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shoot(page, "project-detail-phone")
    page.goto(f"{live_server.url}/projects/warnings/")
    expect(page.get_by_test_id("changes-table")).to_contain_text("湖头陈三、四期安置房")
    expect(page.get_by_test_id("escalation-table")).to_contain_text("湖头陈社区")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shoot(page, "project-warnings-phone")
    for url in ("/projects/", "/projects/actions/"):
        page.goto(f"{live_server.url}{url}")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, url


def test_an_import_is_checked_then_written_by_a_job_shown_on_the_page(
    live_server, org, projects, phone_page, shoot, tmp_path
):
    page = phone_page
    workbook = tmp_path / "项目.xlsx"
    workbook.write_bytes(
        xlsx(projects=[project_row("XM-NEW")], milestones=[milestone_row("XM-NEW")])
    )
    log_in(page, live_server.url, "office", PASSWORD)
    page.goto(f"{live_server.url}/projects/import/")
    page.set_input_files("input[type=file]", str(workbook))
    page.get_by_test_id("import-form").locator("button[type=submit]").click()
    job = page.get_by_test_id("import-job").get_by_test_id("job")
    expect(job).to_have_attribute("data-status", "succeeded", timeout=30_000)
    expect(page.get_by_test_id("job-progress")).to_have_attribute("aria-valuenow", "100")
    expect(page.get_by_test_id("job-summary")).to_contain_text("1")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shoot(page, "project-import-job-phone")


def test_the_office_forms_fit_a_phone(live_server, org, projects, phone_page, shoot):
    page = phone_page
    log_in(page, live_server.url, "office", PASSWORD)
    project = projects["XM-NM"]
    for url, name in [
        ("/projects/new/", "project-form-phone"),
        (f"/projects/{project.pk}/report/", "progress-report-phone"),
        (f"/projects/{project.pk}/milestones/new/", None),
        ("/projects/import/", None),
        ("/projects/actions/", None),
    ]:
        page.goto(f"{live_server.url}{url}")
        expect(page.locator("main")).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, url
        if name:
            shoot(page, name)
    page.goto(f"{live_server.url}/projects/{project.pk}/")
    row = page.locator("[data-testid=milestones] tr[data-state=due_soon]")
    row.get_by_role("button").click()
    expect(page.locator("[data-testid=milestones] tr[data-state=done]")).to_have_count(1)
    # Its only open milestone done, on plan: the project turns green at once.
    expect(page.locator("[data-testid=status] .zx-status")).to_have_attribute(
        "data-status", "green"
    )
