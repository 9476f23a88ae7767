"""Every row is checked before anything is written: each problem names its sheet, row and column,
and a file with any problem changes nothing."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import translation

from zhengxian.audit.models import AuditEntry
from zhengxian.orgs import services, views_import
from zhengxian.orgs.importing import org_import
from zhengxian.orgs.importing.testing import person_row, unit_row, upload, xlsx
from zhengxian.orgs.models import Person, RoleAssignment, Unit
from zhengxian.orgs.tests.import_page import Imported, post_import

User = get_user_model()
U, P = "单位", "人员"


def database_state() -> tuple[object, ...]:
    return (
        Unit.objects.count(),
        Person.objects.count(),
        RoleAssignment.objects.count(),
        User.objects.count(),
        AuditEntry.objects.exclude(action="login").count(),  # logging in is not importing
        tuple(Unit.objects.order_by("pk").values_list("code", "name", "parent_id", "path")),
    )


def post(client, data: bytes) -> Imported:
    return post_import(client, data)


VALID_UNIT = unit_row("CX-OK", "正常社区", "社区", "CX")
VALID_PERSON = person_row("正常人", "CX-OK", 账号="ok_person", 角色="干部")

CASES = {
    "bad date": (
        dict(people=[VALID_PERSON, person_row("甲", 任职日期="2023-13-45")]),
        (P, 3, "任职日期", "Enter a date such as 2023-03-01."),
    ),
    "date that is not a date": (
        dict(people=[person_row("甲", 任职日期="去年春天")]),
        (P, 2, "任职日期", "Enter a date such as 2023-03-01."),
    ),
    "duplicate code in the file": (
        dict(units=[VALID_UNIT, unit_row("CX-OK", "又一个")]),
        (U, 3, "单位编码", "The unit code CX-OK is already used in row 2."),
    ),
    "code of a unit outside the scope": (
        dict(units=[unit_row("XS", "萧山区（改）", "区", None)]),
        (U, 2, "单位编码", "The unit XS exists outside your scope."),
    ),
    "unknown parent": (
        dict(units=[VALID_UNIT, unit_row("CX-X", parent="NOPE")]),
        (U, 3, "上级单位编码", "Unknown parent unit code NOPE."),
    ),
    "parent outside the scope": (
        dict(units=[unit_row("CX-X", parent="XS")]),
        (U, 2, "上级单位编码", "The parent unit XS is outside your scope."),
    ),
    "missing parent of a new unit": (
        dict(units=[unit_row("CX-X", parent=None)]),
        (U, 2, "上级单位编码", "Enter the parent unit code."),
    ),
    "unit that is its own parent": (
        dict(units=[unit_row("CX-X", parent="CX-X")]),
        (U, 2, "上级单位编码", "A unit cannot be its own parent."),
    ),
    "cycle in the file": (
        dict(units=[VALID_UNIT, unit_row("CX-A", parent="CX-B"), unit_row("CX-B", parent="CX-A")]),
        (U, 3, "上级单位编码", "The parent units of CX-A form a loop."),
    ),
    "cycle through the database": (
        dict(units=[unit_row("CX-XH", "湘湖社区", "社区", "CX-XH-G1")]),
        (U, 2, "上级单位编码", "The parent units of CX-XH form a loop."),
    ),
    "bad kind": (
        dict(units=[unit_row("CX-X", kind="小区")]),
        (U, 2, "类型", "Unknown unit kind 小区; use one of: 区、街道、社区、科室、网格."),
    ),
    "missing kind": (
        dict(units=[unit_row("CX-X", kind=" ")]),
        (U, 2, "类型", "Enter the unit kind."),
    ),
    "bad code": (
        dict(units=[unit_row("新 单位")]),
        (U, 2, "单位编码", "A code is 1–32 letters, digits, dots, dashes or underscores."),
    ),
    "missing name": (
        dict(units=[unit_row("CX-X", name="")]),
        (U, 2, "单位名称", "Enter the unit name."),
    ),
    "order that is not a number": (
        dict(units=[unit_row("CX-X", order="第一")]),
        (U, 2, "排序", "Enter a whole number."),
    ),
    "bad role": (
        dict(people=[person_row("甲", 角色="干部、队长")]),
        (
            P,
            2,
            "角色",
            "Unknown role 队长; use one of: "
            "作风办、考评员、单位负责人、干部、包联领导、纪检监督、班子领导、查看.",
        ),
    ),
    "bad phone": (
        dict(people=[person_row("甲", 手机=12345)]),
        (P, 2, "手机", "Enter an 11-digit mobile number or a landline such as 0571-82345678."),
    ),
    "duplicate account in the file": (
        dict(people=[person_row("甲", 账号="zs"), person_row("乙", 账号="ZS")]),
        (P, 3, "账号", "The account ZS is already used in row 2."),
    ),
    "account that exists": (
        dict(people=[person_row("甲", 账号="Office")]),
        (P, 2, "账号", "The account name Office is taken."),
    ),
    "bad account name": (
        dict(people=[person_row("甲", 账号="张 三!")]),
        (P, 2, "账号", None),
    ),
    "missing person name": (
        dict(people=[person_row("", "CX-XH")]),
        (P, 2, "姓名", "Enter the name."),
    ),
    "unknown unit of a person": (
        dict(units=[VALID_UNIT], people=[VALID_PERSON, person_row("甲", "NOPE")]),
        (P, 3, "单位编码", "Unknown unit code NOPE."),
    ),
    "person in a unit outside the scope": (
        dict(people=[person_row("甲", "XS")]),
        (P, 2, "单位编码", "The unit XS is outside your scope."),
    ),
    "role over a unit outside the scope": (
        dict(people=[person_row("甲", 角色="查看", 角色范围单位编码="XS")]),
        (P, 2, "角色范围单位编码", "The unit XS is outside your scope."),
    ),
    "role scope unit without a role": (
        dict(people=[person_row("甲", 角色范围单位编码="CX-XH")]),
        (P, 2, "角色范围单位编码", "A role scope unit is given but no role."),
    ),
    "text too long": (
        dict(people=[person_row("甲", 职务="长" * 51)]),
        (P, 2, "职务", "The text is longer than 50 characters."),
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_a_bad_row_is_reported_with_its_cell_and_nothing_is_written(case, org, login):
    sheets, (sheet, row, column, message) = CASES[case]
    before = database_state()

    response = post(login("office"), xlsx(**sheets))

    outcome = response.context["outcome"]
    assert outcome.result is None
    problems = {(p.sheet, p.row, p.column): p.message for p in outcome.problems}
    assert (sheet, row, column) in problems, outcome.problems
    if message is not None:
        assert problems[(sheet, row, column)] == message
    assert database_state() == before
    assert 'data-testid="import-problems"' in response.text


def test_every_problem_of_the_file_is_reported_at_once(org, login):
    data = xlsx(
        units=[unit_row("CX-X", kind="小区"), unit_row("CX-Y", parent="NOPE", order="x")],
        people=[person_row("甲", 手机="123"), person_row("乙", 角色="队长", 任职日期="昨天")],
    )

    outcome = post(login("office"), data).context["outcome"]

    cells = [(p.sheet, p.row, p.column) for p in outcome.problems]
    assert cells == [
        (U, 2, "类型"),
        (U, 3, "排序"),
        (U, 3, "上级单位编码"),
        (P, 2, "手机"),
        (P, 3, "角色"),
        (P, 3, "任职日期"),
    ]


def test_a_loop_reports_every_unit_in_it(org, login):
    data = xlsx(
        units=[
            unit_row("CX-A", parent="CX-C"),
            unit_row("CX-B", parent="CX-A"),
            unit_row("CX-C", parent="CX-B"),
            unit_row("CX-D", parent="CX-C"),
        ]
    )

    outcome = post(login("office"), data).context["outcome"]

    looping = [(p.row, p.column) for p in outcome.problems]
    assert looping == [(2, "上级单位编码"), (3, "上级单位编码"), (4, "上级单位编码")]


def test_row_numbers_are_excel_row_numbers_across_blank_rows(org, login):
    data = xlsx(units=[VALID_UNIT, {}, {}, unit_row("CX-X", kind="小区")])

    outcome = post(login("office"), data).context["outcome"]

    assert [(p.sheet, p.row, p.column) for p in outcome.problems] == [(U, 5, "类型")]


def test_a_unit_leader_cannot_import_even_inside_their_unit(org, login):
    response = post(login("leader_a"), xlsx(units=[unit_row("CX-XH-G2", parent="CX-XH")]))

    assert response.status_code == 403
    assert not Unit.objects.filter(code="CX-XH-G2").exists()
    post(login("office"), xlsx(units=[unit_row("CX-XH-G2", parent="CX-XH")]))
    assert Unit.objects.filter(code="CX-XH-G2").exists()  # the same file imports for the office


def test_a_row_refused_while_writing_rolls_back_the_whole_file(org, monkeypatch):
    real_person_create = services.person_create
    calls = []

    def refuse_the_second(**kwargs):
        calls.append(kwargs["name"])
        if len(calls) == 2:
            raise ValidationError("refused")
        return real_person_create(**kwargs)

    monkeypatch.setattr(services, "person_create", refuse_the_second)
    before = database_state()
    data = xlsx(units=[VALID_UNIT], people=[VALID_PERSON, person_row("乙", "CX-OK", 账号="yi")])

    with translation.override("en"):
        outcome = org_import(upload=upload(data), user=org.user("office"))

    assert calls == ["正常人", "乙"]
    assert [(p.sheet, p.row, p.message) for p in outcome.problems] == [(P, 3, "refused")]
    assert outcome.result is None
    assert database_state() == before


def test_a_long_list_of_problems_is_cut_on_the_page_but_counted(org, login, monkeypatch):
    monkeypatch.setattr(views_import, "SHOWN_PROBLEMS", 2)
    data = xlsx(units=[unit_row(f"CX-{n}", kind="小区") for n in range(5)])

    response = post(login("office"), data)

    assert len(response.context["problems"]) == 2
    assert response.context["problems_total"] == 5
    assert "3 more problems are not shown." in response.text
