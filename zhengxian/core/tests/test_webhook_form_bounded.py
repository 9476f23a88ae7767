"""The webhook form stays bounded at any size: the owner unit and the recipient are search
boxes past the threshold, the page carries only the chosen options, and it renders in the same
number of queries for a few units and people or many."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from zhengxian.core.models import WebhookEndpoint
from zhengxian.orgs.testing import add_communities_with_accounts

pytestmark = pytest.mark.django_db


@pytest.fixture
def large(settings):
    """Every list of more than 3 counts as long (the fixture's sub-district is small)."""
    settings.ZHENGXIAN_AUTOCOMPLETE_THRESHOLD = 3


def grow(org, count: int) -> None:
    add_communities_with_accounts(org.subdistrict, count)


def queries_of(client, url: str) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx), response.content.decode()


def options(html: str, name: str) -> list[str]:
    select = re.search(rf'<select name="{name}".*?</select>', html, re.S)
    assert select, name
    return re.findall(r"<option[^>]*>([^<]*)</option>", select.group(0))


@pytest.mark.parametrize("threshold", ["small", "large"])
def test_the_create_page_runs_the_same_queries_for_few_or_many_units_and_people(
    org, login, settings, threshold
):
    if threshold == "large":
        settings.ZHENGXIAN_AUTOCOMPLETE_THRESHOLD = 3
    client = login("office")
    url = reverse("core:webhook_create")
    few, _html = queries_of(client, url)
    grow(org, 30)
    many, html = queries_of(client, url)
    assert many == few
    if threshold == "large":
        assert "测试社区" not in html and "测试人员" not in html
        assert 'data-url="/orgs/units/search/?perm=manage_campaign"' in html
        assert 'data-url="/orgs/people/search/?perm=manage_campaign"' in html
    else:  # an ordinary select, labelled as before: the unit's name, 姓名 (account)
        assert "测试社区29" in options(html, "owner_unit")
        assert "测试人员29 (many29)" in options(html, "recipient")


def test_the_edit_page_shows_only_the_chosen_unit_and_person_and_keeps_them(org, login, large):
    endpoint = WebhookEndpoint.objects.create(
        name="湘湖干部",
        url="https://oapi.dingtalk.com/robot/send?access_token=0123456789abcdef",
        owner_unit=org.community_a,
        recipient=org.user("cadre_a"),
    )
    grow(org, 5)
    client = login("office")
    url = reverse("core:webhook_edit", args=[endpoint.pk])
    _count, html = queries_of(client, url)
    assert options(html, "owner_unit") == ["湘湖社区"]
    assert options(html, "recipient") == ["湘湖干部 (cadre_a)"]
    chosen = re.search(r'<select name="recipient".*?<option value="(\d+)"', html, re.S)
    assert chosen and int(chosen.group(1)) == org.people["cadre_a"].pk
    data = {
        "name": "改名了",
        "url": "",
        "owner_unit": org.community_a.pk,
        "recipient": chosen.group(1),
        "msgtype": "markdown",
        "enabled": "on",
    }
    assert client.post(url, data).status_code == 302
    endpoint.refresh_from_db()
    assert (endpoint.name, endpoint.recipient) == ("改名了", org.user("cadre_a"))
