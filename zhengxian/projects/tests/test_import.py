"""Excel import of projects, milestones and quantities: all or nothing, every problem by row."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from unittest import mock

import openpyxl
import pytest
from django.core.exceptions import ValidationError

from zhengxian.audit.models import AuditEntry
from zhengxian.projects.importing import build_template, export_projects, project_import
from zhengxian.projects.importing.columns import PROJECT_COLUMNS
from zhengxian.projects.models import Milestone, Project, Quantity

from .conftest import TODAY
from .factories import make_project
from .xlsx import milestone_row, project_row, quantity_row, upload, xlsx


def run(org, data: bytes, user: str = "office"):
    return project_import(upload=upload(data), user=org.user(user))


def problems(outcome) -> list[tuple[str, int, str]]:
    return [(p.sheet, p.row, p.column) for p in outcome.problems]


def test_a_good_file_creates_projects_milestones_and_quantities(org, today):
    data = xlsx(
        projects=[
            project_row(
                "XM-1", 标签="征迁, 安置房", 公开="是", 包联领导账号="project_lead", 预警天数=10
            ),
            project_row(
                "XM-2", 类别="民生实事", 责任单位编码="CX-HT", **{"计划投资（万元）": "12.5"}
            ),
        ],
        milestones=[
            milestone_row(
                "XM-1", "方案批复", "2026/2/1", 实际完成日期="2026年2月3日", **{"计划进度（%）": 10}
            ),
            milestone_row("XM-1", "主体结顶", dt.datetime(2026, 6, 30)),
            milestone_row("XM-2", "竣工", "2026-12-01"),
        ],
        quantities=[quantity_row("XM-1", 完成量=100)],
    )
    outcome = run(org, data)
    assert outcome.imported, outcome.problems or outcome.file_error
    assert (
        outcome.result.projects_created,
        outcome.result.milestones_created,
        outcome.result.quantities_saved,
    ) == (2, 3, 1)
    one = Project.objects.get(code="XM-1")
    assert one.is_public and one.lead == org.people["project_lead"] and one.warn_days == 10
    assert sorted(one.tags.values_list("tag", flat=True)) == ["relocation", "resettlement"]
    assert one.milestones.get(name="方案批复").actual_date == dt.date(2026, 2, 3)
    assert one.milestones.get(name="方案批复").planned_percent == Decimal(10)
    assert Quantity.objects.get(project=one).completed == 100
    two = Project.objects.get(code="XM-2")
    assert (two.category, two.unit, two.planned_investment) == (
        "livelihood",
        org.community_b,
        Decimal("12.5"),
    )
    assert one.status_changes.exists()  # colours derived on import
    assert AuditEntry.objects.filter(model="projects.project").count() == 2


def test_a_file_with_bad_rows_writes_nothing_and_names_every_problem(org, today):
    data = xlsx(
        projects=[
            project_row("XM-1"),
            project_row("XM-2", 类别="赛跑步", 责任单位编码="NOPE", 计划开始="2026-13-01"),
            project_row("XM-1", 项目名称="重复"),
            project_row(
                "XM-3",
                计划开始="2026-05-01",
                计划完成="2026-04-01",
                公开="也许",
                包联领导账号="ghost",
            ),
            project_row("XM 4", 标签="Bad Tag!"),
        ],
        milestones=[
            milestone_row("XM-9", "不存在的项目"),
            milestone_row("XM-1", "未来完成", 实际完成日期="2026-04-01"),
            milestone_row("XM-1", "百分比", **{"计划进度（%）": 120}),
            milestone_row("XM-1", "", None),
        ],
        quantities=[quantity_row("XM-1", 计划量="很多")],
    )
    outcome = run(org, data)
    assert not outcome.imported
    assert problems(outcome) == [
        ("项目", 3, "类别"),
        ("项目", 3, "责任单位编码"),
        ("项目", 3, "计划开始"),
        ("项目", 4, "项目编码"),
        ("项目", 5, "包联领导账号"),
        ("项目", 5, "计划完成"),
        ("项目", 5, "公开"),
        ("项目", 6, "项目编码"),
        ("节点", 2, "项目编码"),
        ("节点", 3, "实际完成日期"),
        ("节点", 4, "计划进度（%）"),
        ("节点", 5, "节点名称"),
        ("节点", 5, "计划日期"),
        ("实物量", 2, "计划量"),
    ]
    assert not Project.objects.exists() and not Milestone.objects.exists()


def test_units_and_projects_outside_the_scope_are_refused(org, today):
    make_project(org, "XM-B", unit=org.community_b)
    data = xlsx(projects=[project_row("XM-1"), project_row("XM-B", 责任单位编码="CX-XH")])
    outcome = run(org, data, user="leader_a")  # MANAGE_PROJECTS over 湘湖社区 only
    assert problems(outcome) == [("项目", 3, "项目编码")]
    outcome = run(org, xlsx(projects=[project_row("XM-1", 责任单位编码="CX-HT")]), user="leader_a")
    assert problems(outcome) == [("项目", 2, "责任单位编码")]
    assert "outside" in outcome.problems[0].message or "范围" in outcome.problems[0].message
    outcome = run(org, xlsx(milestones=[milestone_row("XM-B")]), user="leader_a")
    assert problems(outcome) == [("节点", 2, "项目编码")]
    assert not Project.objects.filter(code="XM-1").exists()


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"", ("empty", "空")),
        (b"not a workbook at all", ("xlsx",)),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, ("xls",)),
        (b"PK\x03\x04broken zip", ("damaged", "损坏")),
        (xlsx(), ("项目",)),
        (xlsx(projects=[]), ("data rows", "数据")),
    ],
    ids=["empty", "text", "old-xls", "broken-zip", "no-sheet", "no-rows"],
)
def test_a_file_that_is_not_a_usable_workbook_is_refused_as_a_whole(org, today, data, words):
    outcome = run(org, data)
    assert outcome.file_error and not outcome.problems
    assert any(word in outcome.file_error for word in words), outcome.file_error


def test_wrong_headers_are_reported_on_row_one(org, today):
    headers = [h for h in PROJECT_COLUMNS if h != "类别"] + ["备注"]
    outcome = run(org, xlsx(projects=[project_row()], project_headers=headers))
    assert problems(outcome) == [("项目", 1, "备注"), ("项目", 1, "类别")]


def test_a_refusal_while_writing_rolls_back_the_whole_file(org, today):
    data = xlsx(
        projects=[project_row("XM-1"), project_row("XM-2")], milestones=[milestone_row("XM-2")]
    )
    from zhengxian.projects import services

    real = services.milestone_create

    def refuse(**kwargs):
        real(**kwargs)
        raise ValidationError("数据库拒绝")

    with mock.patch.object(services, "milestone_create", side_effect=refuse):
        outcome = run(org, data)
    assert problems(outcome) == [("节点", 2, "")]
    assert not Project.objects.exists() and not Milestone.objects.exists()


def test_an_existing_project_is_updated_and_an_unchanged_one_left_alone(org, today):
    assert run(
        org, xlsx(projects=[project_row("XM-1"), project_row("XM-2")], milestones=[milestone_row()])
    ).imported
    outcome = run(
        org,
        xlsx(
            projects=[project_row("XM-1", 项目名称="新名字"), project_row("XM-2")],
            milestones=[
                milestone_row(planned="2026-07-15"),
                milestone_row(name="竣工", planned="2026-12-20"),
            ],
        ),
    )
    result = outcome.result
    assert (result.projects_updated, result.projects_unchanged) == (1, 1)
    assert (result.milestones_updated, result.milestones_created) == (1, 1)
    assert Project.objects.get(code="XM-1").name == "新名字"
    assert Milestone.objects.get(name="主体结顶").planned_date == dt.date(2026, 7, 15)


def test_an_export_imports_back_unchanged(org, today):
    assert run(
        org,
        xlsx(
            projects=[
                project_row(
                    "XM-1",
                    标签="relocation",
                    公开="是",
                    包联领导账号="project_lead",
                    地点="城厢",
                    内部备注="内部",
                )
            ],
            milestones=[milestone_row(实际完成日期="2026-03-01", **{"计划进度（%）": "40.5"})],
            quantities=[quantity_row(完成量="12.25")],
        ),
    ).imported
    exported = export_projects(Project.objects.select_related("unit", "lead__user"))
    book = openpyxl.load_workbook(io.BytesIO(exported))
    assert book.sheetnames == ["项目", "节点", "实物量", "进度"]
    before = AuditEntry.objects.count()
    outcome = run(org, exported)
    assert outcome.imported, outcome.problems
    assert (outcome.result.projects_unchanged, outcome.result.milestones_updated) == (1, 0)
    assert AuditEntry.objects.count() == before


def test_the_template_imports_as_it_is(org, today):
    outcome = run(org, build_template(unit_code="CX-XH", today=TODAY))
    assert outcome.imported, outcome.problems
    assert Project.objects.get(code="XM-001").milestones.count() == 3


def test_the_import_page_shows_the_problems_and_the_template_downloads(org, today, login):
    client = login("office")
    assert client.get("/projects/import/").status_code == 200
    response = client.get("/projects/import/template.xlsx")
    assert response.status_code == 200 and response.content.startswith(b"PK")
    bad = upload(xlsx(projects=[project_row("XM-1", 类别="赛跑步")]))
    response = client.post("/projects/import/", {"file": bad})
    assert response.status_code == 400
    assert "赛跑步" in response.text
    assert not Project.objects.exists()  # a file with a problem is not written (nor queued)
    assert login("cadre_a").get("/projects/import/").status_code == 403
