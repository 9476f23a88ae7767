"""Security events in the audit log: logins, failed logins, logouts, refused accesses, exports
and role grants, each with the user, the client's address, the object and the outcome."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.test import Client, override_settings
from django.urls import reverse

from zhengxian.audit.chain import canonical_entry
from zhengxian.audit.immutable import triggers_suspended
from zhengxian.audit.models import AuditEntry
from zhengxian.core.actors import SYSTEM
from zhengxian.orgs.roles import Role
from zhengxian.orgs.testing import PASSWORD

CLIENT_IP = "203.0.113.7"


def events(kind: str) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(action=kind).order_by("seq"))


@pytest.fixture
def browser(db) -> Client:
    return Client(REMOTE_ADDR=CLIENT_IP)


def log_in(client: Client, username: str, password: str):
    return client.post(reverse("accounts:login"), {"username": username, "password": password})


def test_a_login_is_recorded_with_the_user_and_the_address(org, browser):
    response = log_in(browser, "cadre_a", PASSWORD)

    assert response.status_code == 302
    [event] = events("login")
    assert (event.actor_label, event.ip, event.outcome) == ("cadre_a", CLIENT_IP, "success")
    assert event.object_id == str(org.user("cadre_a").pk)
    assert event.unit_path == org.community_a.path  # the office of the unit can read it


def test_a_failed_login_is_recorded_with_the_account_tried_and_the_address(org, browser):
    response = log_in(browser, "cadre_a", "wrong-password")

    assert response.status_code == 200
    [event] = events("login_failed")
    assert (event.ip, event.outcome) == (CLIENT_IP, "failed")
    assert event.actor_id is None and event.actor_label == "anonymous:cadre_a"
    assert event.object_id == str(org.user("cadre_a").pk)
    assert "wrong-password" not in str(event.changes)


def test_a_failed_login_for_an_unknown_account_is_recorded_too(org, browser):
    log_in(browser, "no-such-user", "x")

    [event] = events("login_failed")
    assert (event.object_repr, event.unit_path, event.ip) == ("no-such-user", "", CLIENT_IP)


def test_a_logout_is_recorded(org, browser):
    log_in(browser, "cadre_a", PASSWORD)

    browser.post(reverse("accounts:logout"))

    [event] = events("logout")
    assert (event.actor_label, event.ip, event.outcome) == ("cadre_a", CLIENT_IP, "success")


def test_a_denied_page_is_recorded_with_user_address_and_path(org, browser):
    browser.force_login(org.user("cadre_a"))

    response = browser.get(reverse("audit:entry_list"))

    assert response.status_code == 403
    [event] = events("denied")
    assert (event.actor_label, event.ip, event.outcome) == ("cadre_a", CLIENT_IP, "refused")
    assert (event.object_id, event.object_repr) == ("GET", reverse("audit:entry_list"))


def test_a_service_refusal_is_recorded_with_its_reason(org, browser):
    browser.force_login(org.user("leader_a"))
    leader = org.people["leader_a"]

    browser.post(
        reverse("orgs:person_role_add", args=[leader.pk]),
        {"role": Role.EVALUATOR, "unit": org.community_a.pk},
    )

    [denied] = events("denied")
    assert "own roles" in denied.changes["reason"] or "自己" in denied.changes["reason"]
    [grant] = [e for e in events("grant") if e.outcome == "refused"]
    assert (grant.actor_label, grant.ip, grant.changes["role"]) == (
        "leader_a",
        CLIENT_IP,
        Role.EVALUATOR,
    )


@pytest.mark.parametrize(
    ("url", "what"),
    [
        (reverse("orgs:import_template", args=["units"]), "orgs.import_template.units.xlsx"),
    ],
)
def test_an_export_is_recorded_with_what_was_exported(url, what, org, browser):
    browser.force_login(org.user("office"))

    response = browser.get(url)

    assert response.status_code == 200
    [event] = events("export")
    assert (event.actor_label, event.ip, event.outcome) == ("office", CLIENT_IP, "success")
    assert event.changes["what"] == what


def test_the_audit_page_filters_by_event_kind_and_shows_address_and_outcome(org, browser):
    log_in(Client(REMOTE_ADDR="198.51.100.9"), "cadre_a", "wrong-password")
    browser.force_login(org.user("office"))

    response = browser.get(reverse("audit:entry_list"), {"action": "login_failed"})

    listed = list(response.context["page"].object_list)
    assert [e.action for e in listed] == ["login_failed"]
    html = response.content.decode()
    assert "198.51.100.9" in html
    assert 'data-outcome="failed"' in html


def test_verify_audit_detects_a_refusal_turned_into_a_success(org, browser):
    browser.force_login(org.user("cadre_a"))
    browser.get(reverse("audit:entry_list"))
    [event] = events("denied")

    with triggers_suspended():
        AuditEntry.objects.filter(pk=event.pk).update(outcome="success")

    with pytest.raises(CommandError, match=rf"entry #{event.seq}\b"):
        call_command("verify_audit")


def test_entries_without_address_or_outcome_hash_as_before_these_fields_existed():
    import datetime as dt

    fields = dict(
        seq=1,
        at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
        actor_id=None,
        actor_label="system",
        action="create",
        model="orgs.unit",
        object_id="1",
        object_repr="x",
        unit_path="/1/",
        changes={},
    )

    assert canonical_entry(**fields) == canonical_entry(**fields, ip="", outcome="")
    assert '"ip"' not in canonical_entry(**fields)


@override_settings(ZHENGXIAN_TRUSTED_PROXY_COUNT=1)
def test_behind_a_proxy_the_event_names_the_forwarded_client(org):
    proxied = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="1.1.1.1, 203.0.113.50")

    log_in(proxied, "cadre_a", "wrong-password")

    [event] = events("login_failed")
    assert event.ip == "203.0.113.50"


def test_a_campaign_file_export_is_recorded_with_the_campaign(org, browser):
    from zhengxian.campaigns.services import campaign_load_file
    from zhengxian.scoring.tests.factories import SMALL_CAMPAIGN

    campaign = campaign_load_file(actor=SYSTEM, text=SMALL_CAMPAIGN, owner_unit=org.subdistrict)
    browser.force_login(org.user("cadre_a"))

    response = browser.get(reverse("campaigns:campaign_export", args=[campaign.pk]))

    assert response.status_code == 200
    [event] = events("export")
    assert (event.model, event.object_id, event.ip) == (
        "campaigns.campaign",
        str(campaign.pk),
        CLIENT_IP,
    )
    assert event.changes["what"] == "campaigns.campaign_file.yaml"
