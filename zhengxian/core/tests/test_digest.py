"""The daily digest: one message per user summarising yesterday's unread groups, in-app and
to their personal webhook channel; idempotent."""

from __future__ import annotations

import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command

from zhengxian.core.digest import send_digest
from zhengxian.core.models import Notification, WebhookDelivery, WebhookEndpoint
from zhengxian.core.notification_kinds import Kind
from zhengxian.core.notifications import notify

pytestmark = pytest.mark.django_db

TZ = ZoneInfo("Asia/Shanghai")
YESTERDAY = dt.datetime(2026, 3, 9, 15, 0, tzinfo=TZ)
TODAY = dt.date(2026, 3, 10)


def yesterdays_news(org) -> None:
    office = org.user("office")
    with time_machine.travel(YESTERDAY, tick=False):
        for n in range(3):
            notify(
                recipients=[office],
                text=f"新事项{n}",
                kind=Kind.MATTER_NEW,
                group=f"unit:{org.community_a.pk}",
                group_label="湘湖社区",
            )
        notify(recipients=[office], text="逾期：路灯", kind=Kind.OVERDUE, group="matter:9")
        notify(recipients=[office], text="已读的", kind=Kind.GENERAL)
        notify(recipients=[org.user("cadre_a")], text="已读", kind=Kind.GENERAL)
    Notification.objects.filter(text__startswith="已读").update(read_at=YESTERDAY)
    with time_machine.travel(YESTERDAY - dt.timedelta(days=1), tick=False):
        notify(recipients=[office], text="前天的", kind=Kind.APPEAL_FILED)


def test_each_user_gets_one_digest_of_yesterdays_unread_groups_urgent_first(org):
    yesterdays_news(org)
    with time_machine.travel(dt.datetime(2026, 3, 10, 7, 0, tzinfo=TZ), tick=False):
        assert send_digest() == 1  # cadre_a read everything: no digest
        assert send_digest() == 0
    digest = Notification.objects.get(kind=Kind.DIGEST)
    assert digest.recipient == org.user("office")
    lines = digest.text.splitlines()
    assert lines[0].startswith("2026-03-09") and "2" in lines[0]
    assert lines[1].startswith("· ") and "×1" in lines[1]  # the overdue group comes first
    assert "×3（湘湖社区）" in lines[2]
    assert "前天" not in digest.text and "已读" not in digest.text


def test_the_digest_goes_to_the_users_personal_channel_and_not_to_unit_channels(org):
    yesterdays_news(org)
    personal = WebhookEndpoint.objects.create(
        name="办公室干事",
        url="http://127.0.0.1:9/p",
        owner_unit=org.subdistrict,
        recipient=org.user("office"),
        kinds=[Kind.DIGEST],
    )
    WebhookEndpoint.objects.create(
        name="街道群", url="http://127.0.0.1:9/u", owner_unit=org.subdistrict
    )
    WebhookDelivery.objects.all().delete()
    out = io.StringIO()
    call_command("send_digest", today=TODAY, stdout=out)
    assert out.getvalue().strip() == "Sent 1 digest(s)."
    delivery = WebhookDelivery.objects.get()
    assert delivery.endpoint == personal and delivery.kind == Kind.DIGEST
    assert "湘湖社区" in delivery.payload["text"]["content"]
