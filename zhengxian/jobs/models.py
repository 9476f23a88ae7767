"""A background job as its owner sees it: what it is, how far it got, why it failed."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zhengxian.core import clock


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting")
    RUNNING = "running", _("Running")
    SUCCEEDED = "succeeded", _("Done")
    FAILED = "failed", _("Failed")


FINISHED = (JobStatus.SUCCEEDED, JobStatus.FAILED)
WAITING_LONG = dt.timedelta(seconds=30)


class Job(models.Model):
    """One piece of background work. The queue (django-tasks-db) only carries the job's id
    and a run token; this row is the truth: who, what, how far, and the outcome.

    ``run_token`` changes each time the job is queued (start, retry, requeue after a dead
    worker): a run that finds another token on the row stops, so no job runs twice at once.
    """

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="jobs"
    )
    kind = models.CharField(max_length=64)  # "orgs.people_import": for programs and filters
    label = models.CharField(max_length=200)  # in the owner's language, at start
    handler = models.CharField(max_length=200)  # dotted path of a @job_handler function
    params = models.JSONField(default=dict, blank=True)
    perm = models.CharField(max_length=64, blank=True)  # the owner must still hold it to retry
    language = models.CharField(max_length=16, blank=True)

    status = models.CharField(max_length=16, choices=JobStatus.choices, default=JobStatus.QUEUED)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    message = models.CharField(max_length=300, blank=True)
    state = models.JSONField(
        default=dict, blank=True
    )  # the handler's checkpoint, saved with `done`
    error = models.TextField(blank=True)  # why it failed, in the owner's language
    error_detail = models.TextField(blank=True)  # the traceback, for the administrator
    result = models.JSONField(default=dict, blank=True)  # a JobOutcome: summary, link, table
    result_file = models.FileField(upload_to="jobs/%Y/%m/", blank=True)

    created_at = models.DateTimeField()
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)  # queued: since when
    attempts = models.PositiveIntegerField(default=0)  # runs started, the current one included
    run_token = models.PositiveIntegerField(default=0)
    lost_runs = models.PositiveIntegerField(default=0)  # dead workers in a row
    worker_id = models.CharField(max_length=64, blank=True)
    task_id = models.CharField(max_length=64, blank=True)  # the queue's row of this run

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["owner", "-created_at"], name="jobs_owner_created_idx"),
            models.Index(fields=["status", "heartbeat_at"], name="jobs_status_heartbeat_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.label} #{self.pk}"

    @property
    def finished(self) -> bool:
        return self.status in FINISHED

    @property
    def percent(self) -> int:
        if self.status == JobStatus.SUCCEEDED:
            return 100
        if not self.total:
            return 0
        return min(100, self.done * 100 // self.total)

    @property
    def waiting_long(self) -> bool:
        """Queued for over half a minute: no worker may be running."""
        since = self.heartbeat_at or self.created_at
        return self.status == JobStatus.QUEUED and clock.now() - since > WAITING_LONG

    @property
    def outcome(self) -> dict[str, Any]:
        return self.result or {}


class RunStatus(models.TextChoices):
    RUNNING = "running", _("Running")
    SUCCEEDED = "succeeded", _("Done")
    FAILED = "failed", _("Failed")


class ScheduledRun(models.Model):
    """One slot of a scheduled task (`zhengxian.jobs.schedule`): "deliver_webhooks" at
    18:15, "send_digest" on 4 December. The row is both the claim and the record: every
    worker that finds the slot due inserts it, the unique constraint lets one insert win,
    and only the winner runs the task, so a slot runs once however many workers race. A run
    whose worker stopped beating (killed) is taken over by the next worker that finds the
    slot due, as jobs are (`zhengxian.jobs.scheduler.take_over`)."""

    task = models.CharField(max_length=64)
    slot = models.CharField(max_length=32)  # "2026-12-04" (daily) or "2026-12-04T18:15:00+08:00"
    status = models.CharField(max_length=16, choices=RunStatus.choices, default=RunStatus.RUNNING)
    worker_id = models.CharField(max_length=64, blank=True)
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)  # while running: the lease
    attempts = models.PositiveIntegerField(default=1)  # 2 when a worker took over a dead one's
    result = models.CharField(max_length=300, blank=True)  # what the task returned, as text
    error = models.TextField(blank=True)  # why it failed: "RuntimeError: …"
    error_detail = models.TextField(blank=True)  # the traceback

    class Meta:
        ordering = ["-started_at", "-id"]
        verbose_name = _("scheduled run")
        verbose_name_plural = _("scheduled runs")
        constraints = [
            models.UniqueConstraint(fields=["task", "slot"], name="jobs_scheduled_run_once"),
        ]
        indexes = [models.Index(fields=["started_at"], name="jobs_scheduled_started_idx")]

    def __str__(self) -> str:
        return f"{self.task} {self.slot}"
