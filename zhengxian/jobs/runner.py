"""Runs one queued run of a job: claim it, call its handler as its owner, in their language,
and record the outcome or why it failed."""

from __future__ import annotations

import logging
import traceback
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from zhengxian.core.acting import acting_as
from zhengxian.core.background import is_job_handler
from zhengxian.core.errors import DomainError

from . import services
from .models import Job

logger = logging.getLogger("zhengxian.jobs")


class JobRun:
    """The `zhengxian.core.background.JobContext` a handler is handed."""

    def __init__(self, job: Job) -> None:
        self.job = job
        self.id = job.pk
        self.owner = job.owner
        self.done = job.done
        self.state: dict[str, Any] = dict(job.state or {})

    def progress(
        self, done: int, total: int, message: str = "", *, state: dict[str, Any] | None = None
    ) -> None:
        services.progress(self.job, done, total, message, state=state)
        self.done = done
        if state is not None:
            self.state = state


def run(*, job_id: int, token: int, worker_id: str) -> None:
    job = services.job_claim(job_id=job_id, token=token, worker_id=worker_id)
    if job is None:
        logger.info("job %s: run %s is stale or done, skipped", job_id, token)
        return
    with translation.override(job.language or settings.LANGUAGE_CODE), acting_as(job.owner):
        logger.info("job %s %s: attempt %s on %s", job.pk, job.kind, job.attempts, worker_id)
        try:
            handler = import_string(job.handler)
            if not is_job_handler(handler):
                raise ImportError(f"{job.handler} is not a @job_handler")
            outcome = handler(JobRun(job), **job.params)
        except services.JobSuperseded:
            logger.warning("job %s: requeued while this run went on; this run stops", job.pk)
        except DomainError as error:
            services.job_fail(job, error.message)
        except ValidationError as error:
            services.job_fail(job, " ".join(error.messages))
        except PermissionDenied:
            services.job_fail(job, _("You no longer have the permission this job needs."))
        except Exception as error:
            logger.exception("job %s %s failed unexpectedly", job.pk, job.kind)
            services.job_fail(job, _unexpected(job, error), detail=traceback.format_exc())
        else:
            services.job_succeed(job, outcome)


def _unexpected(job: Job, error: Exception) -> str:
    return _(
        "The job stopped on an unexpected error (%(error)s). Retry it; if it fails again, "
        "tell the administrator the job number %(id)s."
    ) % {"error": type(error).__name__, "id": job.pk}
