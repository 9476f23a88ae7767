"""The project list's export runs as a background job: the list's filters go with it, only
the projects the owner sees are written, and the workbook is handed out on the job's page."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.urls import reverse

from zhengxian.audit.models import AuditEntry
from zhengxian.jobs.models import Job

from .factories import make_project

pytestmark = pytest.mark.django_db


def _codes(data: bytes) -> set[str]:
    sheet = openpyxl.load_workbook(io.BytesIO(data), read_only=True).worksheets[0]
    return {str(row[0]) for row in sheet.iter_rows(min_row=2, values_only=True) if row[0]}


def test_the_export_button_queues_a_job_whose_workbook_holds_the_filtered_list(org, today, login):
    make_project(org, "P-ONE", name="一号项目")
    make_project(org, "P-TWO", name="二号项目")
    client = login("office")

    page = client.post(f"{reverse('projects:export')}?q=一号", follow=True)

    job = Job.objects.get(kind="projects.export")
    assert page.redirect_chain == [(reverse("jobs:job_detail", args=[job.pk]), 302)]
    assert job.status == "succeeded" and 'data-testid="job-file"' in page.content.decode()
    download = client.get(reverse("jobs:job_file", args=[job.pk]))
    assert _codes(b"".join(download.streaming_content)) == {"P-ONE"}
    [entry] = AuditEntry.objects.filter(changes__what="jobs.projects.export")
    assert entry.changes["file"].endswith(".xlsx")


def test_another_user_cannot_take_the_workbook(org, today, login):
    make_project(org, "P-ONE", name="一号项目")
    login("office").post(reverse("projects:export"))
    job = Job.objects.get(kind="projects.export")
    assert login("cadre_a").get(reverse("jobs:job_file", args=[job.pk])).status_code == 404
    assert login("office").get(reverse("jobs:job_file", args=[job.pk])).status_code == 200


def test_the_export_is_a_post(org, login):
    assert login("office").get(reverse("projects:export")).status_code == 405
