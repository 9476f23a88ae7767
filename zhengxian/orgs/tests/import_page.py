"""Posting an import through the page, as a user does: the page checks the file, then the
writes run as a background job (immediately, under the test settings) whose progress partial
the page loads. `Imported` holds what the user saw at each step."""

from __future__ import annotations

from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any
from urllib.parse import parse_qs, urlsplit

from django.http import HttpResponse
from django.urls import reverse

from zhengxian.jobs.models import Job
from zhengxian.orgs.importing.testing import upload


@dataclass
class Imported:
    page: HttpResponse  # the import page: with the problems, or after the redirect
    job: Job | None = None
    progress: HttpResponse | None = None  # the job's partial, as the page's htmx loads it
    table: dict[str, Any] | None = None  # the one-time table before the partial showed it

    @property
    def status_code(self) -> int:
        return self.page.status_code

    @property
    def context(self) -> Any:
        return self.page.context

    @property
    def text(self) -> str:
        """What the user read: the page, then the job's partial inside it."""
        return self.page.text + (self.progress.text if self.progress is not None else "")

    @property
    def result(self) -> SimpleNamespace | None:
        """The job's counts, and its new accounts with their one-time passwords."""
        if self.job is None or self.job.status != "succeeded":
            return None
        data = dict(self.job.result["data"])
        rows = (self.table or {}).get("rows", [])
        data["accounts"] = [
            SimpleNamespace(name=r[0], unit_name=r[1], username=r[2], password=r[3]) for r in rows
        ]
        return SimpleNamespace(**data)


def post_import(client: Any, data: bytes, name: str = "import.xlsx", **headers: str) -> Imported:
    headers = {"Accept-Language": "en", **headers}
    response = client.post(reverse("orgs:import"), {"file": upload(data, name)}, headers=headers)
    if response.status_code != 302:
        return Imported(page=response)
    page = client.get(response["Location"], headers=headers)
    job_id = int(parse_qs(urlsplit(response["Location"]).query)["job"][0])
    job = Job.objects.get(pk=job_id)
    table = job.result.get("table")
    progress = client.get(reverse("jobs:job_progress", args=[job_id]), headers=headers)
    return Imported(page=page, job=job, progress=progress, table=table)
