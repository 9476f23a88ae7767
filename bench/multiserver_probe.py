"""The job bench/multiserver_check.py queues: a module of its own, so that the workers
import it by its dotted path (a handler in the checker's ``__main__`` is not importable)."""

from __future__ import annotations

import time
import uuid

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from zhengxian.core.background import JobContext, JobOutcome, job_handler

PROBE_DIR = "multiserver-probe"


@job_handler
def probe_job(job: JobContext, *, tag: str) -> JobOutcome:
    """Leaves one file per run in the default storage: two files for one job would be
    double work, none a lost job."""
    time.sleep(0.2)
    default_storage.save(f"{PROBE_DIR}/{tag}/{uuid.uuid4().hex}.txt", ContentFile(b"ran"))
    return JobOutcome(summary=f"probe {tag}")
