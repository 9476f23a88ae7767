"""Sessions end after 30 idle minutes and 12 hours after the login, with a message."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import override_settings
from django.urls import reverse

from zhengxian.audit.models import AuditEntry
from zhengxian.orgs.testing import PASSWORD

START = dt.datetime(2026, 3, 2, 8, 0, tzinfo=dt.UTC)


@pytest.fixture
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


def log_in(client):
    response = client.post(reverse("accounts:login"), {"username": "cadre_a", "password": PASSWORD})
    assert response.status_code == 302
    return client


def home(client):
    return client.get(reverse("home:home"))


def test_a_session_used_within_the_idle_time_goes_on(org, client, clock):
    log_in(client)
    for _ in range(4):  # two hours of work, a request every 29 minutes
        clock.shift(dt.timedelta(minutes=29))
        assert home(client).status_code == 200


def test_a_session_idle_for_30_minutes_is_logged_out_with_a_message(org, client, clock):
    log_in(client)
    home(client)

    clock.shift(dt.timedelta(minutes=30))
    response = client.get(reverse("home:home"), headers={"Accept-Language": "en"})

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert "_auth_user_id" not in client.session
    login_page = client.get(response["Location"], headers={"Accept-Language": "en"})
    assert "Your session ended after 30 minutes without activity" in login_page.text
    assert home(client).status_code == 302  # still out
    logout = AuditEntry.objects.get(action="logout")
    assert (logout.actor_label, logout.changes) == ("cadre_a", {"expired": "idle"})


def test_a_session_in_constant_use_ends_12_hours_after_the_login(org, client, clock):
    log_in(client)
    for _ in range(47):  # a request every quarter of an hour, for 11¾ hours
        clock.shift(dt.timedelta(minutes=15))
        assert home(client).status_code == 200

    clock.shift(dt.timedelta(minutes=15))
    response = home(client)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert AuditEntry.objects.get(action="logout").changes == {"expired": "absolute"}


@override_settings(ZHENGXIAN_SESSION_IDLE_MINUTES=5, ZHENGXIAN_SESSION_MAX_HOURS=1)
def test_the_limits_come_from_the_settings(org, client, clock):
    log_in(client)
    clock.shift(dt.timedelta(minutes=4))
    assert home(client).status_code == 200
    clock.shift(dt.timedelta(minutes=5))
    assert home(client).status_code == 302


def test_logging_in_again_after_expiry_starts_a_new_session(org, client, clock):
    log_in(client)
    clock.shift(dt.timedelta(hours=13))
    home(client)

    log_in(client)

    assert home(client).status_code == 200


def test_an_htmx_request_of_an_expired_session_sends_the_browser_to_the_login_page(
    org, client, clock
):
    log_in(client)
    clock.shift(dt.timedelta(minutes=31))

    response = client.get(reverse("home:home"), headers={"HX-Request": "true"})

    assert response.status_code == 200
    assert response["HX-Redirect"].startswith(reverse("accounts:login"))
    assert "_auth_user_id" not in client.session
