"""Every link a page shows opens for the user it is shown to.

A cockpit panel that linked the leadership to a visit list they may not open, a visit page
that offered "log another visit" to a viewer, a ranking that showed evaluators the office's
减负 page: each was a 403 one click from a working page. Here each role walks the site from
its start page, breadth first, over a world of every kind of object inside its own scope
(`world.py`), and every link it meets must answer 200 (after redirects).
"""

from __future__ import annotations

import html
import re
from collections import deque

import pytest
from django.test import Client

from .world import build_world

pytestmark = pytest.mark.django_db

HREF = re.compile(r'href="(/[^"#]*)"')
NOT_FOLLOWED = ("/accounts/logout", "/i18n/", "/static/", "/media/", "/api/", "/p/")
NOT_PAGES = ("download", "export", ".xlsx", ".docx", ".json", "/files/", "/photos/", "attachment")
PER_SHAPE = 2  # pages of one URL shape visited (the second of a list is like the first)
MOST = 150
ROLES = ["cadre_a", "leader_a", "office", "evaluator", "leadership", "supervisor", "viewer_b"]


def _shape(url: str) -> str:
    return re.sub(r"\d+", "N", url.split("?")[0])


def walk(client: Client) -> dict[str, tuple[int, str]]:
    """{url: (status, the page that linked it)} for every link met, from the start page."""
    met: dict[str, tuple[int, str]] = {}
    shapes: dict[str, int] = {}
    queue = deque([("/", "")])
    while queue and len(met) < MOST:
        url, source = queue.popleft()
        if url in met:
            continue
        shapes[_shape(url)] = shapes.get(_shape(url), 0) + 1
        if shapes[_shape(url)] > PER_SHAPE:
            continue
        response = client.get(url, follow=True)
        met[url] = (response.status_code, source)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        for link in HREF.findall(response.content.decode()):
            link = html.unescape(link)
            if link.startswith(NOT_FOLLOWED) or any(part in link for part in NOT_PAGES):
                continue
            queue.append((link, url))
    return met


@pytest.fixture
def world(org, today):
    w = build_world(tag="a", community=org.community_a, owner=org.subdistrict, marker="本地")
    w["matter"].visit = w["visit"]  # raised on that visit: the matter's page links to it
    w["matter"].save(update_fields=["visit"])
    return w


@pytest.mark.parametrize("who", ROLES)
def test_every_link_a_role_meets_opens_for_it(org, world, who):
    client = Client()
    client.force_login(org.user(who))
    met = walk(client)
    assert len(met) > 20, sorted(met)  # it did walk the site
    broken = {url: found for url, found in met.items() if found[0] != 200}
    assert broken == {}  # url: (status, the page that showed the link)
