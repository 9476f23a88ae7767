"""The bell in the navigation bar, the notifications page, and the entries of the inputs."""

from __future__ import annotations

import pytest
from django.urls import reverse

from zhengxian.core.models import Notification
from zhengxian.core.notifications import notify

from .inputs_data import content, text

pytestmark = pytest.mark.django_db


def test_the_bell_counts_unread_notifications_and_the_page_marks_them_read(org, login):
    evaluator = org.user("evaluator")
    notify(recipients=[evaluator], text="湘湖社区 申诉了“考评员评价”", url="/scores/appeals/1/")
    notify(recipients=[evaluator, org.user("office")], text="一月公示开始", url="")
    client = login("evaluator")
    home = content(client.get(reverse("home:home")))
    assert reverse("core:notifications") in home and 'data-testid="unread-count">2<' in home
    page = content(client.get(reverse("core:notifications")))
    assert (
        "湘湖社区 申诉了" in page and 'href="/scores/appeals/1/"' in page and "一月公示开始" in page
    )
    response = client.post(reverse("core:notifications"))
    assert response.status_code == 302
    assert text("All notifications marked read.") in content(client.get(response["Location"]))
    after = client.get(reverse("home:home"))  # the bell is still there, without a count
    assert after.status_code == 200 and reverse("core:notifications") in content(after)
    assert 'data-testid="unread-count"' not in content(after)
    assert (
        Notification.objects.filter(recipient=org.user("office"), read_at__isnull=True).count() == 1
    )


def test_a_user_sees_only_their_own_notifications(org, login):
    notify(recipients=[org.user("leader_a")], text="您的申诉已受理", url="")
    other = login("cadre_a").get(reverse("core:notifications"))
    assert other.status_code == 200 and "您的申诉已受理" not in content(other)
    assert "您的申诉已受理" in content(login("leader_a").get(reverse("core:notifications")))


def test_only_links_within_the_site_are_followed(org, login):
    notify(recipients=[org.user("cadre_a")], text="外部链接", url="https://example.com/phish")
    page = content(login("cadre_a").get(reverse("core:notifications")))
    assert "外部链接" in page and "example.com" not in page


def test_the_navigation_offers_each_role_its_inputs(org, login):
    inputs, appeals, checklists = (
        reverse("scoring:inputs_home"),
        reverse("scoring:appeal_list"),
        reverse("scoring:checklist_home"),
    )

    def links(key: str) -> set[str]:
        page = content(login(key).get(reverse("home:home")))
        return {url for url in (inputs, appeals, checklists) if f'href="{url}"' in page}

    assert links("office") == {inputs, appeals, checklists}
    assert links("evaluator") == {inputs}
    assert links("leader_a") == {appeals, checklists}
    assert links("cadre_a") == {checklists}
    assert links("viewer_b") == set()
