"""Schemathesis against the API's own OpenAPI document: generated requests to every
operation, as the campaign office (the widest scope) with a read-write token, must never
cause a server error, and every answer must have a documented status, content type and a
body matching its schema. Bounded: a fixed number of examples per operation."""

from __future__ import annotations

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from zhengxian.api.tokens import token_create

EXAMPLES_PER_OPERATION = 25
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


# Loaded when the tests are collected (the document needs no database); the requests run
# in-process against the test database.
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


@pytest.fixture(autouse=True)
def _connection_kept_across_requests():
    """The WSGI handler closes the database connection at the start and end of each
    request; inside a test's transaction that ends the test on PostgreSQL. Django's own
    test client disconnects the same handler, and so do we."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def office_token(db, settings, org, campaign) -> str:
    settings.ZHENGXIAN_API_RATE_PER_MINUTE = 1_000_000
    _token, raw = token_create(actor=org.user("office"), name="fuzz", days=1, read_only=False)
    return raw


@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    database=None,
)
def test_every_operation_answers_within_its_documented_schema(case, office_token):
    case.call_and_validate(
        headers={"Authorization": f"Bearer {office_token}", "Accept-Language": "zh-hans"},
        checks=CHECKS,
    )


# Generated ids mostly name nothing, so the test above sees few successful answers. Here
# every read is asked for real records (the scope sweep's world, built inside the office's
# scope), must answer 200, and its body must match the documented schema.
PATH_PARAMETERS = {
    "unit_id": "unit",
    "person_id": "person",
    "campaign_id": "campaign",
    "period_id": "period",
    "matter_id": "matter",
    "visit_id": "visit",
    "project_id": "project",
    "milestone_id": "milestone",
    "activity_id": "activity",
    "session_id": "session",
    "photo_id": "photo",
    "attachment_id": "activity_attachment",
    "code": "leaf.code",
}
# Reads whose records the world does not hold (no leaf results in its score row, no
# publication); each is checked with real data in its own resource's tests
# (test_scoring_api.py, test_publications_api.py).
NOT_IN_WORLD = {
    "GET /api/v1/periods/{period_id}/units/{unit_id}/leaves/{code}/evidence",
    "GET /api/v1/publications/{publication_id}",
    "GET /api/v1/publications/{publication_id}/verification",
}


def _real_value(world, spec: str):
    key, _, attribute = spec.partition(".")
    found = world[key]
    return getattr(found, attribute) if attribute else found.pk


def test_every_read_of_real_records_answers_within_its_schema(org, office_token):
    from tests.reliability.world import build_world

    world = build_world(
        tag="r", community=org.community_a, owner=org.subdistrict, marker="对照记录"
    )
    headers = {"Authorization": f"Bearer {office_token}", "Accept-Language": "zh-hans"}
    unfilled, skipped, answered = set(), set(), []
    for result in schema.get_all_operations():
        operation = result.ok()
        if operation.method.upper() != "GET":
            continue
        if operation.label in NOT_IN_WORLD:
            skipped.add(operation.label)
            continue
        names = [parameter.name for parameter in operation.path_parameters]
        if any(name not in PATH_PARAMETERS for name in names):
            unfilled.add(operation.label)
            continue
        specs = {name: PATH_PARAMETERS[name] for name in names}
        if "matter_id" in names and "attachment_id" in names:
            specs["attachment_id"] = "matter_attachment"  # a matter's own attachment
        values = {name: _real_value(world, spec) for name, spec in specs.items()}
        case = operation.Case(path_parameters=values)
        response = case.call(headers=headers)
        assert response.status_code == 200, (operation.label, values, response.text[:300])
        case.validate_response(response, checks=CHECKS, headers=headers)
        answered.append(operation.label)
    assert not unfilled, f"reads without real ids here: {sorted(unfilled)}"
    assert skipped == NOT_IN_WORLD  # none of them has disappeared
    assert len(answered) >= 20, answered
