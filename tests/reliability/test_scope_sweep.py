"""The scope sweep: every URL of the project, as every role of the test org, with the ids of
objects that lie outside the role's scope, read (GET) and written (POST).

Two foreign worlds (`world.py`): one in 湖头陈社区 (community_b) for the roles scoped to 湘湖社区
or below, one in a second sub-district for everyone else (whose scope covers the whole of
城厢街道). Every answer must be 403, 404, 405, a redirect, or a 200 that does not show the
foreign world's marker; no request may write anything (row counts of every table and the
audit log's data entries are unchanged). A URL missing from `url_registry.py` fails the
first test with the way to add it.
"""

from __future__ import annotations

import html
import io
import json
import zipfile
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from zhengxian.audit.models import DATA_ACTIONS, AuditEntry
from zhengxian.core.actors import SYSTEM
from zhengxian.jobs.models import Job
from zhengxian.orgs.services import unit_create

from .url_registry import NOT_SWEPT, REGISTRY
from .world import build_world

# Role → which world is foreign to it ("b": community_b's, "w": the other sub-district's).
ROLES: dict[str | None, str] = {
    None: "b",  # not logged in
    "nobody": "b",
    "grid_a": "b",
    "cadre_a": "b",
    "leader_a": "b",
    "cadre_b": "w",
    "viewer_b": "w",
    "office": "w",
    "evaluator": "w",
    "leadership": "w",
    "project_lead": "w",
    "supervisor": "w",
}
REFUSED = {403, 404, 405}
# The API refuses in its own words: 401 without a caller, 422 for ids outside the caller's
# choices, 409 for a rule.
API_REFUSED = {401, 409, 422}
UNCOUNTED_TABLES = {"django_session", "audit_auditentry", "audit_chainhead", "api_ratewindow"}
# A user's own background job (an export of what they see) is a write of theirs, not of the
# foreign world: its rows are not counted, and what it produced is searched for the marker.
JOB_TABLES = {"jobs_job", "django_tasks_database_dbtaskresult"}


def url_patterns() -> Iterator[tuple[str, URLPattern]]:
    def walk(resolver: URLResolver, namespace: str | None) -> Iterator[tuple[str, URLPattern]]:
        for entry in resolver.url_patterns:
            if isinstance(entry, URLResolver):
                inner = namespace
                if entry.namespace:
                    inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
                yield from walk(entry, inner)
            elif entry.name:
                yield (f"{namespace}:{entry.name}" if namespace else entry.name), entry

    yield from walk(get_resolver(), None)


def test_every_url_is_in_the_registry():
    names = {name for name, _ in url_patterns()}
    missing = sorted(names - set(REGISTRY) - set(NOT_SWEPT))
    assert not missing, (
        f"URLs not covered by the scope sweep: {missing}. Add each to REGISTRY in "
        "tests/reliability/url_registry.py (kwarg -> key of an object of tests/reliability/"
        "world.py, adding the object there if it is a new kind) or, if public by design or "
        "acting only on the visitor's own account, to NOT_SWEPT with the reason."
    )
    stale = sorted((set(REGISTRY) | set(NOT_SWEPT)) - names)
    assert not stale, f"Registry entries for URLs that no longer exist: {stale}"


def _value(world: dict[str, Any], spec: str) -> Any:
    if spec.startswith("="):
        return spec[1:]
    key, _, attribute = spec.partition(".")
    found = world[key]
    return getattr(found, attribute) if attribute else found.pk


def cases(world: dict[str, Any]) -> Iterator[tuple[str, str, bool]]:
    """(URL name, path, takes kwargs) for every registered URL and variant, from ``world``."""
    for name, _pattern in url_patterns():
        if name in NOT_SWEPT:
            continue
        for variant in REGISTRY[name]:
            kwargs = {kwarg: _value(world, spec) for kwarg, spec in variant.items()}
            yield name, reverse(name, kwargs=kwargs), bool(kwargs)


def payload(world: dict[str, Any]) -> dict[str, Any]:
    """Plausible form data that points every choice at the foreign world."""
    unit, person = world["unit"].pk, world["person"].pk
    return {
        **{
            key: unit
            for key in (
                "unit",
                "reporting_unit",
                "target_unit",
                "responsible_unit",
                "organiser",
                "owner",
                "parent",
                "owner_unit",
                "role_unit",
            )
        },
        **{key: person for key in ("person", "visitors", "participants", "lead", "judge")},
        **{key: "扫描测试" for key in ("title", "name", "text", "summary", "reason", "note")},
        "comment": "扫描测试",
        "description": "扫描测试",
        "code": "sweep-test",
        "kind": "bonus",
        "category": "other",
        "origin": "other",
        "role": "office",
        "points": "1",
        "percent": "50",
        "score": "3",
        "satisfaction": "5",
        "decision": "approve",
        "accept": "on",
        "file_anyway": "on",
        "target_kind": "community",
        "visited_on": "2026-03-10",
        "held_on": "2026-03-10",
        "reported_on": "2026-03-10",
        "planned_date": "2026-03-20",
        "actual_date": "2026-03-10",
        "deadline": "2026-03-30",
        "done_on": "2026-03-10",
        "starts_at": "2026-03-20T09:00",
        "ends_at": "2026-03-20T11:00",
        "place": "扫描测试",
        "matter": world["matter"].pk,
        "project": world["project"].pk,
        "campaign": world["campaign"].pk,
        "period": world["period"].pk,
    }


def api_payload(data: dict[str, Any]) -> dict[str, Any]:
    """The form payload as an API body: choices of many as lists."""
    many = {"visitors", "participants"}
    return {key: [value] if key in many else value for key, value in data.items()}


def foreign_query(world: dict[str, Any]) -> str:
    return (
        f"?unit={world['unit'].pk}&project={world['project'].pk}"
        f"&campaign={world['campaign'].pk}&period={world['period'].pk}"
    )


def job_output_text(job: Job) -> str:
    """Everything a job hands its owner, as text: its result and its file (the cells of a
    workbook, the parts of a zip)."""
    text = json.dumps(job.result, ensure_ascii=False) + job.error
    if job.result_file:
        with job.result_file.open("rb") as handle:
            text += file_text(handle.read())
    return text


def file_text(data: bytes) -> str:
    """A file's text; a zip (a workbook, a Word file, a pack of both) part by part, with XML's
    character references (openpyxl writes 项 as &#39033;) read back."""
    if not zipfile.is_zipfile(io.BytesIO(data)):
        return html.unescape(data.decode("utf-8", "replace"))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return "".join(file_text(archive.read(name)) for name in archive.namelist())


def fingerprint() -> tuple[int, int]:
    """(rows in every table but sessions and the log, data entries of the audit log)."""
    with connection.cursor() as cursor:
        tables = [
            t
            for t in connection.introspection.table_names(cursor)
            if t not in UNCOUNTED_TABLES | JOB_TABLES
        ]
        quote = connection.ops.quote_name
        cursor.execute("SELECT " + " + ".join(f"(SELECT COUNT(*) FROM {quote(t)})" for t in tables))
        (rows,) = cursor.fetchone()
    return rows, AuditEntry.objects.filter(action__in=DATA_ACTIONS).count()


def body(response: Any) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode(errors="replace")
    text = response.content.decode(errors="replace")
    if response.get("Content-Type", "").startswith("application/json"):
        # Read back, so that a marker written as \u escapes is found too.
        try:
            return json.dumps(json.loads(text), ensure_ascii=False)
        except ValueError:
            return text
    return text


@pytest.fixture
def worlds(org, today) -> dict[str, dict[str, Any]]:
    elsewhere = unit_create(
        actor=SYSTEM, code="WN", name="外街道", kind="subdistrict", parent=org.district
    )
    far = unit_create(actor=SYSTEM, code="WN-1", name="外社区", kind="community", parent=elsewhere)
    return {
        "b": build_world(
            tag="b", community=org.community_b, owner=org.subdistrict, marker="外泄标记乙"
        ),
        "w": build_world(tag="w", community=far, owner=elsewhere, marker="外泄标记丙"),
    }


TRIED: dict[str, int] = {}  # requests per role, for the figures of docs/security.md


@pytest.mark.parametrize("role", list(ROLES), ids=lambda r: r or "anonymous")
def test_no_role_reads_or_writes_a_foreign_unit_through_any_url(org, worlds, role):
    world = worlds[ROLES[role]]
    marker = world["marker"]
    client = Client(raise_request_exception=False)
    if role:
        client.force_login(org.user(role))
    data = payload(world)
    failures: list[str] = []
    tried = 0
    jobs_seen = [Job.objects.order_by("-pk").values_list("pk", flat=True).first() or 0]

    def check(method: str, name: str, path: str, response: Any, before: tuple[int, int]) -> None:
        status = response.status_code
        where = f"{method} {path} ({name})"
        if status >= 500:
            failures.append(f"{where}: {status}")
        elif status == 200 and marker in body(response):
            failures.append(f"{where}: 200 showing the foreign {marker}")
        elif status in API_REFUSED and path.startswith("/api/"):
            pass
        elif status not in REFUSED and status not in (200, 201, 302, 301, 400):
            failures.append(f"{where}: unexpected {status}")
        after = fingerprint()
        if after != before:
            failures.append(f"{where}: wrote (rows, audit data entries) {before} -> {after}")
        for job in Job.objects.filter(pk__gt=jobs_seen[0]):
            if marker in job_output_text(job):
                failures.append(f"{where}: its job {job.kind} produced the foreign {marker}")
            jobs_seen[0] = job.pk

    for name, path, has_kwargs in cases(world):
        # Lists and forms are also asked for the foreign unit, project … by query string.
        for url in [path] if has_kwargs else [path, path + foreign_query(world)]:
            before = fingerprint()
            check("GET", name, url, client.get(url), before)
            tried += 1
        before = fingerprint()
        if path.startswith("/api/"):
            response = client.post(path, json.dumps(api_payload(data)), "application/json")
        else:
            response = client.post(path, data)
        check("POST", name, path, response, before)
        tried += 1
        if path.startswith("/api/"):  # the API also deletes
            before = fingerprint()
            check("DELETE", name, path, client.delete(path), before)
            tried += 1
    TRIED[role or "anonymous"] = tried

    assert not failures, f"{len(failures)} of {tried} requests as {role}:\n" + "\n".join(failures)


# The pages that must show a world's marker to a user whose scope holds the world: the
# sweep's positive control. Without it the sweep would also pass if the world's objects were
# unreachable or their pages broken, since a refusal or a page without the marker passes.
SHOWN_IN_SCOPE = {
    "core:webhook_list",
    "core:webhook_edit",
    "core:webhook_deliveries",
    "orgs:unit_detail",
    "orgs:person_list",
    "orgs:person_detail",
    "matters:matter_list",
    "matters:matter_detail",
    "matters:visit_list",
    "matters:visit_detail",
    "matters:supervision_detail",
    "matters:mediation_list",
    "matters:mediation_detail",
    "projects:project_list",
    "projects:project_detail",
    "projects:battle_chart",
    "projects:action_list",
    "projects:action_detail",
    "activities:activity_list",
    "activities:activity_detail",
    "activities:session_detail",
    "scoring:appeal_list",
    "scoring:appeal_detail",
    "scoring:checklists",
    "api:visit_list",
    "api:visit_get",
    "api:matter_list",
    "api:matter_get",
    "api:person_list",
    "api:person_get",
    "api:project_list",
    "api:project_get",
    "api:project_milestone_list",
    "api:activity_list",
    "api:activity_get",
    "api:session_get",
}


@pytest.mark.parametrize("key", ["b", "w"])
def test_a_user_whose_scope_holds_the_world_sees_its_marker_on_the_same_urls(org, worlds, key):
    from zhengxian.orgs.roles import Role
    from zhengxian.orgs.services import person_create

    world = worlds[key]
    owner = world["campaign"].owner_unit  # the sub-district over the world's community
    office, _ = person_create(
        actor=SYSTEM,
        name="扫描对照办公室",
        unit=owner,
        username=f"sweep_office_{key}",
        password="sweep-pass-123",
        roles=[(Role.OFFICE, owner)],
    )
    client = Client(raise_request_exception=False)
    client.force_login(office.user)
    shown = {
        name
        for name, path, _has_kwargs in cases(world)
        if (response := client.get(path)).status_code == 200 and world["marker"] in body(response)
    }
    missing = sorted(SHOWN_IN_SCOPE - shown)
    assert not missing, f"the world's marker is missing on {missing}"
    # and the jobs' output check finds it where it belongs: the office's project export
    client.post(reverse("projects:export"))
    export = Job.objects.filter(owner=office.user, kind="projects.export").get()
    assert world["marker"] in job_output_text(export)
