"""What jobs brings to the others (see `zhengxian.core.hooks`): the runner of
`zhengxian.core.background.start_job`, so that apps below jobs can queue work."""

from __future__ import annotations

from typing import Any

from zhengxian.core import hooks
from zhengxian.core.background import JobStarted


@hooks.register("job_runner")
def start(**kwargs: Any) -> JobStarted:
    from .services import job_start_for  # services import the queue: not at start-up

    return job_start_for(**kwargs)
