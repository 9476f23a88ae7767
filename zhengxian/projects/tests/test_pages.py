"""The project pages through the URLs a user takes: lists, forms, the battle chart."""

from __future__ import annotations

import html
import re
from pathlib import Path

from django.contrib.staticfiles import finders
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from zhengxian.campaigns.models import IndicatorNode
from zhengxian.projects.demo.photos import placeholder_png
from zhengxian.projects.models import Milestone, ProgressReport, Project, Quantity, SpecialAction
from zhengxian.scoring.tests.factories import small_campaign

from .factories import add_milestone, add_task, make_action, make_project, report


def test_office_creates_a_project_adds_a_milestone_and_a_quantity(org, today, login):
    client = login("office")
    assert client.get("/projects/new/").status_code == 200
    response = client.post(
        "/projects/new/",
        {
            "code": "XM-1",
            "name": "休博路提升改造",
            "category": "construction",
            "unit": org.community_a.pk,
            "lead": org.people["project_lead"].pk,
            "planned_start": "2026-01-01",
            "planned_end": "2026-12-31",
            "planned_investment": "4800",
            "tags": "asian-games，relocation",
            "is_public": "",
            "warn_days": "",
        },
    )
    project = Project.objects.get(code="XM-1")
    assert response.status_code == 302 and response.url == f"/projects/{project.pk}/"
    assert sorted(project.tags.values_list("tag", flat=True)) == ["asian-games", "relocation"]
    response = client.post(
        f"/projects/{project.pk}/milestones/new/",
        {"name": "管线迁改", "planned_date": "2026-03-20"},
    )
    assert response.status_code == 302
    client.post(
        f"/projects/{project.pk}/quantities/new/",
        {"name": "道路长度", "measure": "米", "planned": "2300"},
    )
    assert Quantity.objects.get(project=project).planned == 2300
    page = client.get(f"/projects/{project.pk}/")
    assert "管线迁改" in page.text and "道路长度" in page.text
    assert 'data-status="yellow"' in page.text  # due in 2 days


def tagged_leaves(org) -> None:
    """Two project leaves of the small campaign that select projects by tag."""
    campaign = small_campaign(org)
    work = campaign.nodes.get(code="work")
    for code, name, tags in [
        ("relocation", "湖头陈工业园区南片征迁进度", ["relocation"]),
        ("resettlement", "安置房建设节点按期完成率", ["resettlement", "relocation"]),
    ]:
        IndicatorNode.objects.create(
            campaign=campaign,
            parent=work,
            code=code,
            name=name,
            weight=1,
            is_leaf=True,
            source="project_progress",
            source_params={"tags": tags},
            method="target",
        )


def test_the_form_offers_the_tags_campaigns_score_on_by_their_indicators(org, today, login):
    tagged_leaves(org)
    client = login("office")
    page = html.unescape(client.get("/projects/new/").text)
    # Ticked by name, not typed as a code a typo would make miss its indicator.
    assert "湖头陈工业园区南片征迁进度、安置房建设节点按期完成率（relocation）" in page
    assert "安置房建设节点按期完成率（resettlement）" in page
    fields = {
        "code": "XM-2",
        "name": "南片征迁",
        "category": "construction",
        "unit": org.community_a.pk,
        "planned_start": "2026-01-01",
        "planned_end": "2026-12-31",
        "planned_investment": "100",
    }
    client.post("/projects/new/", {**fields, "scored_tags": ["relocation"], "tags": "asian-games"})
    project = Project.objects.get(code="XM-2")
    assert sorted(project.tags.values_list("tag", flat=True)) == ["asian-games", "relocation"]
    # Editing shows the tick ticked and the other tag as text; unticking drops it.
    form = client.get(f"/projects/{project.pk}/edit/").context["form"]
    assert form.initial["scored_tags"] == ["relocation"] and form.initial["tags"] == "asian-games"
    client.post(f"/projects/{project.pk}/edit/", {**fields, "tags": "asian-games"})
    assert list(project.tags.values_list("tag", flat=True)) == ["asian-games"]


def test_a_form_error_comes_back_on_the_form(org, today, login):
    client = login("office")
    response = client.post(
        "/projects/new/",
        {
            "code": "XM-1",
            "name": "x",
            "category": "economy",
            "unit": org.community_a.pk,
            "planned_start": "2026-05-01",
            "planned_end": "2026-04-01",
            "planned_investment": "0",
        },
    )
    assert response.status_code == 200 and not Project.objects.exists()
    assert response.context["form"].errors


def test_a_cadre_reports_progress_with_photos_and_quantities(org, today, login):
    project = make_project(org, "A1", planned_investment=1000)
    quantity = __import__("zhengxian.projects.services", fromlist=["x"]).quantity_set(
        actor=org.user("office"), project=project, name="征迁户数", measure="户", planned=320
    )
    client = login("cadre_a")
    photo = SimpleUploadedFile("site.png", placeholder_png((1, 2, 3), (4, 5, 6)), "image/png")
    response = client.post(
        f"/projects/{project.pk}/report/",
        {
            "reported_on": "2026-03-18",
            "percent": "52.5",
            "text": "完成签约120户",
            "issues": "",
            "investment": "300",
            f"quantity_{quantity.pk}": "120",
            "photos": [photo],
        },
    )
    assert response.status_code == 302
    project.refresh_from_db()
    assert (project.progress, project.completed_investment, project.status) == (52.5, 300, "green")
    assert ProgressReport.objects.get().photos.count() == 1
    quantity.refresh_from_db()
    assert quantity.completed == 120
    not_a_photo = SimpleUploadedFile("x.png", b"%PDF-1.4 nope", "image/png")
    response = client.post(
        f"/projects/{project.pk}/report/",
        {
            "reported_on": "2026-03-18",
            "percent": "60",
            "text": "x",
            "investment": "0",
            "photos": [not_a_photo],
        },
    )
    assert response.status_code == 200 and ProgressReport.objects.count() == 1
    response = client.post(
        f"/projects/{project.pk}/report/",
        {
            "reported_on": "2026-03-19",
            "percent": "60",
            "text": "x",
            "investment": "0",
        },
    )
    assert response.status_code == 200 and ProgressReport.objects.count() == 1  # no future reports


def test_the_battle_chart_filters_by_category_leader_unit_and_status(org, today, login):
    lead = org.people["project_lead"]
    red = make_project(org, "R1", name="红项目", category="construction", lead=lead)
    report(red, 0, 50)
    add_milestone(red, "逾期节点", -3)
    add_milestone(red, "完成节点", -40, done=-41)
    green = make_project(org, "G1", name="绿项目", unit=org.community_b)
    report(green, 0, 50)
    add_milestone(green, "远期节点", 60)
    client = login("leadership")
    page = client.get("/projects/chart/?year=2026")
    assert page.status_code == 200
    assert re.findall(r'data-project="(\w+)"', page.text) == [
        "G1",
        "R1",
    ]  # economy before construction
    assert 'data-testid="today-marker"' in page.text
    assert {"overdue", "done", "pending"} <= set(re.findall(r'data-state="(\w+)"', page.text))
    for query, expected in [
        ("status=red", ["R1"]),
        ("category=economy", ["G1"]),
        (f"lead={lead.pk}", ["R1"]),
        (f"unit={org.community_b.pk}", ["G1"]),
        ("status=yellow", []),
    ]:
        found = re.findall(
            r'data-project="(\w+)"', client.get(f"/projects/chart/?year=2026&{query}").text
        )
        assert found == expected, query
    default = client.get("/projects/chart/")  # October 2025 to September 2026: today in view
    assert "2025-10 – 2026-09" in default.text and 'data-testid="today-marker"' in default.text
    assert re.findall(r'data-project="(\w+)"', default.text) == ["G1", "R1"]
    later = client.get("/projects/chart/?start=2026-06")
    assert "2026-06 – 2027-05" in later.text and 'data-testid="today-marker"' not in later.text
    last_year = client.get("/projects/chart/?year=2024")
    assert last_year.status_code == 200 and "2024-01 – 2024-12" in last_year.text
    assert (
        "data-project" not in last_year.text and 'data-testid="today-marker"' not in last_year.text
    )


def test_the_battle_chart_tells_every_reason_of_a_colour_when_a_row_is_tapped(org, today, login):
    red = make_project(org, "R1", name="红项目", category="construction")
    report(red, 0, 5)
    add_milestone(red, "逾期节点", -3)
    add_milestone(red, "临近节点", 2)
    page = login("leadership").get("/projects/chart/?year=2026").text
    track = re.search(r'<div class="zx-track"[^>]*>', page).group(0)  # type: ignore[union-attr]
    assert 'data-tip-status="red"' in track and 'data-tip-title="红项目"' in track
    lines = html.unescape(re.search(r'data-tip-lines="([^"]*)"', track).group(1)).split("\n")  # type: ignore[union-attr]
    assert len(lines) == 3  # overdue, due soon, and progress behind the plan, worst first
    assert "逾期节点" in lines[0] and "临近节点" in lines[1]
    assert 'data-testid="chart-tip"' in page and "projects/battle.js" in page


def test_the_battle_chart_has_a_print_button_and_prints_on_one_a3_landscape_sheet(
    org, today, login
):
    page = login("leadership").get("/projects/chart/?year=2026").text
    button = re.search(r"<button[^>]*data-print-chart[^>]*>.*?</button>", page, re.S)
    assert button and "zx-no-print" in button.group(0)
    script = Path(finders.find("projects/battle.js")).read_text()  # type: ignore[arg-type]
    assert re.search(r"\[data-print-chart\].*?window\.print\(\)", script, re.S)
    css = Path(finders.find("projects/projects.css")).read_text()  # type: ignore[arg-type]
    printing = css[css.index("@media print") :]
    assert re.search(r"@page\s*\{\s*size:\s*A3 landscape", printing)
    assert ".zx-no-print" in printing
    app_css = Path(finders.find("zhengxian/app.css")).read_text()  # type: ignore[arg-type]
    assert re.search(r"@media print\s*\{[^}]*\.navbar", app_css)  # the navigation is not printed
    assert 'class="navbar' in page


def test_list_detail_and_actions_pages_render(org, today, login):
    project = make_project(org, "A1", internal_note="内部备注")
    report(project, 0, 50, issues="协调事项")
    action = make_action(org)
    add_task(action, org.community_a, "消防", -2)
    client = login("office")
    listing = client.get("/projects/?status=green")
    assert listing.status_code == 200 and "项目A1" in listing.text
    partial = client.get("/projects/?q=A1", HTTP_HX_REQUEST="true")
    assert partial.status_code == 200 and "<html" not in partial.text and "项目A1" in partial.text
    detail = client.get(f"/projects/{project.pk}/")
    assert "内部备注" in detail.text and "协调事项" in detail.text
    actions = client.get("/projects/actions/")
    assert "平安亚运十二大专项行动" in actions.text
    detail = client.get(f"/projects/actions/{action.pk}/")
    assert 'data-status="red"' in detail.text
    response = client.post(
        "/projects/actions/new/",
        {"code": "work-style-six", "name": "六大作风建设专项行动", "unit": org.subdistrict.pk},
    )
    assert (
        response.status_code == 302 and SpecialAction.objects.filter(code="work-style-six").exists()
    )
    response = client.post(
        f"/projects/actions/{action.pk}/tasks/new/",
        {"name": "燃气", "unit": org.community_b.pk, "deadline": "2026-04-01"},
    )
    assert response.status_code == 302 and action.tasks.count() == 2


def test_milestone_edit_form_saves_and_recolours(org, today, login):
    project = make_project(org, "A1")
    report(project, 0, 50)
    milestone = add_milestone(project, "节点", 30)
    client = login("office")
    assert client.get(f"/projects/milestones/{milestone.pk}/edit/").status_code == 200
    client.post(
        f"/projects/milestones/{milestone.pk}/edit/", {"name": "节点", "planned_date": "2026-03-10"}
    )
    assert Milestone.objects.get().planned_date.isoformat() == "2026-03-10"
    project.refresh_from_db()
    assert project.status == "red"


def test_the_date_columns_of_milestones_and_tasks_say_which_date_they_hold(org, today, login):
    project = make_project(org, "D1", name="日期项目")
    add_milestone(project, "已完成节点", -10, done=-11)
    action = make_action(org)
    add_task(action, org.community_a, "已完成任务", -5, done=-6)
    client = login("office")
    with translation.override("zh-hans"):
        detail = client.get(f"/projects/{project.pk}/", HTTP_ACCEPT_LANGUAGE="zh-hans").text
        tasks = client.get(f"/projects/actions/{action.pk}/", HTTP_ACCEPT_LANGUAGE="zh-hans").text
    columns = re.search(r'data-testid="milestone-columns">(.*?)</thead>', detail, re.S)
    assert columns
    headers = re.findall(r"<th>([^<]*)</th>", columns.group(1))
    assert headers == ["节点", "计划日期", "完成日期", "状态"]  # dates, not 计划 / 已完成
    task_headers = re.search(r'data-testid="task-table">\s*<thead><tr>(.*?)</tr>', tasks, re.S)
    assert task_headers and re.findall(r"<th>([^<]*)</th>", task_headers.group(1))[-1] == "完成日期"
