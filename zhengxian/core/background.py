"""Background jobs as every app sees them, whatever its layer: a handler, what it is handed
while it runs, what it hands back, and `start_job`, which the jobs app implements.

The jobs app (`zhengxian.jobs`) keeps the Job rows, the queue and the pages. It sits above
orgs, so orgs (and core) cannot import it; they write a handler against the types here and
start it with `start_job`, which calls the function jobs registers under the hook
``job_runner``. Apps above jobs may call `zhengxian.jobs.services.job_start` directly: it
takes the same arguments.

    @job_handler
    def import_people(job: JobContext, *, rows: list[dict]) -> JobOutcome:
        for index in range(job.done, len(rows)):  # a requeued job resumes here
            with transaction.atomic():
                create_one(rows[index])
                job.progress(index + 1, len(rows), _("Person %(n)s") % {"n": index + 1})
        return JobOutcome(summary=[_("People created: %(n)s") % {"n": len(rows)}])

    started = start_job(owner=user, kind="orgs.people_import", label=_("Import people"),
                        handler=import_people, params={"rows": rows}, perm="import_org")
    redirect(started.url)  # or hx-get the progress partial at started.progress_url
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

from django.core.exceptions import ImproperlyConfigured

from . import hooks
from .acting import acting_as

F = TypeVar("F", bound=Callable[..., Any])

HANDLER_MARK = "_zhengxian_job_handler"


class JobContext(Protocol):
    """What a handler is handed: the job's id and owner, where it stopped, and `progress`."""

    id: int
    owner: Any  # the user who started the job; services check their scope as on the page
    done: int  # steps saved by an earlier attempt: a requeued job resumes from here
    state: dict[str, Any]  # what the handler saved with its last `progress`

    def progress(
        self, done: int, total: int, message: str = "", *, state: dict[str, Any] | None = None
    ) -> None:
        """Saves ``done`` of ``total`` steps (and ``state``) for the progress bar. Called inside
        the transaction that did the steps, the two commit together: a worker killed in
        between loses neither or both, so the next attempt redoes no step."""


@dataclass(frozen=True)
class JobTable:
    columns: list[str]
    rows: list[list[str]]


@dataclass(frozen=True)
class JobOutcome:
    """What a finished job shows its owner: lines of summary, a link, and a table. A
    ``secret`` table (one-time passwords) is shown once, then erased from the database."""

    summary: list[str] = field(default_factory=list)
    link_url: str = ""
    link_label: str = ""
    table: JobTable | None = None
    secret: bool = False
    notice: str = ""  # shown above the table
    data: dict[str, Any] = field(default_factory=dict)  # for programs and tests: counts, ids
    file_name: str = ""  # a file to download (an export), saved with the job
    file_bytes: bytes = b""


@dataclass(frozen=True)
class JobStarted:
    id: int
    url: str  # the job's page
    progress_url: str  # its progress partial (htmx)


def job_handler(function: F) -> F:
    """Marks ``function`` as a job handler: the worker runs only marked functions, since a
    job names its handler by dotted path."""
    setattr(function, HANDLER_MARK, True)
    return function


def is_job_handler(function: object) -> bool:
    return getattr(function, HANDLER_MARK, False) is True


class LocalJob:
    """A `JobContext` for running a handler in this process, as a management command does:
    progress goes to ``report(done, total, message)`` instead of a Job row."""

    def __init__(
        self, *, owner: Any, report: Callable[[int, int, str], None] | None = None
    ) -> None:
        self.id = 0
        self.owner = owner
        self.done = 0
        self.state: dict[str, Any] = {}
        self.report = report

    def progress(
        self, done: int, total: int, message: str = "", *, state: dict[str, Any] | None = None
    ) -> None:
        self.done = done
        if state is not None:
            self.state = state
        if self.report is not None:
            self.report(done, total, message)


def run_here(
    handler: Callable[..., Any],
    *,
    owner: Any,
    params: dict[str, Any],
    report: Callable[[int, int, str], None] | None = None,
) -> JobOutcome | None:
    """Runs ``handler`` now, in this process, as ``owner`` (no queue, no Job row)."""
    if not is_job_handler(handler):
        raise ValueError(f"{handler!r} is not marked with @job_handler")
    with acting_as(owner):
        outcome: JobOutcome | None = handler(LocalJob(owner=owner, report=report), **params)
    return outcome


def text_bar(done: int, total: int, message: str = "", *, width: int = 30) -> str:
    """``[############------------------]  12/30  message`` for a terminal."""
    filled = width * done // total if total else 0
    return f"[{'#' * filled}{'-' * (width - filled)}] {done:>5}/{total:<5} {message}".rstrip()


def start_job(
    *,
    owner: Any,
    kind: str,
    label: str,
    handler: Callable[..., Any],
    params: dict[str, Any],
    perm: str = "",
) -> JobStarted:
    """Queues ``handler(job, **params)`` for ``owner``. ``params`` must be JSON; ``perm`` is a
    permission the owner must still hold to retry the job."""
    runners = hooks.get_hooks("job_runner")
    if not runners:
        raise ImproperlyConfigured("No app registers the hook job_runner (zhengxian.jobs).")
    started: JobStarted = runners[0](
        owner=owner, kind=kind, label=label, handler=handler, params=params, perm=perm
    )
    return started
