"""Fixtures of the jobs tests: a queue that holds runs until the test runs them."""

from __future__ import annotations

import pytest

from zhengxian.jobs import runner
from zhengxian.jobs.models import Job


@pytest.fixture
def held_queue(settings):
    """Runs wait in the queue (as with no worker running); ``run(job)`` runs the queued one."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}

    def run(job: Job) -> Job:
        job.refresh_from_db()
        runner.run(job_id=job.pk, token=job.run_token, worker_id="test-worker")
        job.refresh_from_db()
        return job

    return run
