"""Webhook deliveries against a local receiver: queued by notify without network I/O, sent
signed, retried with back-off, given up after the last attempt; a dead endpoint (refused,
silent) is logged on its delivery and never raises into the caller."""

from __future__ import annotations

import datetime as dt
import time
from zoneinfo import ZoneInfo

import pytest
import time_machine

from zhengxian.core import dingtalk
from zhengxian.core.models import DeliveryStatus, Notification, WebhookDelivery, WebhookEndpoint
from zhengxian.core.notification_kinds import Kind
from zhengxian.core.notifications import Message, notify, notify_many
from zhengxian.core.webhooks import BACKOFF_SECONDS, MAX_ATTEMPTS, deliver_due

from .receiver import receiver, refused_url, silent_url

pytestmark = pytest.mark.django_db

T0 = dt.datetime(2026, 3, 10, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture(autouse=True)
def short_timeout(settings):
    settings.ZHENGXIAN_WEBHOOK_TIMEOUT = 0.5
    settings.ZHENGXIAN_SITE_URL = "https://zx.example.gov.cn"


def endpoint(org, url: str, **fields) -> WebhookEndpoint:
    fields.setdefault("owner_unit", org.subdistrict)
    fields.setdefault("name", "街道工作群")
    return WebhookEndpoint.objects.create(url=url, **fields)


def assigned(org, text: str = "事项已分派：路灯坏了") -> int:
    return notify(
        recipients=[org.user("leader_a")],
        text=text,
        url="/matters/7/",
        kind=Kind.MATTER_ASSIGNED,
        unit=org.community_a,
    )


def test_a_failing_receiver_is_retried_with_back_off_until_it_accepts_a_signed_message(org):
    with receiver([500, 503]) as robot, time_machine.travel(T0, tick=False) as clock:
        hook = endpoint(org, robot.url(), secret="SEC0123456789abcdef")
        assigned(org)
        delivery = WebhookDelivery.objects.get()
        assert robot.received == []  # notify only queued it
        assert (delivery.status, delivery.attempts, delivery.next_attempt_at) == (
            DeliveryStatus.PENDING,
            0,
            T0,
        )

        assert deliver_due().retrying == 1
        delivery.refresh_from_db()
        assert (delivery.attempts, delivery.response_code, delivery.last_error) == (
            1,
            500,
            "HTTP 500",
        )
        assert delivery.next_attempt_at == T0 + dt.timedelta(seconds=BACKOFF_SECONDS[0])

        assert deliver_due().retrying == 0  # not due yet: nothing sent
        assert len(robot.received) == 1

        clock.shift(dt.timedelta(seconds=BACKOFF_SECONDS[0]))
        deliver_due()
        delivery.refresh_from_db()
        assert (delivery.attempts, delivery.response_code) == (2, 503)
        second = T0 + dt.timedelta(seconds=BACKOFF_SECONDS[0])
        assert delivery.next_attempt_at == second + dt.timedelta(seconds=BACKOFF_SECONDS[1])

        clock.shift(dt.timedelta(seconds=BACKOFF_SECONDS[1]))
        assert deliver_due().sent == 1
        delivery.refresh_from_db()
        assert delivery.status == DeliveryStatus.SENT and delivery.attempts == 3
        assert delivery.next_attempt_at is None and delivery.last_error == ""
        assert [attempt["ok"] for attempt in delivery.history] == [False, False, True]

    last = robot.received[-1]
    assert last.path == "/robot/send" and last.query["access_token"] == "tok123"
    stamp = int(last.query["timestamp"])
    assert stamp == int((second + dt.timedelta(seconds=BACKOFF_SECONDS[1])).timestamp() * 1000)
    assert last.query["sign"] == dingtalk.sign(hook.secret, stamp)
    assert last.body["msgtype"] == "text"
    content = last.body["text"]["content"]
    assert "事项已分派：路灯坏了" in content and "https://zx.example.gov.cn/matters/7/" in content


def test_a_delivery_is_given_up_after_the_last_attempt(org):
    with time_machine.travel(T0, tick=False) as clock:
        endpoint(org, refused_url())
        assigned(org)
        for wait in (*BACKOFF_SECONDS, 0):
            deliver_due()
            clock.shift(dt.timedelta(seconds=wait))
        delivery = WebhookDelivery.objects.get()
        assert delivery.status == DeliveryStatus.FAILED
        assert delivery.attempts == MAX_ATTEMPTS and delivery.next_attempt_at is None
        assert deliver_due().failed == 0  # nothing left to try


def test_a_refused_connection_is_logged_on_the_delivery_and_never_raises(org):
    endpoint(org, refused_url())
    assert assigned(org) == 1  # the caller's notification is written all the same
    run = deliver_due()
    delivery = WebhookDelivery.objects.get()
    assert run.retrying == 1
    assert delivery.status == DeliveryStatus.PENDING and delivery.response_code is None
    assert "refused" in delivery.last_error.lower()


def test_a_silent_endpoint_times_out_quickly_and_notify_never_waits_for_it(org):
    with silent_url() as url:
        endpoint(org, url)
        started = time.monotonic()
        assigned(org)
        assert time.monotonic() - started < 0.4  # no network in notify
        run = deliver_due()
    delivery = WebhookDelivery.objects.get()
    assert run.retrying == 1 and "timed out" in delivery.last_error.lower()


def test_filing_a_matter_only_queues_the_webhook_of_its_units_channel(
    org, django_capture_on_commit_callbacks
):
    from zhengxian.matters.tests.factories import file_matter

    endpoint(org, refused_url())
    with django_capture_on_commit_callbacks(execute=True):
        file_matter(org)
    delivery = WebhookDelivery.objects.get()
    assert (delivery.kind, delivery.attempts, delivery.status) == (
        Kind.MATTER_NEW,
        0,
        DeliveryStatus.PENDING,
    )
    assert "湘湖家园3幢门口路灯坏了" in delivery.payload["text"]["content"]


def test_unit_channels_get_news_of_their_subtree_personal_channels_their_person(org):
    above = endpoint(org, "http://127.0.0.1:9/a", name="街道群")
    other = endpoint(org, "http://127.0.0.1:9/b", owner_unit=org.community_b)
    mine = endpoint(org, "http://127.0.0.1:9/c", recipient=org.user("leader_a"))
    theirs = endpoint(org, "http://127.0.0.1:9/d", recipient=org.user("cadre_b"))
    picky = endpoint(org, "http://127.0.0.1:9/e", kinds=[Kind.OVERDUE])
    endpoint(org, "http://127.0.0.1:9/f", enabled=False)
    assigned(org)
    got = set(WebhookDelivery.objects.values_list("endpoint_id", flat=True))
    assert got == {above.pk, mine.pk}
    assert other.pk not in got and theirs.pk not in got and picky.pk not in got


def test_a_broken_endpoint_row_does_not_stop_the_notification(org, monkeypatch):
    from zhengxian.core import webhooks
    from zhengxian.core.models import Notification

    def broken(**kwargs):
        raise RuntimeError("database hiccup")

    monkeypatch.setattr(webhooks, "enqueue", broken)
    assert assigned(org) == 1
    assert Notification.objects.filter(recipient=org.user("leader_a")).count() == 1


def test_an_error_quoting_the_address_reaches_the_log_without_token_or_sign(org):
    hook = endpoint(org, "http://127.0.0.1:9/robot send?access_token=tok999secret", secret="SECx1")
    assigned(org)
    deliver_due()
    error = WebhookDelivery.objects.get(endpoint=hook).last_error
    assert "control characters" in error and "sign=…" in error
    assert "tok999secret" not in error and "SECx1" not in error


def _many(org, users: list[str]) -> int:
    return notify_many(
        Message(
            recipients=[org.user(name)],
            text=f"结果公示：{name}",
            url=f"/scores/{name}/",
            kind=Kind.PREVIEW_OPENED,
            unit=org.community_a if index == 0 else None,
        )
        for index, name in enumerate(users)
    )


def test_many_messages_reach_the_same_channels_as_one_by_one_in_constant_queries(
    org, django_assert_num_queries
):
    above = endpoint(org, "http://127.0.0.1:9/a", name="街道群")
    mine = endpoint(org, "http://127.0.0.1:9/c", recipient=org.user("leader_a"))
    theirs = endpoint(org, "http://127.0.0.1:9/d", recipient=org.user("cadre_b"))
    endpoint(org, "http://127.0.0.1:9/f", enabled=False)
    users = ["leader_a", "cadre_b", "cadre_a"]
    written = _many(org, users)
    assert written == 3 and Notification.objects.count() == 3
    got = set(WebhookDelivery.objects.values_list("endpoint_id", flat=True))
    assert got == {above.pk, mine.pk, theirs.pk}
    # the unit channel hears the one message routed to a unit; each person hears their own
    assert WebhookDelivery.objects.filter(endpoint=above).count() == 1
    assert "leader_a" in str(WebhookDelivery.objects.get(endpoint=mine).payload)
    assert "cadre_b" in str(WebhookDelivery.objects.get(endpoint=theirs).payload)

    Notification.objects.all().delete()
    WebhookDelivery.objects.all().delete()
    with django_assert_num_queries(_queries(lambda: _many(org, users))):
        _many(org, users * 4)  # four times the messages, the same number of queries


def _queries(action) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        action()
    return len(captured)
