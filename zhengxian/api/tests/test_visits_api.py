"""Logging a visit through the API: the visit form's rules, the caller's scope, and the
idempotency key that keeps a phone on a bad network from filing a visit twice."""

from __future__ import annotations

import datetime as dt

import pytest

from zhengxian.matters.models import Matter, Visit

pytestmark = pytest.mark.django_db


def visit_body(org, **overrides):
    body = {
        "unit": org.community_a.pk,
        "visited_on": dt.date.today().isoformat(),
        "target_kind": "household",
        "target_unit": org.community_a.pk,
        "household": "3-2-501",
        "summary": "谈了垃圾分类",
        "visitors": [org.people["cadre_a"].pk],
        "problems": [{"text": "楼道灯坏了", "category": "other"}],
    }
    body.update(overrides)
    return body


def test_a_cadre_logs_a_visit_and_its_problem_becomes_a_matter(api, org):
    response = api("cadre_a").post("/visits", visit_body(org))
    assert response.status_code == 201, response.content
    data = response.json()
    visit = Visit.objects.get(pk=data["id"])
    assert visit.household == "3-2-501"
    assert data["url"] == f"/matters/visits/{visit.pk}/"
    assert list(Matter.objects.filter(visit=visit).values_list("pk", flat=True)) == data["matters"]


def test_a_retry_with_the_same_key_files_nothing_again(api, org):
    caller = api("cadre_a")
    first = caller.post("/visits", visit_body(org), **{"Idempotency-Key": "k-1"})
    again = caller.post("/visits", visit_body(org), **{"Idempotency-Key": "k-1"})
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again.headers["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first.headers
    assert Visit.objects.count() == 1
    assert Matter.objects.count() == 1
    # A new key is a new visit.
    assert caller.post("/visits", visit_body(org), **{"Idempotency-Key": "k-2"}).status_code == 201
    assert Visit.objects.count() == 2


def test_the_same_key_with_another_body_is_refused(api, org):
    caller = api("cadre_a")
    caller.post("/visits", visit_body(org), **{"Idempotency-Key": "k-1"})
    response = caller.post(
        "/visits", visit_body(org, household="4-1-101"), **{"Idempotency-Key": "k-1"}
    )
    assert response.status_code == 409
    assert response.json()["code"] == "idempotency_key_reused"
    assert Visit.objects.count() == 1


def test_a_refused_visit_is_not_kept_under_its_key(api, org):
    caller = api("cadre_a")
    future = (dt.date.today() + dt.timedelta(days=2)).isoformat()
    refused = caller.post("/visits", visit_body(org, visited_on=future), **{"Idempotency-Key": "k"})
    assert refused.status_code == 422
    assert refused.json()["fields"]["visited_on"] == ["A visit cannot be in the future."]
    fixed = caller.post("/visits", visit_body(org), **{"Idempotency-Key": "k-fixed"})
    assert fixed.status_code == 201
    assert Visit.objects.count() == 1


def test_another_units_visit_cannot_be_logged(api, org):
    # cadre_b works for 湖头陈社区 and may not log a visit for 湘湖社区.
    response = api("cadre_b").post("/visits", visit_body(org, visitors=[org.people["cadre_b"].pk]))
    assert response.status_code == 422
    assert response.json()["code"] == "invalid"
    assert "unit" in response.json()["fields"]
    assert Visit.objects.count() == 0
    # Control: the same body for their own community is logged.
    own = visit_body(
        org,
        unit=org.community_b.pk,
        target_unit=org.community_b.pk,
        visitors=[org.people["cadre_b"].pk],
    )
    assert api("cadre_b").post("/visits", own).status_code == 201


def test_errors_speak_the_callers_language(api, org):
    future = (dt.date.today() + dt.timedelta(days=2)).isoformat()
    response = api("cadre_a", language="zh-hans").post(
        "/visits", visit_body(org, visited_on=future)
    )
    assert response.status_code == 422
    assert response.json()["message"] == "走访日期不能晚于今天。"


def test_a_malformed_body_gets_field_errors(api, org):
    response = api("cadre_a").post("/visits", {"unit": "x"})
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "malformed"
    assert {"unit", "visited_on", "visitors"} <= set(body["fields"])
