"""The installable web app's service worker and manifest, served from the site root."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.urls import reverse
from django.utils import timezone

pytestmark = pytest.mark.django_db


def test_the_service_worker_is_javascript_allowed_to_control_the_whole_site(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/javascript; charset=utf-8"
    assert response["Service-Worker-Allowed"] == "/"
    assert response["Cache-Control"] == "no-cache"
    assert reverse("core:service_worker") == "/sw.js"


def test_the_service_worker_knows_the_offline_pages_and_never_keeps_the_api(client):
    body = client.get("/sw.js").content.decode()
    first_line, code = body.split("\n", 1)
    assert first_line.startswith("self.ZX_PWA = ") and first_line.endswith(";")
    config = json.loads(first_line.removeprefix("self.ZX_PWA = ").removesuffix(";"))
    assert reverse("matters:visit_create") in config["pages"]
    assert config["pagePrefixes"] == ["/activities/s/"]
    assert "/api/" in config["never"]
    assert config["staticPrefix"] == "/static/"
    assert config["logout"] == reverse("accounts:logout")
    assert config["login"] == reverse("accounts:login")
    assert config["signInShell"] == reverse("core:offline_sign_in")
    assert reverse("core:offline_sign_in") in config["pages"]
    assert len(config["version"]) == 12
    assert 'addEventListener("fetch"' in code


def test_the_service_worker_answers_without_a_login_and_refuses_writes(client):
    assert client.get("/sw.js").status_code == 200
    assert client.post("/sw.js").status_code == 405


def test_the_manifest_opens_the_visit_form_standalone_with_our_own_icons(client):
    response = client.get("/manifest.webmanifest")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json; charset=utf-8"
    data = json.loads(response.content)
    assert data["name"] == "争先"
    assert data["start_url"] == reverse("matters:visit_create")
    assert data["scope"] == "/"
    assert data["display"] == "standalone"
    sizes = {icon["sizes"] for icon in data["icons"]}
    assert {"192x192", "512x512"} <= sizes
    for icon in data["icons"]:
        assert icon["src"].startswith("/static/core/pwa/")
        assert client.get(icon["src"]).status_code == 200


def test_every_page_links_the_manifest(client):
    page = client.get(reverse("accounts:login")).content.decode()
    assert f'<link rel="manifest" href="{reverse("core:manifest")}">' in page


def _open_session(org):
    from zhengxian.activities import services
    from zhengxian.activities.services import Audience, SessionPlan

    start = timezone.now().replace(second=0, microsecond=0) + dt.timedelta(minutes=10)
    activity = services.activity_create(
        actor=org.user("leader_a"),
        kind="first_topic",
        title="第一议题学习",
        organiser=org.community_a,
        audience=Audience(units=(org.community_a,)),
        sessions=[
            SessionPlan(starts_at=start, ends_at=start + dt.timedelta(hours=1), place="会议室")
        ],
    )
    return services.session_open(session=activity.sessions.get(), actor=org.user("leader_a"))


def test_the_visit_form_and_the_sign_in_page_carry_the_offline_queue(org, login):
    client = login("cadre_a")
    page = client.get(reverse("matters:visit_create")).content.decode()
    assert 'data-offline-form="visit"' in page
    assert "core/pwa/offline-queue.js" in page
    assert 'data-testid="offline-count"' in page
    assert f'data-visits-url="{reverse("api:visit_create")}"' in page

    session = _open_session(org)
    page = client.get(reverse("activities:sign_in", args=[session.token])).content.decode()
    assert 'data-offline-form="sign_in"' in page
    assert f'data-token="{session.token}"' in page
    assert f'data-sign-ins-url="{reverse("api:sign_in_create")}"' in page


def test_the_offline_sign_in_page_needs_a_login_and_reads_its_token_from_the_address(
    org, login, client
):
    url = reverse("core:offline_sign_in")
    assert client.get(url).status_code == 302
    page = login("cadre_a").get(url).content.decode()
    assert 'data-offline-form="sign_in"' in page
    assert 'data-token=""' in page
