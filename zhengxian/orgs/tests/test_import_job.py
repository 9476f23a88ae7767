"""The import's writes run as a background job: the page checks the file, then the job creates
the accounts with progress; a row refused at write time stops it with the row named, and
Retry continues after the rows already saved, creating no one twice."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.urls import reverse

from zhengxian.jobs import runner
from zhengxian.jobs.models import Job, JobStatus
from zhengxian.orgs.importing.testing import person_row, unit_row, upload, xlsx
from zhengxian.orgs.models import Person
from zhengxian.orgs.tests.import_page import post_import

User = get_user_model()


def people_file(count: int) -> bytes:
    return xlsx(
        units=[unit_row("CX-NEW", "新湖社区")],
        people=[person_row(f"新人{n}", "CX-NEW", 账号=f"newbie{n}") for n in range(count)],
    )


def test_the_page_checks_the_file_then_a_job_creates_the_accounts(org, login):
    imported = post_import(login("office"), people_file(5))

    job = imported.job
    assert job.kind == "orgs.people_import" and job.owner == org.user("office")
    assert (job.status, job.done, job.total) == (JobStatus.SUCCEEDED, 6, 6)  # 1 unit, 5 people
    assert f'hx-get="/jobs/{job.pk}/progress/"' in imported.page.text
    assert User.objects.filter(username__startswith="newbie").count() == 5
    assert 'aria-valuenow="100"' in imported.progress.text
    assert "People created: 5" in imported.progress.text
    assert job.state == {}  # the one-time passwords left the checkpoint with the job done


def test_a_file_with_a_problem_starts_no_job(org, login):
    imported = post_import(login("office"), xlsx(people=[person_row("无单位", "CX-NOPE")]))

    assert imported.job is None and imported.context["outcome"].problems
    assert not Job.objects.exists()


def test_a_row_refused_at_write_time_stops_the_job_and_retry_creates_no_one_twice(
    org, login, settings
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    client = login("office")
    client.post(reverse("orgs:import"), {"file": upload(people_file(4))}, headers=_en())
    job = Job.objects.get()
    # Between the check and the job, someone takes the third person's account name.
    squatter = User.objects.create(username="newbie2")

    job = _run(job)
    page = client.get(reverse("jobs:job_progress", args=[job.pk]), headers=_en()).text
    assert job.status == JobStatus.FAILED and job.done == 3  # the unit and two people saved
    assert "人员" in job.error and "row 4" in job.error and "newbie2" in job.error
    assert 'data-testid="job-retry"' in page

    squatter.delete()
    assert client.post(reverse("jobs:job_retry", args=[job.pk])).status_code == 302
    job = _run(job)

    assert job.status == JobStatus.SUCCEEDED and job.attempts == 2
    assert Person.objects.filter(name__startswith="新人").count() == 4  # no one twice
    shown = client.get(reverse("jobs:job_progress", args=[job.pk])).text
    for n in range(4):  # the passwords of both attempts are shown together, once
        assert f"newbie{n}" in shown


def _en() -> dict[str, str]:
    return {"Accept-Language": "en"}


def _run(job: Job) -> Job:
    job.refresh_from_db()
    runner.run(job_id=job.pk, token=job.run_token, worker_id="test-worker")
    job.refresh_from_db()
    return job
