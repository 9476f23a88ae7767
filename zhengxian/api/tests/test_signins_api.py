"""Signing in through the API: the caller's own person only, once, at the server's time."""

from __future__ import annotations

import pytest

from zhengxian.activities.models import SignIn
from zhengxian.activities.tests.conftest import at, clock, opened, study  # noqa: F401

pytestmark = pytest.mark.django_db


def test_a_cadre_signs_in_once_even_when_the_phone_sends_twice(api, org, opened, clock):  # noqa: F811
    clock(at(9, 5))
    caller = api("cadre_a")
    first = caller.post("/sign-ins", {"token": opened.token}, **{"Idempotency-Key": "s-1"})
    again = caller.post("/sign-ins", {"token": opened.token}, **{"Idempotency-Key": "s-1"})
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    signed = SignIn.objects.get()
    assert signed.person == org.people["cadre_a"]
    assert first.json()["late"] is False
    # Without the key a second sign-in is refused by the rule, not filed.
    refused = caller.post("/sign-ins", {"token": opened.token})
    assert refused.status_code == 409
    assert refused.json()["code"] == "already"
    assert SignIn.objects.count() == 1


def test_an_unknown_session_token_is_not_found(api, org, opened):  # noqa: F811
    response = api("cadre_a").post("/sign-ins", {"token": "no-such-token"})
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
