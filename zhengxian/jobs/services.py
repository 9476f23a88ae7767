"""Writes of background jobs: start, progress, succeed, fail, retry, and the requeue of jobs
whose worker died.

The API for task code (see docs/developing.md, "Background jobs"):

- `job_start(owner=…, kind=…, label=…, handler=…, params=…, perm=…)` queues a handler;
- inside the handler, `job.progress(done, total, message)` (or `progress(job, …)` on a `Job`);
- raise `DomainError(message)` to fail with a message for the owner (or call `job_fail`);
- `job_retry(actor=…, job_id=…)` queues a failed job again (its owner only).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task_backends
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from zhengxian.core import clock
from zhengxian.core.background import JobOutcome, JobStarted, is_job_handler
from zhengxian.core.errors import DomainError, NotAllowed
from zhengxian.orgs.roles import Perm
from zhengxian.orgs.scope import scope_for

from .models import FINISHED, Job, JobStatus
from .selectors import job_get_for, jobs_of

logger = logging.getLogger("zhengxian.jobs")

MESSAGE_LENGTH = Job._meta.get_field("message").max_length or 300


class JobSuperseded(Exception):
    """This run's token is no longer the job's: it was requeued or retried meanwhile."""


def lease_seconds() -> float:
    """A running job whose heartbeat is older than this is taken for one of a dead worker."""
    return float(getattr(settings, "ZHENGXIAN_JOB_LEASE_SECONDS", 60))


def max_lost_runs() -> int:
    """After this many dead workers in a row, a job fails instead of being queued again."""
    return int(getattr(settings, "ZHENGXIAN_JOB_MAX_LOST_RUNS", 3))


def handler_path(handler: Callable[..., Any]) -> str:
    if not is_job_handler(handler):
        raise ValueError(f"{handler!r} is not marked with @job_handler")
    return f"{handler.__module__}.{handler.__qualname__}"


def job_start(
    *,
    owner: Any,
    kind: str,
    label: str,
    handler: Callable[..., Any],
    params: dict[str, Any],
    perm: str = "",
) -> Job:
    """Saves the job and queues its first run, in one transaction: a worker never sees a
    queued run without its job. (With the immediate backend of the tests it runs here.)"""
    with transaction.atomic():
        job = Job(
            owner=owner,
            kind=kind,
            label=str(label)[:200],
            handler=handler_path(handler),
            params=params,
            perm=perm,
            language=translation.get_language() or settings.LANGUAGE_CODE,
            created_at=clock.now(),
            message=_("Waiting for a worker"),
        )
        job.full_clean()
        job.save()
        _enqueue(job)
    job.refresh_from_db()
    return job


def job_start_for(**kwargs: Any) -> JobStarted:
    """`job_start` as `zhengxian.core.background.start_job` calls it (hook ``job_runner``)."""
    job = job_start(**kwargs)
    return JobStarted(
        id=job.pk,
        url=reverse("jobs:job_detail", args=[job.pk]),
        progress_url=reverse("jobs:job_progress", args=[job.pk]),
    )


def _enqueue(job: Job) -> None:
    """Gives the job a new run token and queues a run carrying it."""
    from .tasks import run_job  # the task module imports the runner, which imports us

    job.run_token += 1
    job.status = JobStatus.QUEUED
    job.heartbeat_at = clock.now()  # while queued: since when it waits for a worker
    fields = ["run_token", "status", "heartbeat_at", "message", "error", "error_detail"]
    job.save(update_fields=fields)
    result = run_job.enqueue(job.pk, job.run_token)
    Job.objects.filter(pk=job.pk, run_token=job.run_token).update(task_id=str(result.id))


def job_claim(*, job_id: int, token: int, worker_id: str) -> Job | None:
    """Marks the job running for this run, or None when the token is stale (the job was
    requeued, retried or already ran): the run then does nothing."""
    now = clock.now()
    with transaction.atomic():
        claimed = Job.objects.filter(pk=job_id, run_token=token, status=JobStatus.QUEUED).update(
            status=JobStatus.RUNNING,
            started_at=now,
            heartbeat_at=now,
            worker_id=worker_id[:64],
            attempts=F("attempts") + 1,
            message=_("Started"),
        )
    if not claimed:
        return None
    return Job.objects.select_related("owner").get(pk=job_id)


def progress(
    job: Job, done: int, total: int, message: str = "", *, state: dict[str, Any] | None = None
) -> None:
    """Saves how far ``job`` got. Inside the transaction that did the work, both commit
    together; raises JobSuperseded when the job was requeued meanwhile (the transaction then
    rolls back, so a step is never done twice)."""
    fields: dict[str, Any] = {
        "done": done,
        "total": total,
        "message": message[:MESSAGE_LENGTH],
        "heartbeat_at": clock.now(),
    }
    if state is not None:
        fields["state"] = state
    running = Job.objects.filter(pk=job.pk, run_token=job.run_token, status=JobStatus.RUNNING)
    if not running.update(**fields):
        raise JobSuperseded(job.pk)
    for name, value in fields.items():
        setattr(job, name, value)
    if done == total or done % max(1, total // 10) == 0:  # about ten lines a job
        logger.info("job %s %s: %s/%s %s", job.pk, job.kind, done, total, message)


def job_succeed(job: Job, outcome: JobOutcome | None) -> None:
    outcome = outcome or JobOutcome()
    result = dataclasses.asdict(outcome)
    file_name, file_bytes = result.pop("file_name"), result.pop("file_bytes")
    with transaction.atomic():
        updated = Job.objects.filter(
            pk=job.pk, run_token=job.run_token, status=JobStatus.RUNNING
        ).update(
            status=JobStatus.SUCCEEDED,
            finished_at=clock.now(),
            result=result,
            state={},  # the checkpoint may hold secrets (one-time passwords) now in result
            message=_("Done"),
            lost_runs=0,
        )
        if updated and file_name:
            job.refresh_from_db()
            job.result_file.save(file_name, ContentFile(file_bytes), save=True)
    if updated:
        logger.info("job %s %s: done", job.pk, job.kind)


def job_fail(job: Job, message: str, *, detail: str = "") -> None:
    """Marks ``job`` failed with ``message``, shown to its owner in their language."""
    updated = (
        Job.objects.filter(pk=job.pk, run_token=job.run_token)
        .exclude(status__in=FINISHED)
        .update(
            status=JobStatus.FAILED,
            finished_at=clock.now(),
            error=message,
            error_detail=detail,
            message=_("Failed"),
        )
    )
    if updated:
        logger.warning("job %s %s failed: %s", job.pk, job.kind, message)


def job_retry(*, actor: Any, job_id: int) -> Job:
    """Queues a failed job again; it resumes from its last saved step. Only its owner may,
    and only while they still hold the permission the job was started under."""
    job = job_get_for(actor, job_id)
    if job.perm and not scope_for(actor).has(Perm(job.perm)):
        raise NotAllowed
    with transaction.atomic():
        job = Job.objects.select_for_update().get(pk=job.pk)
        if job.status != JobStatus.FAILED:
            raise DomainError(_("Only a failed job can be retried."), code="job_not_failed")
        job.error = ""
        job.error_detail = ""
        job.finished_at = None
        job.lost_runs = 0
        job.message = _("Waiting for a worker")
        job.save(update_fields=["finished_at", "lost_runs"])
        _enqueue(job)
    job.refresh_from_db()
    return job


def jobs_heartbeat(*, worker_id: str) -> int:
    """Tells the others that this worker's running jobs are alive."""
    return Job.objects.filter(status=JobStatus.RUNNING, worker_id=worker_id[:64]).update(
        heartbeat_at=clock.now()
    )


def jobs_requeue_stale(*, now: dt.datetime | None = None) -> list[int]:
    """Queues again every running job whose worker stopped beating (killed, out of memory,
    machine lost); a job that lost its worker `max_lost_runs` times in a row fails instead.
    Returns the ids of the jobs queued again."""
    cutoff = (now or clock.now()) - dt.timedelta(seconds=lease_seconds())
    stale = Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True, started_at__lt=cutoff)
    requeued = []
    for job in Job.objects.filter(stale, status=JobStatus.RUNNING):
        with transaction.atomic():
            taken = Job.objects.filter(
                stale, pk=job.pk, run_token=job.run_token, status=JobStatus.RUNNING
            ).update(lost_runs=F("lost_runs") + 1)
            if not taken:
                continue  # it beat, finished or was requeued by another worker meanwhile
            job.refresh_from_db()
            _abandon_task(job.task_id)
            with translation.override(job.language or settings.LANGUAGE_CODE):
                if job.lost_runs >= max_lost_runs():
                    job_fail(job, _lost_too_often(job.lost_runs))
                    continue
                job.message = _("The worker stopped; queued again")
                _enqueue(job)
        requeued.append(job.pk)
        logger.warning("job %s %s: its worker stopped, queued again", job.pk, job.kind)
    return requeued


def _lost_too_often(times: int) -> str:
    return _(
        "The worker running this job stopped %(n)s times in a row (out of memory or "
        "restarted?). Retry it; if it stops again, tell the administrator."
    ) % {"n": times}


def _abandon_task(task_id: str) -> None:
    """Marks the queue's row of a dead run as failed, so the queue's admin tells the truth."""
    if not task_id or not isinstance(task_backends["default"], DatabaseBackend):
        return
    DBTaskResult.objects.filter(id=task_id, status="RUNNING").update(
        status="FAILED",
        finished_at=clock.now(),
        exception_class_path="zhengxian.jobs.services.WorkerLost",
        traceback="The worker running this task stopped; the job was queued again.\n",
    )


def jobs_prune(*, days: int, now: dt.datetime | None = None) -> int:
    """Deletes the jobs that finished more than ``days`` days ago, with their files (and the
    one-time passwords a failed import may still hold in its checkpoint)."""
    cutoff = (now or clock.now()) - dt.timedelta(days=days)
    old = Job.objects.filter(status__in=FINISHED, finished_at__lt=cutoff)
    for job in old.exclude(result_file=""):
        job.result_file.delete(save=False)
    deleted, _counts = old.delete()
    return deleted


def job_card(job: Job) -> dict[str, Any]:
    """The context of the job's progress card (``jobs/_progress.html``), for any page that
    shows it."""
    return {"job": job, "outcome": job_take_outcome(job) if job.finished else {}}


def own_job_card(user: Any, raw_id: str, *, kind: str, **params: Any) -> dict[str, Any] | None:
    """The card of ``user``'s own job named by a page's ``?job=`` (``raw_id``), when it is of
    ``kind`` and was started with ``params``; None for anything else."""
    if not raw_id.isdigit():
        return None
    match = {f"params__{key}": value for key, value in params.items()}
    found = jobs_of(user).filter(pk=int(raw_id), kind=kind, **match).first()
    return job_card(found) if found else None


def job_take_outcome(job: Job) -> dict[str, Any]:
    """The outcome to show now. A secret table (one-time passwords) is handed out once: the
    row keeps the summary and a note that the table was shown."""
    outcome = dict(job.outcome)
    if outcome.get("secret") and outcome.get("table"):
        kept = {**outcome, "table": None, "shown_at": clock.now().isoformat()}
        Job.objects.filter(pk=job.pk).update(result=kept)
        job.result = kept
    return outcome
