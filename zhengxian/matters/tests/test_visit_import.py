"""The visit import through its page: the page checks the file, then a background job writes
every row or none; refusals name the row and column in Chinese."""

from __future__ import annotations

import io
from urllib.parse import parse_qs, urlsplit

import openpyxl
from django.test import override_settings
from django.urls import reverse

from zhengxian.audit.models import AuditEntry
from zhengxian.core.spreadsheets.testing import upload, workbook_bytes
from zhengxian.jobs.models import Job, JobStatus
from zhengxian.matters.importing.columns import COLUMNS, SHEET
from zhengxian.matters.jobs_import import KIND
from zhengxian.matters.models import Visit, VisitParticipant

from .conftest import TODAY

ZH = {"Accept-Language": "zh-hans"}


def row(**values: object) -> dict[str, object]:
    return {
        "走访单位编码": "CX-XH",
        "走访日期": TODAY.isoformat(),
        "走访人": "湘湖干部",
        "走访对象": "住户",
        "所在社区编码": "",
        "企业/工地名称": "",
        "住户": "湘湖家园3幢",
        "走访情况": "了解独居老人生活情况",
    } | values


def xlsx(*rows: dict[str, object]) -> bytes:
    return workbook_bytes([(SHEET, COLUMNS, list(rows))])


def good_file() -> bytes:
    return xlsx(
        row(),
        row(走访人="湘湖干部、湘湖书记", 走访对象="社区", 住户="", 走访情况="社区走访"),
        row(走访日期="2026/3/1", 住户="湘湖家园5幢"),
    )


def post(client, data: bytes):
    return client.post(reverse("matters:visit_import"), {"file": upload(data)}, headers=ZH)


def job_of(response) -> Job:
    return Job.objects.get(pk=int(parse_qs(urlsplit(response["Location"]).query)["job"][0]))


def test_the_template_downloads_with_instructions_in_chinese(org, login):
    response = login("cadre_a").get(reverse("matters:visit_import_template"))

    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["说明", "走访"]
    assert book["说明"]["A1"].value == "走访记录导入说明"
    assert [c.value for c in book["走访"][1]] == list(COLUMNS)
    assert book["走访"]["A2"].value == "CX-XH" and book["走访"]["C2"].value == "湘湖干部"


def test_a_good_file_is_written_by_the_job_with_progress_and_one_audit_entry(org, login):
    client = login("cadre_a")
    before = AuditEntry.objects.count()
    response = post(client, good_file())

    assert response.status_code == 302
    job = job_of(response)
    assert (job.kind, job.owner, job.status) == (KIND, org.user("cadre_a"), JobStatus.SUCCEEDED)
    assert (job.done, job.total) == (3, 3)
    assert Visit.objects.filter(unit=org.community_a).count() == 3
    assert VisitParticipant.objects.count() == 4
    visit = Visit.objects.get(target_kind="community")
    assert {p.person.name for p in visit.participants.all()} == {"湘湖干部", "湘湖书记"}
    assert visit.month == 202603 and visit.recorded_by == org.user("cadre_a")
    assert AuditEntry.objects.count() == before + 1
    page = client.get(response["Location"], headers=ZH)
    assert 'data-testid="import-job"' in page.text and 'data-status="succeeded"' in page.text


def test_a_bad_row_writes_nothing_and_is_named_in_chinese(org, login):
    data = xlsx(row(), row(走访人="张三"), row(走访日期="2027-01-01"))
    response = post(login("cadre_a"), data)

    assert response.status_code == 400
    assert not Visit.objects.exists() and not Job.objects.exists()
    assert "没有名为张三的" in response.text or "张三" in response.text
    assert "走访人" in response.text and "走访日期" in response.text
    assert "<td>3</td>" in response.text and "<td>4</td>" in response.text


def test_a_row_of_a_foreign_unit_is_refused(org, login):
    response = post(login("cadre_a"), xlsx(row(), row(走访单位编码="CX-HT", 走访人="湖头陈干部")))

    assert response.status_code == 400
    assert "CX-HT" in response.text
    assert not Visit.objects.exists()


def test_a_cadre_without_the_right_is_refused(org, login):
    client = login("viewer_b")
    assert client.get(reverse("matters:visit_import")).status_code in (403, 404)
    assert client.get(reverse("matters:visit_import_template")).status_code in (403, 404)
    assert post(client, good_file()).status_code in (403, 404)
    assert not Visit.objects.exists()


def test_importing_the_same_file_again_writes_nothing_new(org, login):
    client = login("cadre_a")
    post(client, good_file())
    response = post(client, good_file())

    job = job_of(response)
    assert job.status == JobStatus.SUCCEEDED
    assert Visit.objects.count() == 3
    # A job's summary is written in the site's language when the job runs (zh-hans).
    page = client.get(response["Location"])
    assert "没有写入新记录" in page.text


@override_settings(ZHENGXIAN_IMPORT_MAX_ROWS=2)
def test_more_rows_than_the_setting_allows_are_refused(org, login):
    response = post(login("cadre_a"), good_file())

    assert response.status_code == 400
    assert 'data-testid="import-file-error"' in response.text
    assert not Visit.objects.exists() and not Job.objects.exists()


def test_sending_the_form_without_a_file_asks_for_one(org, login):
    response = login("cadre_a").post(reverse("matters:visit_import"), {}, headers=ZH)

    assert response.status_code == 200
    assert "这个字段是必填项" in response.content.decode()
    assert not Job.objects.exists()
