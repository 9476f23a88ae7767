"""The key-projects import through its page: the page checks the file, then a background job
writes every row or none, audited under the importer's name; its card shows on the page."""

from __future__ import annotations

from unittest import mock
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from zhengxian.audit.models import AuditEntry
from zhengxian.core.background import LocalJob
from zhengxian.core.errors import DomainError
from zhengxian.jobs import runner
from zhengxian.jobs.models import Job, JobStatus
from zhengxian.projects import services
from zhengxian.projects.importing.job import KIND, apply_in_job, plan_to_json
from zhengxian.projects.importing.reader import read_workbook
from zhengxian.projects.importing.validate import validate
from zhengxian.projects.models import Milestone, Project, Quantity

from .factories import make_project
from .xlsx import milestone_row, project_row, quantity_row, upload, xlsx

EN = {"Accept-Language": "en"}


def good_file() -> bytes:
    return xlsx(
        projects=[project_row("XM-1", 包联领导账号="project_lead"), project_row("XM-2")],
        milestones=[milestone_row("XM-1"), milestone_row("XM-2", "竣工", "2026-12-01")],
        quantities=[quantity_row("XM-1", 完成量=100)],
    )


def post(client, data: bytes, **headers: str):
    return client.post(reverse("projects:import"), {"file": upload(data)}, headers=headers)


def job_of(response) -> Job:
    return Job.objects.get(pk=int(parse_qs(urlsplit(response["Location"]).query)["job"][0]))


def run_again(job: Job) -> Job:
    job.refresh_from_db()
    runner.run(job_id=job.pk, token=job.run_token, worker_id="test-worker")
    job.refresh_from_db()
    return job


def test_the_page_checks_the_file_then_a_job_writes_it_audited_as_the_importer(org, today, login):
    client = login("office")
    response = post(client, good_file(), **EN)

    assert response.status_code == 302
    job = job_of(response)
    assert (job.kind, job.owner) == (KIND, org.user("office"))
    assert (job.status, job.done, job.total) == (JobStatus.SUCCEEDED, 5, 5)
    assert Project.objects.count() == 2 and Milestone.objects.count() == 2
    assert Quantity.objects.get().completed == 100
    entries = AuditEntry.objects.filter(model="projects.project")
    assert entries.count() == 2
    assert set(entries.values_list("actor", flat=True)) == {org.user("office").pk}
    page = client.get(response["Location"], headers=EN)
    assert page.status_code == 200
    assert 'data-testid="import-job"' in page.text and 'data-status="succeeded"' in page.text
    assert "Projects created: 2" in page.text and "Milestones created: 2" in page.text


def test_a_file_with_a_problem_starts_no_job(org, today, login):
    response = post(login("office"), xlsx(projects=[project_row("XM-1", 类别="赛跑步")]))

    assert response.status_code == 400 and "赛跑步" in response.text
    assert not Job.objects.exists() and not Project.objects.exists()


def test_a_refusal_while_writing_fails_the_job_and_leaves_nothing_written(org, today, login):
    real = services.milestone_create

    def refuse(**kwargs):
        real(**kwargs)
        raise ValidationError("数据库拒绝")

    client = login("office")
    with mock.patch.object(services, "milestone_create", side_effect=refuse):
        job = job_of(post(client, good_file()))

    assert job.status == JobStatus.FAILED
    assert "节点" in job.error and "2" in job.error and "数据库拒绝" in job.error
    assert not Project.objects.exists() and not Milestone.objects.exists()
    assert not AuditEntry.objects.filter(model__startswith="projects.").exists()
    card = client.get(reverse("jobs:job_progress", args=[job.pk])).text
    assert 'data-testid="job-error"' in card and 'data-testid="job-retry"' in card


def test_a_code_taken_after_the_check_fails_the_job_with_nothing_written(
    org, today, login, settings
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    client = login("office")
    job = job_of(post(client, xlsx(projects=[project_row("XM-1"), project_row("XM-2")]), **EN))
    make_project(org, "XM-2", unit=org.community_a)  # someone else, meanwhile

    job = run_again(job)

    assert job.status == JobStatus.FAILED
    assert "Nothing was imported" in job.error and "项目, row 3" in job.error
    assert list(Project.objects.values_list("code", flat=True)) == ["XM-2"]


def test_a_unit_deleted_after_the_check_stops_the_job_before_any_write(org, today):
    plan, problems = validate(read_workbook(upload(good_file())), user=org.user("office"))
    assert not problems
    data = plan_to_json(plan)
    data["projects"][1]["unit"] = 10**9  # no such unit any more

    with pytest.raises(DomainError):
        apply_in_job(LocalJob(owner=org.user("office")), plan=data)
    assert not Project.objects.exists()


def test_the_page_shows_only_the_users_own_import_job(org, today, login):
    job = job_of(post(login("office"), good_file()))
    other = login("leader_a").get(f"{reverse('projects:import')}?job={job.pk}")
    assert other.status_code == 200 and 'data-testid="import-job"' not in other.text


def test_a_job_whose_worker_stopped_after_the_commit_does_not_write_twice(org, today):
    plan, problems = validate(read_workbook(upload(good_file())), user=org.user("office"))
    assert not problems
    first = LocalJob(owner=org.user("office"))
    apply_in_job(first, plan=plan_to_json(plan))
    before = AuditEntry.objects.count()

    again = LocalJob(owner=org.user("office"))
    again.done, again.state = first.done, first.state
    outcome = apply_in_job(again, plan=plan_to_json(plan))

    assert outcome.data["projects_created"] == 2
    assert AuditEntry.objects.count() == before and Project.objects.count() == 2
