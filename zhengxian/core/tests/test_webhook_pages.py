"""The campaign office's webhook pages: who may manage endpoints (positive controls beside
every refusal), secrets never shown back in full, the delivery log."""

from __future__ import annotations

import pytest
from django.urls import reverse

from zhengxian.core.models import WebhookDelivery, WebhookEndpoint
from zhengxian.core.notification_kinds import Kind

pytestmark = pytest.mark.django_db

SECRET = "SECf00dbabe0123456789deadbeef"
TOKEN = "0123456789abcdef0123456789abcdef"


def robot(org, **fields) -> WebhookEndpoint:
    fields.setdefault("owner_unit", org.subdistrict)
    fields.setdefault("name", "街道工作群")
    return WebhookEndpoint.objects.create(
        url=f"https://oapi.dingtalk.com/robot/send?access_token={TOKEN}",
        secret=SECRET,
        **fields,
    )


def form(org, **changes) -> dict:
    data = {
        "name": "湘湖社区工作群",
        "url": f"https://oapi.dingtalk.com/robot/send?access_token={TOKEN}",
        "secret": SECRET,
        "owner_unit": org.community_a.pk,
        "recipient": "",
        "msgtype": "markdown",
        "kinds": [Kind.OVERDUE, Kind.DUE_SOON],
        "enabled": "on",
    }
    data.update(changes)
    return data


def test_the_office_adds_a_robot_and_sees_it_listed_with_its_secrets_masked(org, as_user):
    client = as_user("office")
    assert client.get(reverse("core:webhook_create")).status_code == 200
    response = client.post(reverse("core:webhook_create"), form(org))
    assert response.status_code == 302
    saved = WebhookEndpoint.objects.get()
    assert (saved.owner_unit, saved.secret, saved.msgtype) == (org.community_a, SECRET, "markdown")
    assert saved.kinds == sorted([Kind.OVERDUE, Kind.DUE_SOON])
    listing = client.get(reverse("core:webhook_list")).content.decode()
    assert "湘湖社区工作群" in listing
    assert SECRET not in listing and TOKEN not in listing
    assert "SEC…beef" in listing and "0123…cdef" in listing


def test_the_edit_page_never_shows_the_secret_and_an_empty_field_keeps_it(org, as_user):
    endpoint = robot(org)
    client = as_user("office")
    page = client.get(reverse("core:webhook_edit", args=[endpoint.pk])).content.decode()
    assert SECRET not in page and TOKEN not in page and "SEC…beef" in page
    response = client.post(
        reverse("core:webhook_edit", args=[endpoint.pk]),
        form(org, name="改名了", secret="", url="", owner_unit=org.subdistrict.pk),
    )
    assert response.status_code == 302
    endpoint.refresh_from_db()
    assert endpoint.name == "改名了" and endpoint.secret == SECRET and TOKEN in endpoint.url
    client.post(
        reverse("core:webhook_edit", args=[endpoint.pk]),
        form(org, secret="", url="", clear_secret="on", owner_unit=org.subdistrict.pk),
    )
    endpoint.refresh_from_db()
    assert endpoint.secret == ""


def test_a_test_message_is_queued_and_shows_in_the_delivery_log(org, as_user):
    endpoint = robot(org)
    client = as_user("office")
    response = client.post(reverse("core:webhook_test", args=[endpoint.pk]))
    assert response.status_code == 302
    delivery = WebhookDelivery.objects.get()
    assert delivery.kind == Kind.TEST and delivery.attempts == 0
    log = client.get(reverse("core:webhook_deliveries")).content.decode()
    assert "街道工作群" in log and 'data-testid="delivery-status"' in log
    assert SECRET not in log


@pytest.mark.parametrize("key", ["cadre_a", "leader_a", "evaluator", "leadership", "nobody"])
def test_only_the_office_manages_webhooks(org, login, key):
    endpoint = robot(org)
    office = login("office")
    assert office.get(reverse("core:webhook_list")).status_code == 200  # positive control
    client = login(key)
    for name, args in (
        ("core:webhook_list", []),
        ("core:webhook_create", []),
        ("core:webhook_edit", [endpoint.pk]),
        ("core:webhook_deliveries", []),
    ):
        assert client.get(reverse(name, args=args)).status_code == 403, name
    assert client.post(reverse("core:webhook_create"), form(org)).status_code == 403
    assert client.post(reverse("core:webhook_test", args=[endpoint.pk])).status_code == 403
    assert client.post(reverse("core:webhook_delete", args=[endpoint.pk])).status_code == 403
    assert WebhookEndpoint.objects.count() == 1 and not WebhookDelivery.objects.exists()


def test_the_office_cannot_reach_an_endpoint_of_a_unit_above_its_scope(org, login):
    inside = robot(org)
    outside = robot(org, owner_unit=org.district, name="区级群")
    client = login("office")
    assert client.get(reverse("core:webhook_edit", args=[inside.pk])).status_code == 200
    assert client.get(reverse("core:webhook_edit", args=[outside.pk])).status_code == 404
    assert client.post(reverse("core:webhook_delete", args=[outside.pk])).status_code == 404
    assert "区级群" not in client.get(reverse("core:webhook_list")).content.decode()
    refused = client.post(reverse("core:webhook_create"), form(org, owner_unit=org.district.pk))
    assert refused.status_code == 200  # not a choice of the form
    assert WebhookEndpoint.objects.count() == 2


def test_the_office_deletes_an_endpoint(org, login):
    endpoint = robot(org)
    response = login("office").post(reverse("core:webhook_delete", args=[endpoint.pk]))
    assert response.status_code == 302 and not WebhookEndpoint.objects.exists()


def test_a_non_http_address_is_refused(org, as_user):
    response = as_user("office").post(
        reverse("core:webhook_create"), form(org, url="ftp://example.com/x")
    )
    assert response.status_code == 200 and not WebhookEndpoint.objects.exists()


def test_the_delivery_log_filters_by_endpoint_and_ignores_a_bad_filter(org, as_user):
    from zhengxian.core.webhooks import enqueue_test

    first, second = robot(org), robot(org, name="第二个群")
    enqueue_test(first, text="一")
    enqueue_test(second, text="二")
    client = as_user("office")
    url = reverse("core:webhook_deliveries")
    only = client.get(url, {"endpoint": second.pk}).content.decode()
    assert only.count('data-testid="delivery-status"') == 1 and "第二个群" in only
    for bad in ("abc", "9" * 40, "-1"):
        response = client.get(url, {"endpoint": bad})
        assert response.status_code == 200
        assert response.content.decode().count('data-testid="delivery-status"') == 2


def test_endpoint_changes_are_audited_without_the_secret(org, as_user):
    from zhengxian.audit.models import AuditEntry

    as_user("office").post(reverse("core:webhook_create"), form(org))
    entry = AuditEntry.objects.get(model="core.webhookendpoint")
    assert entry.actor == org.user("office")
    assert "secret" not in entry.changes and SECRET not in str(entry.changes)


def test_a_personal_channel_is_only_for_a_person_in_the_offices_scope(org, as_user):
    from zhengxian.core import webhook_admin
    from zhengxian.orgs.testing import make_person

    outsider = make_person("district_clerk", org.district, [], "区里的人")
    offered = webhook_admin.recipients_for(org.user("office"))
    assert org.user("cadre_a") in offered and outsider.user not in offered
    client = as_user("office")
    # the page chooses a person (what the search box finds) and saves the person's account
    refused = client.post(reverse("core:webhook_create"), form(org, recipient=outsider.pk))
    assert refused.status_code == 200 and not WebhookEndpoint.objects.exists()
    response = client.post(
        reverse("core:webhook_create"), form(org, recipient=org.people["cadre_a"].pk)
    )
    assert response.status_code == 302
    assert WebhookEndpoint.objects.get().recipient == org.user("cadre_a")
