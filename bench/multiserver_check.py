"""Two app servers and two workers on one PostgreSQL: concurrent writes and jobs neither
collide nor get lost (issue 13, scale-out). Driven by scripts/multiserver-check.sh, which
starts the processes; this script only talks to them over HTTP and reads the database.

    python bench/multiserver_check.py http://127.0.0.1:PORT_A http://127.0.0.1:PORT_B

Not a pytest module: it needs running gunicorn and db_worker processes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

import django

django.setup()

from django.core.files.storage import default_storage  # noqa: E402

from bench.http_client import login as http_login  # noqa: E402
from bench.multiserver_probe import PROBE_DIR, probe_job  # noqa: E402

PASSWORD = "zhengxian2026"
USER = "cadre_xianghu"
OFFICE = "office"


class Failures:
    def __init__(self) -> None:
        self.items: list[str] = []

    def check(self, ok: bool, what: str) -> None:
        print(f"  {'ok ' if ok else 'FAIL'} {what}")
        if not ok:
            self.items.append(what)


def login(base: str, username: str = USER) -> requests.Session:
    return http_login(base, username, PASSWORD, timeout=10)


def clone_to(session: requests.Session) -> requests.Session:
    """The same cookies (session and CSRF) in a new client, for another server."""
    other = requests.Session()
    other.cookies.update(session.cookies)
    return other


def visit_fixture() -> dict[str, Any]:
    from zhengxian.accounts.models import User
    from zhengxian.matters.views.common import working_units
    from zhengxian.orgs.roles import Perm

    user = User.objects.get(username=USER)
    person = user.person  # type: ignore[attr-defined]
    units = working_units(user, Perm.RECORD_WORK)
    unit = units.filter(pk=person.unit_id).first() or units.first()
    return {"unit": unit.pk, "visitors": [person.pk]}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("servers", nargs=2)
    parser.add_argument("--visits", type=int, default=50)
    parser.add_argument("--jobs", type=int, default=12)
    args = parser.parse_args()
    server_a, server_b = args.servers
    failures = Failures()
    statuses: list[int] = []
    run = uuid.uuid4().hex[:8]

    print("== sessions ==")
    on_a = login(server_a)
    on_b = clone_to(on_a)
    seen_b = on_b.get(f"{server_b}/api/v1/notifications", timeout=10)
    statuses.append(seen_b.status_code)
    failures.check(seen_b.status_code == 200, "a session made on server A is signed in on B")
    clients = {server_a: on_a, server_b: on_b}
    csrf = on_a.cookies["csrftoken"]

    fixture = visit_fixture()
    today = dt.date.today().isoformat()

    def payload(n: int) -> dict[str, Any]:
        return {
            "unit": fixture["unit"],
            "visited_on": today,
            "target_kind": "household",
            "target_unit": fixture["unit"],
            "household": f"ms-{run}-{n}",
            "summary": f"multiserver {run} visit {n}",
            "visitors": fixture["visitors"],
        }

    def api_post(base: str, n: int, key: str) -> tuple[int, int | None]:
        answer = clients[base].post(
            f"{base}/api/v1/visits",
            json=payload(n),
            headers={"Idempotency-Key": key, "X-CSRFToken": csrf, "Referer": base},
            timeout=30,
        )
        body = answer.json() if answer.headers.get("content-type", "").startswith("app") else {}
        if answer.status_code != 201:
            print(f"  {base} answered {answer.status_code}: {answer.text[:300]}")
        return answer.status_code, body.get("id")

    def form_post(base: str, n: int) -> tuple[int, int | None]:
        data = payload(n) | {"csrfmiddlewaretoken": csrf}
        answer = clients[base].post(
            f"{base}/matters/visits/new/",
            data=data,
            headers={"Referer": f"{base}/matters/visits/new/"},
            allow_redirects=False,
            timeout=30,
        )
        return answer.status_code, None

    print(f"== {args.visits} visits through both servers at once ==")
    calls: list[tuple[Any, ...]] = []
    plain = args.visits - 20
    for n in range(plain):  # unique keys, alternating servers
        base = server_a if n % 2 else server_b
        calls.append((api_post, base, n, f"{run}-{n}"))
    for n in range(plain, plain + 10):  # the same key to both servers at the same moment
        calls.append((api_post, server_a, n, f"{run}-{n}"))
        calls.append((api_post, server_b, n, f"{run}-{n}"))
    for n in range(plain + 10, args.visits):  # the visit form
        calls.append((form_post, server_a if n % 2 else server_b, n))
    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(lambda c: c[0](*c[1:]), calls))
    statuses += [status for status, _ in results]
    print(f"  {len(calls)} requests in {time.monotonic() - started:.1f} s")
    api_ok = all(s == 201 for (s, _), c in zip(results, calls, strict=True) if c[0] is api_post)
    form_ok = all(s == 302 for (s, _), c in zip(results, calls, strict=True) if c[0] is form_post)
    failures.check(api_ok, "every API write answered 201 (replays included)")
    failures.check(form_ok, "every form write answered 302")
    same_key_ids = [
        results[i][1] for i, c in enumerate(calls) if c[2] >= plain and c[0] is api_post
    ]
    failures.check(
        all(same_key_ids[i] == same_key_ids[i + 1] for i in range(0, len(same_key_ids), 2)),
        "the same key on both servers at once gave one visit, the same answer",
    )

    from zhengxian.matters.models import Visit

    landed = Visit.objects.filter(summary__startswith=f"multiserver {run} ")
    per_visit = sorted(landed.values_list("summary", flat=True))
    failures.check(
        len(per_visit) == args.visits and len(set(per_visit)) == args.visits,
        f"every write landed exactly once ({len(per_visit)} visits for {args.visits})",
    )

    print(f"== {args.jobs} jobs and a circular on two workers ==")
    from zhengxian.accounts.models import User
    from zhengxian.jobs.models import Job, JobStatus
    from zhengxian.jobs.services import job_start

    owner = User.objects.get(username=USER)
    jobs = [
        job_start(
            owner=owner,
            kind="bench.probe",
            label=f"probe {n}",
            handler=probe_job,
            params={"tag": f"{run}-{n}"},
        )
        for n in range(args.jobs)
    ]
    circular = _circular_job(failures)
    if circular is not None:
        jobs.append(circular)
    deadline = time.monotonic() + 90
    ids = [job.pk for job in jobs]
    while time.monotonic() < deadline:
        if Job.objects.filter(pk__in=ids).exclude(status=JobStatus.SUCCEEDED).count() == 0:
            break
        if Job.objects.filter(pk__in=ids, status=JobStatus.FAILED).exists():
            break
        time.sleep(0.3)
    finished = list(Job.objects.filter(pk__in=ids).order_by("pk"))
    failures.check(
        all(job.status == JobStatus.SUCCEEDED for job in finished),
        "every job succeeded: "
        + ", ".join(f"{j.pk}={j.status}{(' ' + j.error) if j.error else ''}" for j in finished),
    )
    failures.check(all(job.attempts == 1 for job in finished), "every job ran one attempt")
    runs = [len(_listed(f"{PROBE_DIR}/{run}-{n}")) for n in range(args.jobs)]
    failures.check(runs == [1] * args.jobs, f"each probe job did its work exactly once: {runs}")
    workers = sorted({job.worker_id for job in finished})
    print(f"  workers that ran them: {workers}")
    failures.check(len(workers) == 2, "both workers took jobs from the shared queue")
    if circular is not None:
        office_a = login(server_a, OFFICE)
        office = {server_a: office_a, server_b: clone_to(office_a)}
        for base in (server_a, server_b):
            got = office[base].get(f"{base}/jobs/{circular.pk}/file/", timeout=30)
            statuses.append(got.status_code)
            failures.check(
                got.status_code == 200 and got.content[:2] == b"PK",
                f"the circular a worker made is served by {base} ({got.status_code})",
            )

    errors = [s for s in statuses if s >= 500]
    failures.check(not errors, f"no 5xx answers ({len(statuses)} requests)")
    if failures.items:
        print(f"FAILED: {len(failures.items)} check(s)")
        return 1
    print("multiserver check passed")
    return 0


def _listed(folder: str) -> list[str]:
    return default_storage.listdir(folder)[1] if default_storage.exists(folder) else []


def _circular_job(failures: Failures) -> Any:
    """The circular of the last published period, as the office would start it."""
    from zhengxian.accounts.models import User
    from zhengxian.cockpit.circulars.job import circular_pack_start
    from zhengxian.scoring.models import ScoreSheet

    sheet = (
        ScoreSheet.objects.filter(published_at__isnull=False)
        .select_related("period")
        .order_by("-published_at")
        .first()
    )
    if sheet is None:
        failures.check(False, "the demo has a published period for the circular job")
        return None
    office = User.objects.get(username=OFFICE)
    return circular_pack_start(period=sheet.period, actor=office)


if __name__ == "__main__":
    raise SystemExit(main())
