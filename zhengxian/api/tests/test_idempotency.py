"""Idempotent creates when two requests with one key race: the one that stores its answer
second rolls its record back and replays the first one's answer."""

from __future__ import annotations

import json

import pytest
from django.test import RequestFactory

from zhengxian.api import idempotency
from zhengxian.api.api import api
from zhengxian.api.idempotency import _request_hash, idempotent_create
from zhengxian.api.models import IdempotentRequest
from zhengxian.core.models import Notification

pytestmark = pytest.mark.django_db


def test_the_loser_of_a_race_rolls_back_its_record_and_replays_the_winners_answer(org, monkeypatch):
    user = org.user("cadre_a")
    request = RequestFactory().post("/api/v1/visits", headers={"Idempotency-Key": "race"})
    request.user = user
    payload = {"summary": "同一次走访"}
    digest = _request_hash({"operation": "visit_create", "payload": payload})

    # The other request with the same key has committed its answer, but after this one
    # looked for it: the first lookup misses.
    IdempotentRequest.objects.create(
        user=user,
        key="race",
        operation="visit_create",
        request_hash=digest,
        status_code=201,
        body={"id": 1, "by": "the other request"},
    )
    real_kept = idempotency._kept
    lookups = []

    def kept_after_the_first_lookup(user_id, key):
        lookups.append(key)
        return None if len(lookups) == 1 else real_kept(user_id, key)

    monkeypatch.setattr(idempotency, "_kept", kept_after_the_first_lookup)

    def create_while_the_other_request_commits():
        Notification.objects.create(recipient=user, text="this request's record")
        return {"id": 2, "by": "this request"}

    response = idempotent_create(
        api,
        request,
        operation="visit_create",
        payload=payload,
        create=create_while_the_other_request_commits,
    )
    assert response.status_code == 201
    assert json.loads(response.content) == {"id": 1, "by": "the other request"}
    assert response["Idempotent-Replayed"] == "true"
    assert not Notification.objects.filter(text="this request's record").exists()
    assert IdempotentRequest.objects.count() == 1
    assert len(lookups) == 2
