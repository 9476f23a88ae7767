"""Reads of background jobs: a user sees their own jobs and no one else's."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from .models import Job


def jobs_of(user: Any) -> QuerySet[Job]:
    """The jobs ``user`` started, newest first."""
    if not getattr(user, "is_authenticated", False):
        return Job.objects.none()
    return Job.objects.filter(owner=user)


def job_get_for(user: Any, job_id: int) -> Job:
    """The job ``job_id`` if ``user`` started it; 404 otherwise (another's job is not shown
    to exist)."""
    job = jobs_of(user).filter(pk=job_id).first()
    if job is None:
        raise Http404
    return job
