"""Schemathesis against the API's own OpenAPI document: generated requests to every
operation, as the campaign office (the widest scope) with a read-write token, must never
cause a server error, and every answer must have a documented status, content type and a
body matching its schema. Bounded: a fixed number of examples per operation."""

from __future__ import annotations

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
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
