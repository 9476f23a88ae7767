"""Who may call the API: tokens made on the page and shown once, stored hashed, revoked,
expired, read only; the site's session with CSRF; the rate limit; ETags on reads."""

from __future__ import annotations

import datetime as dt
import json

import pytest
import time_machine
from django.test import Client

from zhengxian.api.models import ApiToken
from zhengxian.api.tokens import token_hash, token_revoke
from zhengxian.matters.models import Visit

from .test_visits_api import visit_body

pytestmark = pytest.mark.django_db


def test_a_token_made_on_the_page_is_shown_once_and_stored_hashed(login, org):
    client = login("cadre_a")
    response = client.post(
        "/api-tokens/tokens/", {"name": "钉钉走访小程序", "days": "30", "read_only": ""}
    )
    assert response.status_code == 200
    raw = response.context["shown_once"]
    assert raw.startswith("zx_") and raw.encode() in response.content
    token = ApiToken.objects.get(user=org.user("cadre_a"))
    assert token.key_hash == token_hash(raw) and raw not in token.key_hash
    assert not token.read_only
    again = client.get("/api-tokens/tokens/")
    assert raw.encode() not in again.content
    assert "钉钉走访小程序" in again.content.decode()


def test_a_token_calls_as_its_owner_and_a_revoked_one_is_refused(api, org, token_for):
    raw = token_for("cadre_a")
    caller = api(None)
    caller.headers["Authorization"] = f"Bearer {raw}"
    assert caller.post("/visits", visit_body(org)).status_code == 201
    assert Visit.objects.get().recorded_by == org.user("cadre_a")
    token_revoke(actor=org.user("cadre_a"), token_id=ApiToken.objects.get().pk)
    refused = caller.post("/visits", visit_body(org))
    assert refused.status_code == 401
    assert refused.json()["code"] == "unauthenticated"
    assert Visit.objects.count() == 1


def test_someone_elses_token_cannot_be_revoked(login, org, token_for):
    token_for("cadre_a")
    token = ApiToken.objects.get()
    response = login("cadre_b").post(f"/api-tokens/tokens/{token.pk}/revoke/")
    assert response.status_code == 403
    token.refresh_from_db()
    assert token.revoked_at is None
    # Control: its owner can.
    login("cadre_a").post(f"/api-tokens/tokens/{token.pk}/revoke/")
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_an_expired_token_is_refused(api, org, token_for):
    raw = token_for("cadre_a", days=1)
    caller = api(None)
    caller.headers["Authorization"] = f"Bearer {raw}"
    with time_machine.travel(dt.datetime.now(tz=dt.UTC) + dt.timedelta(days=2)):
        response = caller.post("/visits", visit_body(org))
    assert response.status_code == 401
    assert Visit.objects.count() == 0


def test_a_read_only_token_cannot_write(api, org):
    response = api("cadre_a", read_only=True).post("/visits", visit_body(org))
    assert response.status_code == 403
    assert response.json()["code"] == "read_only_token"
    assert Visit.objects.count() == 0


def test_a_bad_token_does_not_fall_back_to_the_session(client, org):
    client.force_login(org.user("cadre_a"))
    response = client.get(
        "/api/v1/openapi.json", headers={"Authorization": "Bearer zx_not-a-token"}
    )
    assert response.status_code == 200  # the document itself is public
    refused = client.post(
        "/api/v1/visits",
        data=json.dumps(visit_body(org)),
        content_type="application/json",
        headers={"Authorization": "Bearer zx_not-a-token"},
    )
    assert refused.status_code == 401


def test_the_sites_session_writes_only_with_its_csrf_token(org):
    client = Client(enforce_csrf_checks=True)
    client.force_login(org.user("cadre_a"))
    page = client.get("/matters/visits/new/")
    csrf = page.cookies["csrftoken"].value
    body = json.dumps(visit_body(org))
    without = client.post("/api/v1/visits", data=body, content_type="application/json")
    assert without.status_code == 403
    assert without.json()["code"] == "csrf_failed"
    assert Visit.objects.count() == 0
    with_token = client.post(
        "/api/v1/visits", data=body, content_type="application/json", headers={"X-CSRFToken": csrf}
    )
    assert with_token.status_code == 201


def test_a_caller_over_the_rate_limit_is_told_when_to_come_back(api, org, settings):
    settings.ZHENGXIAN_API_RATE_PER_MINUTE = 2
    caller = api("cadre_a", read_only=True)
    with time_machine.travel(dt.datetime(2026, 3, 10, 2, 0, 10, tzinfo=dt.UTC), tick=False):
        statuses = [caller.post("/visits", {}).status_code for _ in range(3)]
        limited = caller.post("/visits", {})
    assert statuses[:2] == [403, 403]
    assert limited.status_code == 429
    assert limited.json()["code"] == "rate_limited"
    assert limited.headers["Retry-After"] == "50"
    # Another caller has its own count.
    assert api("cadre_b", read_only=True).post("/visits", {}).status_code == 403


def test_reads_carry_an_etag_and_answer_304_when_unchanged(client):
    first = client.get("/api/v1/openapi.json")
    etag = first.headers["ETag"]
    assert "private" in first.headers["Cache-Control"]
    again = client.get("/api/v1/openapi.json", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""


def test_the_daily_tidy_up_forgets_old_answers_and_counts(api, org, settings):
    from zhengxian.api.maintenance import forget_old_requests
    from zhengxian.api.models import IdempotentRequest, RateWindow

    settings.ZHENGXIAN_API_IDEMPOTENCY_DAYS = 30
    caller = api("cadre_a")
    caller.post("/visits", visit_body(org), **{"Idempotency-Key": "old"})
    assert IdempotentRequest.objects.count() == 1 and RateWindow.objects.count() == 1
    later = dt.datetime.now(tz=dt.UTC) + dt.timedelta(days=31)
    with time_machine.travel(later):
        assert forget_old_requests() == {"rate_windows": 1, "idempotent_answers": 1}
    assert IdempotentRequest.objects.count() == 0
