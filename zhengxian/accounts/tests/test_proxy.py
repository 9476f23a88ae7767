"""The lockout behind a reverse proxy: the client address comes from X-Forwarded-For only when
the deployment trusts a proxy, so one user behind nginx cannot lock everyone out, and an
attacker cannot dodge the lockout by forging the header."""

from __future__ import annotations

import pytest
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse

from zhengxian.core.client_ip import client_ip
from zhengxian.orgs.testing import PASSWORD

PROXY = "10.0.0.2"
LOCKED = 429


def attempt(forwarded_for: str | None, password: str, *, remote: str = PROXY) -> int:
    headers = {"HTTP_X_FORWARDED_FOR": forwarded_for} if forwarded_for else {}
    client = Client(REMOTE_ADDR=remote, **headers)
    response = client.post(reverse("accounts:login"), {"username": "cadre_a", "password": password})
    return response.status_code


@override_settings(ZHENGXIAN_TRUSTED_PROXY_COUNT=1)
def test_behind_a_proxy_one_address_locked_out_leaves_another_address_free(org):
    attacker = [attempt("198.51.100.66", f"wrong-{i}") for i in range(5)]

    assert attacker[-1] == LOCKED
    assert attempt("198.51.100.66", PASSWORD) == LOCKED
    assert attempt("203.0.113.10", PASSWORD) == 302  # a colleague behind the same proxy


@override_settings(ZHENGXIAN_TRUSTED_PROXY_COUNT=1)
def test_behind_a_proxy_a_client_cannot_pick_its_address_by_prepending_one(org):
    # nginx appends the real address: whatever the client wrote comes before it.
    statuses = [attempt(f"192.0.2.{i}, 198.51.100.66", f"wrong-{i}") for i in range(5)]

    assert statuses[-1] == LOCKED
    assert attempt("192.0.2.200, 198.51.100.66", PASSWORD) == LOCKED


def test_without_a_proxy_a_forged_forwarded_for_does_not_dodge_the_lockout(org):
    statuses = [attempt(f"192.0.2.{i}", f"wrong-{i}", remote="198.51.100.66") for i in range(5)]

    assert statuses[-1] == LOCKED
    assert attempt("192.0.2.250", PASSWORD, remote="198.51.100.66") == LOCKED
    assert attempt(None, PASSWORD, remote="203.0.113.10") == 302


@pytest.mark.parametrize(
    ("proxies", "remote", "forwarded", "expected"),
    [
        (0, "198.51.100.1", "1.2.3.4", "198.51.100.1"),
        (1, "10.0.0.2", "1.2.3.4", "1.2.3.4"),
        (1, "10.0.0.2", "6.6.6.6, 1.2.3.4", "1.2.3.4"),
        (2, "10.0.0.3", "6.6.6.6, 1.2.3.4, 10.0.0.2", "1.2.3.4"),
        (2, "10.0.0.3", "1.2.3.4", "10.0.0.3"),  # fewer hops than proxies: not through them
        (1, "10.0.0.2", "not-an-address", "10.0.0.2"),
        (1, "10.0.0.2", " 2001:db8::1 ", "2001:db8::1"),
        (1, "10.0.0.2", "", "10.0.0.2"),
    ],
)
def test_client_address_rules(proxies, remote, forwarded, expected):
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)

    with override_settings(ZHENGXIAN_TRUSTED_PROXY_COUNT=proxies):
        assert client_ip(request) == expected
