"""The import page and its templates: who may use them, what they hold, and that they import."""

from __future__ import annotations

import io
import re

import openpyxl
import pytest
from django.urls import reverse

from zhengxian.orgs.importing.columns import PERSON_COLUMNS, UNIT_COLUMNS
from zhengxian.orgs.models import Person, Unit
from zhengxian.orgs.tests.import_page import Imported, post_import


def download(client, kind: str):
    return client.get(reverse("orgs:import_template", args=[kind]))


def reimport(client, data: bytes) -> Imported:
    return post_import(client, data, "filled.xlsx")


def test_the_page_offers_the_templates_and_an_upload_form_with_a_progress_indicator(org, login):
    response = login("office").get(reverse("orgs:import"))

    assert response.status_code == 200
    html = response.text
    for kind in ("all", "units", "people"):
        assert reverse("orgs:import_template", args=[kind]) in html
    assert 'enctype="multipart/form-data"' in html
    assert re.search(r"<div data-progress class=\"d-none[^\"]*\"", html)
    assert not re.search(r"<script(?![^>]*\bsrc=)", html), "inline scripts break the CSP"


@pytest.mark.parametrize(
    ("kind", "sheets"),
    [("all", ["说明", "单位", "人员"]), ("units", ["说明", "单位"]), ("people", ["说明", "人员"])],
)
def test_a_template_downloads_as_an_xlsx_with_headers_examples_and_lists(kind, sheets, org, login):
    response = download(login("office"), kind)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response["Content-Disposition"].startswith("attachment;")
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == sheets
    assert "导入说明" in book["说明"]["A1"].value
    if "单位" in sheets:
        units = book["单位"]
        assert tuple(c.value for c in units[1]) == UNIT_COLUMNS
        assert units.max_row >= 2
        assert units["A1"].comment is not None
        formulas = [v.formula1 for v in units.data_validations.dataValidation]
        assert '"区,街道,社区,科室,网格"' in formulas
    if "人员" in sheets:
        people = book["人员"]
        assert tuple(c.value for c in people[1]) == PERSON_COLUMNS
        formulas = [v.formula1 for v in people.data_validations.dataValidation]
        assert any("单位负责人" in f for f in formulas)


def test_the_full_template_reimports_cleanly_with_its_example_rows(org, login):
    client = login("office")
    data = download(client, "all").content

    imported = reimport(client, data)

    assert imported.context["outcome"] is None  # no problem: the page went on to the job
    assert (imported.result.units_created, imported.result.people_created) == (2, 2)
    example = Unit.objects.get(code="EXAMPLE-SQ")
    assert example.parent == org.subdistrict  # the examples hang under the importer's scope
    assert Unit.objects.get(code="EXAMPLE-SQ-G1").parent == example
    assert [a.username for a in imported.result.accounts] == ["example_zhang"]
    assert Person.objects.get(name="李示例").roles.count() == 2


def test_the_units_and_people_templates_reimport_cleanly_one_after_the_other(org, login):
    client = login("office")

    units = reimport(client, download(client, "units").content)
    people = reimport(client, download(client, "people").content)

    assert units.result.units_created == 2, units.context["outcome"]
    assert people.result.people_created == 2, people.context["outcome"]
    assert Person.objects.get(name="张示例").unit == org.subdistrict


def test_reimporting_the_same_template_reports_the_taken_account(org, login):
    client = login("office")
    data = download(client, "all").content
    reimport(client, data)

    outcome = reimport(client, data).context["outcome"]

    assert [(p.sheet, p.column, p.message) for p in outcome.problems] == [
        ("人员", "账号", "The account name example_zhang is taken.")
    ]


def test_an_unknown_template_is_not_found(org, login):
    assert download(login("office"), "everything").status_code == 404
    assert download(login("office"), "all").status_code == 200  # a known one downloads


@pytest.mark.parametrize("who", ["cadre_a", "leader_a", "viewer_b", "evaluator"])
def test_people_without_the_import_permission_get_403(who, org, login):
    client = login(who)

    assert client.get(reverse("orgs:import")).status_code == 403
    assert download(client, "all").status_code == 403
    assert reimport(client, b"whatever").status_code == 403
    office = login("office")  # the same addresses open for the office
    assert office.get(reverse("orgs:import")).status_code == 200
    assert download(office, "all").status_code == 200


def test_an_anonymous_visitor_is_sent_to_log_in(client, org):
    response = client.get(reverse("orgs:import"))

    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]
