"""What the owner of a background job sees: the bar advancing, why a job failed, Retry; and
that no one else can see or retry it."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from zhengxian.core import clock
from zhengxian.jobs import services
from zhengxian.jobs.models import Job, JobStatus
from zhengxian.orgs.models import RoleAssignment

from . import handlers

pytestmark = pytest.mark.django_db


def start(org, handler, who="office", perm="", **params) -> Job:
    return services.job_start(
        owner=org.user(who),
        kind="tests.count",
        label="数一数",
        handler=handler,
        params=params,
        perm=perm,
    )


def progress_page(client, job: Job) -> str:
    response = client.get(reverse("jobs:job_progress", args=[job.pk]))
    assert response.status_code == 200
    return response.text


def test_the_bar_advances_step_by_step_and_stops_polling_when_done(org, login, held_queue):
    client = login("office")
    job = start(org, handlers.count_to, steps=4)
    waiting = progress_page(client, job)
    assert 'data-status="queued"' in waiting and 'hx-trigger="every 1s"' in waiting
    assert 'aria-valuenow="0"' in waiting

    seen: list[str] = []
    handlers.ON_STEP.append(lambda step: seen.append(progress_page(client, job)))
    try:
        held_queue(job)
    finally:
        handlers.ON_STEP.clear()

    assert [page.count('hx-trigger="every 1s"') for page in seen] == [1, 1, 1, 1]
    for percent, page in zip((25, 50, 75, 100), seen, strict=True):
        assert f'aria-valuenow="{percent}"' in page and 'data-status="running"' in page
    assert "3 / 4" in seen[2]
    done = progress_page(client, job)
    assert 'data-status="succeeded"' in done and 'aria-valuenow="100"' in done
    assert "hx-trigger" not in done  # polling stops
    assert "Counted to 4" in done


def test_a_job_no_worker_takes_says_so_after_half_a_minute(org, login, held_queue):
    client = login("office")
    job = start(org, handlers.count_to, steps=1)
    assert 'data-testid="job-no-worker"' not in progress_page(client, job)

    Job.objects.filter(pk=job.pk).update(heartbeat_at=clock.now() - dt.timedelta(seconds=31))

    assert 'data-testid="job-no-worker"' in progress_page(client, job)
    held_queue(job)
    assert 'data-testid="job-no-worker"' not in progress_page(client, job)


def test_a_failed_job_says_why_and_its_owner_retries_it_from_where_it_stopped(
    org, login, held_queue, tmp_path
):
    client = login("office")
    source = tmp_path / "source.xlsx"
    job = held_queue(start(org, handlers.needs_file, path=str(source), steps=4))

    page = progress_page(client, job)
    assert job.status == JobStatus.FAILED and job.done == 2
    assert "The source file is missing: upload it, then retry." in page
    assert 'data-testid="job-retry"' in page and "hx-trigger" not in page

    source.write_text("now here")
    response = client.post(reverse("jobs:job_retry", args=[job.pk]), headers={"HX-Request": "true"})
    assert response.status_code == 200 and 'data-status="queued"' in response.text
    job = held_queue(job)

    assert job.status == JobStatus.SUCCEEDED and job.attempts == 2
    page = progress_page(client, job)
    assert "All steps done" in page and 'aria-valuenow="100"' in page


def test_an_unexpected_error_is_told_in_plain_words_and_kept_for_the_administrator(
    org, login, held_queue
):
    client = login("office")
    job = held_queue(start(org, handlers.crash))

    page = progress_page(client, job)
    assert job.status == JobStatus.FAILED
    assert f"任务编号 {job.pk}" in page or f"job number {job.pk}" in page
    assert "secret internals" not in page  # the traceback is not for the user…
    assert "secret internals" in job.error_detail  # …but kept for the administrator


def test_a_job_speaks_the_language_it_was_started_in(org, held_queue):
    chinese = held_queue(start(org, handlers.crash))  # the default language: Chinese
    with translation.override("en"):
        english = start(org, handlers.crash)
    english = held_queue(english)  # the worker runs it in no particular language

    assert (chinese.language, chinese.message) == ("zh-hans", "失败")
    assert (english.language, english.message) == ("en", "Failed")
    assert "job number" in english.error


def test_only_the_owner_sees_their_job_and_only_the_owner_may_retry_it(
    org, login, held_queue, client
):
    job = held_queue(start(org, handlers.crash))
    urls = [
        reverse("jobs:job_detail", args=[job.pk]),
        reverse("jobs:job_progress", args=[job.pk]),
        reverse("jobs:job_file", args=[job.pk]),
    ]
    other = login("evaluator")  # same sub-district, more rights than many: still not theirs
    for url in urls:
        assert other.get(url).status_code == 404, url
    assert other.post(reverse("jobs:job_retry", args=[job.pk])).status_code == 404
    assert "数一数" not in other.get(reverse("jobs:job_list")).text
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and job.run_token == 1  # nothing queued again

    owner = login("office")  # the positive control
    assert owner.get(urls[0]).status_code == 200
    assert "数一数" in owner.get(reverse("jobs:job_list")).text
    assert owner.post(reverse("jobs:job_retry", args=[job.pk])).status_code == 302
    job.refresh_from_db()
    assert job.run_token == 2


def test_a_user_who_lost_the_permission_of_the_job_cannot_retry_it(org, login, held_queue):
    job = held_queue(start(org, handlers.crash, perm="import_org"))
    RoleAssignment.objects.filter(person=org.people["office"]).delete()

    response = login("office").post(reverse("jobs:job_retry", args=[job.pk]))

    assert response.status_code == 403
    job.refresh_from_db()
    assert job.run_token == 1


def test_retry_is_a_post_and_refuses_a_job_that_did_not_fail(org, login, held_queue):
    client = login("office")
    job = held_queue(start(org, handlers.count_to, steps=1))
    url = reverse("jobs:job_retry", args=[job.pk])

    assert client.get(url).status_code == 405
    response = client.post(url, follow=True, headers={"Accept-Language": "en"})
    assert "Only a failed job can be retried." in response.text
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED and job.run_token == 1


def test_a_job_whose_worker_stopped_is_queued_again_and_resumes_after_its_last_step(
    org, held_queue
):
    job = start(org, handlers.count_to, steps=5)
    # A worker claimed it, did two steps and was killed: the row says RUNNING, done 2.
    job = Job.objects.get(pk=job.pk)
    claimed = services.job_claim(job_id=job.pk, token=job.run_token, worker_id="dead")
    services.progress(claimed, 2, 5, state={"seen": [0, 1]})
    later = clock.now() + dt.timedelta(seconds=services.lease_seconds() + 1)

    assert services.jobs_requeue_stale(now=clock.now()) == []  # still within its lease
    assert services.jobs_requeue_stale(now=later) == [job.pk]
    job = held_queue(job)

    assert job.status == JobStatus.SUCCEEDED and job.attempts == 2
    assert job.result["data"]["seen"] == [0, 1, 2, 3, 4]  # each step exactly once


def test_a_job_that_keeps_losing_its_worker_fails_with_a_reason(org, held_queue):
    job = start(org, handlers.count_to, steps=5)
    for _ in range(services.max_lost_runs()):
        job.refresh_from_db()
        services.job_claim(job_id=job.pk, token=job.run_token, worker_id="dead")
        later = clock.now() + dt.timedelta(seconds=services.lease_seconds() + 1)
        services.jobs_requeue_stale(now=later)

    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert "3" in job.error


def test_a_run_with_an_old_token_does_nothing(org, held_queue):
    job = start(org, handlers.count_to, steps=2)
    token = job.run_token
    services.job_claim(job_id=job.pk, token=token, worker_id="w1")

    assert services.job_claim(job_id=job.pk, token=token, worker_id="w2") is None  # twice
    assert services.job_claim(job_id=job.pk, token=token - 1, worker_id="w3") is None  # stale


def test_only_marked_functions_run_as_jobs(org):
    with pytest.raises(ValueError):
        start(org, handlers.not_a_handler)


def test_an_export_file_is_downloaded_by_its_owner_only(org, login, held_queue):
    job = held_queue(start(org, handlers.export, text="总分 98"))
    url = reverse("jobs:job_file", args=[job.pk])

    assert login("evaluator").get(url).status_code == 404
    response = login("office").get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).decode() == "总分 98"
    assert url in progress_page(login("office"), job)


def test_my_jobs_lists_my_jobs_on_a_phone_sized_table(org, login, held_queue):
    held_queue(start(org, handlers.count_to, steps=1))

    page = login("office").get(reverse("jobs:job_list")).text

    assert "数一数" in page and "zx-table-wrap" in page and "zx-hide-sm" in page


def test_every_page_offers_my_jobs_in_the_user_menu(org, login):
    home = login("cadre_a").get(reverse("home:home"))
    assert home.status_code == 200 and 'data-testid="user-menu"' in home.text
    assert f'href="{reverse("jobs:job_list")}" data-testid="my-jobs-link"' in home.text


def test_prune_forgets_jobs_finished_long_ago_and_keeps_the_others(org, held_queue):
    old = held_queue(start(org, handlers.export, text="旧"))
    recent = held_queue(start(org, handlers.crash))
    running = start(org, handlers.count_to, steps=3)
    Job.objects.filter(pk=old.pk).update(finished_at=clock.now() - dt.timedelta(days=31))
    old_file = old.result_file.name
    assert default_storage.exists(old_file)

    call_command("prune_jobs", "--days", "30", stdout=io.StringIO())

    assert set(Job.objects.values_list("pk", flat=True)) == {recent.pk, running.pk}
    assert not default_storage.exists(old_file)
