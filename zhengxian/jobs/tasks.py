"""The one task of the queue: run a job. Every kind of job goes through it, so the queue
carries only the job's id and run token, and the Job row carries the rest."""

from __future__ import annotations

from django_tasks import TaskContext, task

from . import runner


@task(takes_context=True)
def run_job(context: TaskContext, job_id: int, token: int) -> None:
    worker_ids = context.task_result.worker_ids
    runner.run(job_id=job_id, token=token, worker_id=worker_ids[-1] if worker_ids else "")
