"""Self-closed matters and the requester's own confirmation.

A matter rated or confirmed by the responsible unit's own people is marked self-closed at
that transition. Closing it sends the requester's phone on file a one-time link (to the SMS
outbox by default); the public page behind it takes their own word and rating. With
``require_confirmation`` the satisfaction source counts such a matter only once confirmed.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.test import Client, override_settings
from django.urls import reverse

from zhengxian.engine.sources import registry
from zhengxian.matters.models import Matter, MatterState, OutgoingSms, RequesterConfirmation
from zhengxian.matters.workflow import Action

from .conftest import make_period, on
from .factories import act, file_matter, matter_in

PHONE = "13812345678"


@pytest.fixture(autouse=True)
def fresh_rate_limit():
    cache.clear()
    yield
    cache.clear()


def closed_by_outsiders(org, **fields) -> Matter:
    """Filed and rated by the office (党政办), handled by 湘湖社区: not self-closed."""
    matter = file_matter(org, by="office", unit="subdistrict", **fields)
    matter = act(org, matter, Action.ASSIGN, "office", unit="community_a")
    matter = act(org, matter, Action.ACCEPT, "leader_a")
    matter = act(org, matter, Action.RESOLVE, "leader_a")
    matter = act(org, matter, Action.RATE, "office", satisfaction=4)
    return act(org, matter, Action.CLOSE, "office")


def link_of(sms: OutgoingSms) -> str:
    match = re.search(r"/matters/confirm/[\w-]+/", sms.text)
    assert match, sms.text
    return match.group(0)


def test_a_matter_rated_and_closed_by_its_own_unit_is_self_closed(org):
    own = matter_in(org, MatterState.CLOSED)  # filed, handled and rated by 湘湖社区
    other = closed_by_outsiders(org)
    assert own.self_closed and not other.self_closed
    assert own.history.get(action=Action.RATE).extra["self_closed"] is True


def test_self_closed_shows_as_a_badge_and_filters_the_list(org, login):
    own = matter_in(org, MatterState.CLOSED, title="湘湖家园路灯坏了")
    closed_by_outsiders(org, title="党政办交办的事项")
    client = login("office")
    detail = client.get(reverse("matters:matter_detail", args=[own.pk])).content.decode()
    assert 'data-testid="self-closed"' in detail
    listed = client.get(reverse("matters:matter_list"), {"state": "closed", "closed_by": "self"})
    text = listed.content.decode()
    assert "湘湖家园路灯坏了" in text and "党政办交办的事项" not in text
    assert 'data-testid="self-closed"' in text
    unfiltered = client.get(reverse("matters:matter_list"), {"state": "closed"})
    assert "党政办交办的事项" in unfiltered.content.decode()  # left out by the filter alone


def test_closing_a_self_closed_matter_texts_the_requester_a_one_time_link(org):
    matter = matter_in(org, MatterState.CLOSED, requester_phone=PHONE)
    sms = OutgoingSms.objects.get()
    assert sms.phone == PHONE and matter.title[:10] in sms.text
    row = RequesterConfirmation.objects.get()
    assert row.matter == matter and row.used_at is None
    token = link_of(sms).rstrip("/").rsplit("/", 1)[-1]
    assert token not in row.token_hash  # only the hash is stored


def test_no_link_for_a_matter_closed_by_outsiders_or_without_a_phone(org):
    closed_by_outsiders(org, requester_phone=PHONE)
    matter_in(org, MatterState.CLOSED)  # self-closed, but no phone on file
    assert not OutgoingSms.objects.exists()


def test_the_requester_confirms_once_without_logging_in(org):
    matter = matter_in(org, MatterState.CLOSED, requester_phone=PHONE)
    url = link_of(OutgoingSms.objects.get())
    public = Client()
    page = public.get(url)
    assert page.status_code == 200 and matter.title in page.content.decode()
    done = public.post(
        url, {"resolution": "partly_solved", "satisfaction": "2", "note": "还有点暗"}
    )
    assert 'data-testid="confirm-thanks"' in done.content.decode()
    matter.refresh_from_db()
    assert matter.requester_confirmed_at is not None
    assert (matter.requester_satisfaction, matter.requester_resolution) == (2, "partly_solved")
    assert matter.history.filter(action=Action.REQUESTER).count() == 1
    again = public.post(url, {"resolution": "solved", "satisfaction": "5"})
    assert again.status_code == 404
    matter.refresh_from_db()
    assert matter.requester_satisfaction == 2


def test_an_expired_or_unknown_link_is_refused(org):
    matter_in(org, MatterState.CLOSED, requester_phone=PHONE)
    url = link_of(OutgoingSms.objects.get())
    assert Client().get(url).status_code == 200  # the same link works while it is current
    with on(dt.date(2026, 3, 18)):
        response = Client().post(url, {"resolution": "solved", "satisfaction": "5"})
    assert response.status_code == 404
    assert Client().get("/matters/confirm/not-a-token/").status_code == 404
    assert not Matter.objects.filter(requester_confirmed_at__isnull=False).exists()


@override_settings(ZHENGXIAN_CONFIRMATION_RATE=5)
def test_the_public_page_is_rate_limited_per_address(org):
    statuses = [Client().get(f"/matters/confirm/guess-{n}/").status_code for n in range(7)]
    assert statuses == [404] * 5 + [429] * 2


def test_bad_input_on_the_public_page_is_a_form_error(org):
    matter_in(org, MatterState.CLOSED, requester_phone=PHONE)
    url = link_of(OutgoingSms.objects.get())
    response = Client().post(url, {"resolution": "solved", "satisfaction": "99999999999999999999"})
    assert response.status_code == 400
    assert not Matter.objects.filter(requester_confirmed_at__isnull=False).exists()


def test_a_handler_may_send_the_link_again_after_a_while_but_an_outsider_may_not(org, login):
    matter = matter_in(org, MatterState.CLOSED, requester_phone=PHONE)
    url = reverse("matters:confirmation_send", args=[matter.pk])
    too_soon = login("leader_a").post(url, follow=True)
    assert "请稍后再发" in too_soon.content.decode()
    assert OutgoingSms.objects.count() == 1
    with on(dt.date(2026, 3, 11)):
        login("leader_a").post(url)
    assert OutgoingSms.objects.count() == 2
    first, second = RequesterConfirmation.objects.order_by("sent_at")
    assert first.expires_at <= second.sent_at  # the first link ends when a new one is sent
    assert login("cadre_b").post(url).status_code == 404


def test_the_office_sees_the_outbox_with_masked_numbers(org, login):
    matter_in(org, MatterState.CLOSED, requester_phone=PHONE)
    page = login("office").get(reverse("matters:outbox")).content.decode()
    assert "138****5678" in page and PHONE not in page
    assert login("cadre_a").get(reverse("matters:outbox")).status_code == 403


def satisfaction(org, **params):
    period = make_period(org, dt.date(2026, 3, 1))
    values = registry.get("matters_satisfaction").compute(
        period=period, unit_ids=[org.community_a.pk], params=params
    )
    return values.get(org.community_a.pk)


def records_of(org, value):
    """The matters the source averaged for 湘湖社区, found again by its query."""
    return registry.get("matters_satisfaction").record_query(
        period=make_period(org, dt.date(2026, 3, 1)),
        unit_ids=[org.community_a.pk],
        params=value.records.params,
    )


def test_with_require_confirmation_an_unconfirmed_self_closed_matter_never_counts(org):
    matter_in(org, MatterState.CLOSED, requester_phone=PHONE)  # rated 5 by its own unit
    outsiders = closed_by_outsiders(org)  # rated 4 by the office
    assert satisfaction(org).value == Decimal("4.5")
    strict = satisfaction(org, require_confirmation=True)
    assert strict.value == Decimal(4)
    assert (strict.records.count, strict.records.id_sum) == (1, outsiders.pk)
    assert list(records_of(org, strict).values_list("pk", flat=True)) == [outsiders.pk]


def test_once_confirmed_the_requesters_own_rating_counts(org):
    matter = matter_in(org, MatterState.CLOSED, requester_phone=PHONE)
    Client().post(link_of(OutgoingSms.objects.get()), {"resolution": "solved", "satisfaction": "2"})
    strict = satisfaction(org, require_confirmation=True)
    assert (strict.value, strict.records.count, strict.records.id_sum) == (Decimal(2), 1, matter.pk)
    assert list(records_of(org, strict).values_list("pk", flat=True)) == [matter.pk]
    assert satisfaction(org).value == Decimal(5)  # without the parameter: as before
