"""A file that cannot be imported as a whole gets one clear message, and changes nothing."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.contrib.auth import get_user_model
from django.test import override_settings
from django.urls import reverse

from zhengxian.audit.models import AuditEntry
from zhengxian.orgs.importing.testing import person_row, unit_row, xlsx
from zhengxian.orgs.models import Person, Unit
from zhengxian.orgs.tests.import_page import Imported, post_import

User = get_user_model()

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504


def database_state() -> tuple[int, ...]:
    return (
        Unit.objects.count(),
        Person.objects.count(),
        User.objects.count(),
        AuditEntry.objects.exclude(action="login").count(),  # logging in is not importing
    )


def post(client, data: bytes, name: str = "import.xlsx") -> Imported:
    return post_import(client, data, name)


def plain_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "not a workbook")
    return buffer.getvalue()


FILES = {
    "empty file": (b"", "The file is empty."),
    "png renamed .xlsx": (PNG, "The file is not an Excel .xlsx workbook."),
    "text renamed .xlsx": (
        "姓名,单位编码\n张三,CX\n".encode(),
        "The file is not an Excel .xlsx workbook.",
    ),
    "password-protected or .xls": (OLE, "The file is password-protected or in the old .xls format"),
    "truncated zip": (b"PK\x03\x04" + b"\x00" * 100, "The file is damaged"),
    "zip that is not a workbook": (plain_zip(), "The file is damaged"),
    "no 单位 or 人员 sheet": (
        xlsx(extra_sheets=["Sheet1"]),
        "The workbook has no sheet named 单位 or 人员",
    ),
    "headers but no rows": (xlsx(units=[], people=[]), "The file has no data rows"),
}


@pytest.mark.parametrize("case", list(FILES))
def test_an_unusable_file_gets_one_clear_message(case, org, login):
    data, message = FILES[case]
    before = database_state()

    response = post(login("office"), data)

    outcome = response.context["outcome"]
    assert outcome.file_error.startswith(message), outcome.file_error
    assert outcome.result is None and not outcome.problems
    assert 'data-testid="import-file-error"' in response.text
    assert database_state() == before


def test_a_truncated_workbook_is_reported_as_damaged(org, login):
    whole = xlsx(units=[unit_row("CX-A")])

    outcome = post(login("office"), whole[: len(whole) // 2]).context["outcome"]

    assert outcome.file_error.startswith("The file is damaged")


def test_the_file_is_judged_by_its_content_not_its_name(org, login):
    response = post(login("office"), xlsx(units=[unit_row("CX-A")]), name="units.txt")

    assert response.result.units_created == 1


@override_settings(ZHENGXIAN_IMPORT_MAX_BYTES=2000)
def test_a_file_over_the_size_limit_is_refused_before_it_is_parsed(org, login):
    data = xlsx(units=[unit_row(f"CX-{n}") for n in range(50)])
    assert len(data) > 2000
    before = database_state()

    outcome = post(login("office"), data).context["outcome"]

    assert outcome.file_error.startswith("The file is larger than")
    assert database_state() == before


@override_settings(ZHENGXIAN_IMPORT_MAX_BYTES=8000)
def test_a_small_file_that_unpacks_to_too_much_is_refused(org, login):
    data = xlsx(units=[unit_row(f"CX-{n}", name="x" * 30000 + str(n)) for n in range(6)])
    assert len(data) < 8000

    outcome = post(login("office"), data).context["outcome"]

    assert outcome.file_error == "The file unpacks to too much data; split it into smaller files."


@override_settings(ZHENGXIAN_IMPORT_MAX_ROWS=3)
def test_too_many_rows_are_refused(org, login):
    before = database_state()
    data = xlsx(units=[unit_row("CX-A"), unit_row("CX-B")], people=[person_row(), person_row()])

    outcome = post(login("office"), data).context["outcome"]

    assert outcome.file_error == "The file has more than 3 data rows; split it into smaller files."
    assert database_state() == before


@override_settings(ZHENGXIAN_IMPORT_MAX_ROWS=3)
def test_rows_up_to_the_limit_are_accepted(org, login):
    data = xlsx(units=[unit_row("CX-A"), unit_row("CX-B")], people=[person_row()])

    assert post(login("office"), data).result.people_created == 1


def test_wrong_headers_name_the_unknown_and_the_missing_columns(org, login):
    headers = ["单位编码", "单位名称", "类别", "上级单位编码", "排序", "排序"]
    before = database_state()

    outcome = post(login("office"), xlsx(units=[unit_row("CX-A")], unit_headers=headers)).context[
        "outcome"
    ]

    assert outcome.file_error.startswith("The column headers do not match the template")
    problems = {(p.sheet, p.row, p.column): p.message for p in outcome.problems}
    assert problems == {
        ("单位", 1, "类别"): (
            "Unknown column 类别; the columns are: 单位编码、单位名称、类型、上级单位编码、排序."
        ),
        ("单位", 1, "排序"): "The column 排序 appears twice.",
        ("单位", 1, "类型"): "The column 类型 is missing.",
    }
    assert database_state() == before


def test_headers_may_come_in_any_order(org, login):
    headers = ["排序", "类型", "单位名称", "上级单位编码", "单位编码"]

    imported = post(login("office"), xlsx(units=[unit_row("CX-A")], unit_headers=headers))

    assert imported.result.units_created == 1


def test_a_people_sheet_missing_a_column_is_reported(org, login):
    headers = ["姓名", "单位编码", "职务", "手机", "账号", "角色", "角色范围单位编码"]

    outcome = post(login("office"), xlsx(people=[person_row()], person_headers=headers)).context[
        "outcome"
    ]

    assert [(p.sheet, p.row, p.column) for p in outcome.problems] == [("人员", 1, "任职日期")]


def test_the_form_requires_a_file(org, login):
    response = login("office").post(reverse("orgs:import"), {}, headers={"Accept-Language": "en"})

    assert response.status_code == 200
    assert response.context["outcome"] is None
    assert response.context["form"].errors["file"]
