"""Job handlers for the tests (also run by a real worker in test_worker_killed)."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.db import transaction

from zhengxian.core.background import JobContext, JobOutcome, job_handler
from zhengxian.core.errors import DomainError

ON_STEP: list[Callable[[int], None]] = []  # the tests look at the pages between two steps


@job_handler
def count_to(
    job: JobContext, *, steps: int, pause: float = 0.0, finished_file: str = ""
) -> JobOutcome:
    """Counts ``steps`` steps; ``state["seen"]`` lists each step with the attempt that did it,
    saved in the step's transaction, so a step done twice would show twice."""
    for step in range(job.done, steps):
        with transaction.atomic():
            seen = [*job.state.get("seen", []), step]
            job.progress(step + 1, steps, f"step {step + 1}", state={"seen": seen})
        for look in ON_STEP:
            look(step + 1)
        time.sleep(pause)
    if finished_file:
        with Path(finished_file).open("a") as file:
            file.write(f"job {job.id} finished\n")
    return JobOutcome(summary=[f"Counted to {steps}"], data={"seen": job.state.get("seen", [])})


@job_handler
def needs_file(job: JobContext, *, path: str, steps: int = 4) -> JobOutcome:
    """Does half its steps, then fails with a reason while ``path`` is missing."""
    for step in range(job.done, steps):
        if step == steps // 2 and not Path(path).exists():
            raise DomainError("The source file is missing: upload it, then retry.")
        with transaction.atomic():
            job.progress(step + 1, steps, f"step {step + 1}")
    return JobOutcome(summary=["All steps done"])


@job_handler
def crash(job: JobContext) -> None:
    raise RuntimeError("secret internals: table xyz")


@job_handler
def export(job: JobContext, *, text: str) -> JobOutcome:
    return JobOutcome(file_name="export.txt", file_bytes=text.encode())


def not_a_handler(job: Any) -> None:
    """Not marked with @job_handler: the runner must refuse to call it."""
