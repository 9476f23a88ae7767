"""The caller's own notifications through the API: filters, a cursor page, and marking read
with the services of the notifications page; another user's notification is a 404."""

from __future__ import annotations

import pytest

from zhengxian.core.models import Notification
from zhengxian.core.notification_kinds import Kind
from zhengxian.core.notifications import notify

pytestmark = pytest.mark.django_db


def send(org, who, text, **fields):
    notify(recipients=[org.user(who)], text=text, **fields)
    return Notification.objects.filter(recipient=org.user(who)).latest("id")


def test_a_user_lists_only_their_own_notifications(api, org):
    send(org, "cadre_a", "有新事项待分派", url="/matters/1/", kind=Kind.MATTER_NEW)
    send(org, "cadre_b", "别人的通知")
    items = api("cadre_a").get("/notifications").json()["items"]
    assert [item["text"] for item in items] == ["有新事项待分派"]
    assert items[0]["kind"] == Kind.MATTER_NEW
    assert items[0]["url"] == "/matters/1/"
    assert items[0]["read_at"] is None


def test_a_link_off_the_site_is_not_handed_out(api, org):
    send(org, "cadre_a", "外部链接", url="https://evil.example/")
    assert api("cadre_a").get("/notifications").json()["items"][0]["url"] == ""


def test_unread_and_kind_filters(api, org):
    read = send(org, "cadre_a", "已读的")
    api("cadre_a").post(f"/notifications/{read.pk}/read", {})
    send(org, "cadre_a", "事项已交办", kind=Kind.MATTER_ASSIGNED)
    caller = api("cadre_a")
    assert [i["text"] for i in caller.get("/notifications?unread=true").json()["items"]] == [
        "事项已交办"
    ]
    items = caller.get(f"/notifications?kind={Kind.GENERAL}").json()["items"]
    assert [i["text"] for i in items] == ["已读的"]
    assert items[0]["read_at"] is not None


def test_the_cursor_walks_every_notification_once(api, org):
    for n in range(5):
        send(org, "cadre_a", f"通知{n}")
    caller = api("cadre_a")
    seen: list[int] = []
    cursor = None
    while True:
        page = caller.get("/notifications?limit=2" + (f"&cursor={cursor}" if cursor else ""))
        seen += [item["id"] for item in page.json()["items"]]
        cursor = page.json()["next_cursor"]
        if cursor is None:
            break
    assert len(seen) == len(set(seen)) == 5


def test_marking_anothers_notification_is_a_404_and_ones_own_works(api, org):
    theirs = send(org, "cadre_b", "别人的通知")
    mine = send(org, "cadre_a", "我的通知")
    caller = api("cadre_a")
    assert caller.post(f"/notifications/{theirs.pk}/read", {}).status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None
    response = caller.post(f"/notifications/{mine.pk}/read", {})
    assert response.status_code == 200
    assert response.json() == {"marked": 1}
    mine.refresh_from_db()
    assert mine.read_at is not None


def test_reading_one_of_a_group_reads_the_group_as_the_page_does(api, org):
    first = send(org, "cadre_a", "新事项1", kind=Kind.MATTER_NEW, group="unit:1")
    send(org, "cadre_a", "新事项2", kind=Kind.MATTER_NEW, group="unit:1")
    other = send(org, "cadre_a", "另一组", kind=Kind.MATTER_NEW, group="unit:2")
    response = api("cadre_a").post(f"/notifications/{first.pk}/read", {})
    assert response.json() == {"marked": 2}
    other.refresh_from_db()
    assert other.read_at is None


def test_read_all_marks_only_the_callers_own(api, org):
    send(org, "cadre_a", "一")
    send(org, "cadre_a", "二")
    theirs = send(org, "cadre_b", "别人的")
    response = api("cadre_a").post("/notifications/read-all", {})
    assert response.status_code == 200
    assert response.json() == {"marked": 2}
    assert not Notification.objects.filter(recipient=org.user("cadre_a"), read_at=None).exists()
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_a_read_only_token_reads_but_does_not_mark(api, org):
    mine = send(org, "cadre_a", "我的通知")
    caller = api("cadre_a", read_only=True)
    assert caller.get("/notifications").status_code == 200
    assert caller.post(f"/notifications/{mine.pk}/read", {}).status_code == 403
    assert caller.post("/notifications/read-all", {}).status_code == 403
