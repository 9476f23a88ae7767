"""One action produces both files: the circular's job writes the Word circular and the Excel
workbook into one .zip that its owner downloads from the job's card."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.urls import reverse

from zhengxian.audit.models import AuditEntry
from zhengxian.jobs.models import Job

from .circular_data import build_circular_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(org):
    return build_circular_data(org)


def test_the_office_produces_word_and_excel_in_one_job(org, login, data):
    office = login("office")
    page = office.post(reverse("cockpit:circular_pack", args=[data.feb.pk]), follow=True)

    job = Job.objects.get(kind="cockpit.circular")
    assert job.status == "succeeded" and job.owner == org.user("office")
    assert 'data-testid="job-file"' in page.content.decode()
    download = office.get(reverse("jobs:job_file", args=[job.pk]))
    archive = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    assert sorted(archive.namelist()) == [
        "test-2026-2026-02-v2-circular.docx",
        "test-2026-2026-02-v2-circular.xlsx",
    ]
    direct = office.get(reverse("cockpit:circular_xlsx", args=[data.feb.pk])).content
    assert len(archive.read("test-2026-2026-02-v2-circular.xlsx")) > 0 and len(direct) > 0
    assert AuditEntry.objects.filter(changes__what="jobs.cockpit.circular").exists()


@pytest.mark.parametrize("who", ["cadre_b", "leader_a"])
def test_a_units_people_cannot_start_the_circular_job(login, data, who):
    assert login(who).post(reverse("cockpit:circular_pack", args=[data.feb.pk])).status_code == 403
    assert not Job.objects.exists()
    # control: the leadership may
    login("leadership").post(reverse("cockpit:circular_pack", args=[data.feb.pk]))
    assert Job.objects.get().status == "succeeded"


def test_a_period_without_a_publication_starts_no_job(login, data):
    answer = login("office").post(reverse("cockpit:circular_pack", args=[data.mar.pk]))
    assert answer.status_code == 404 and not Job.objects.exists()


def test_the_card_is_shown_only_to_the_job_owner(login, data):
    login("office").post(reverse("cockpit:circular_pack", args=[data.feb.pk]))
    job = Job.objects.get()
    url = f"{reverse('cockpit:circular', args=[data.feb.pk])}?job={job.pk}"
    assert 'data-testid="job"' in login("office").get(url).content.decode()
    other = login("leadership").get(url)
    assert other.status_code == 200 and 'data-testid="job"' not in other.content.decode()
