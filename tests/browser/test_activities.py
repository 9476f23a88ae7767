"""An organiser opens a session and shows its QR code; a cadre signs in on a phone."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from zhengxian.activities import services
from zhengxian.activities.services import Audience, SessionPlan
from zhengxian.orgs.testing import PASSWORD

from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _study(org):
    start = timezone.now().replace(second=0, microsecond=0) + dt.timedelta(minutes=10)
    activity = services.activity_create(
        actor=org.user("leader_a"),
        kind="first_topic",
        title="湘湖社区第一议题学习",
        organiser=org.community_a,
        audience=Audience(units=(org.community_a,)),
        sessions=[
            SessionPlan(
                starts_at=start, ends_at=start + dt.timedelta(hours=1), place="湘湖党群服务中心"
            )
        ],
    )
    return activity.sessions.get()


def test_organiser_opens_a_session_and_a_cadre_signs_in_on_a_phone(
    live_server, org, desktop_page, phone_page, shoot
):
    session = _study(org)
    screen = desktop_page
    log_in(screen, live_server.url, "leader_a", PASSWORD)
    screen.goto(f"{live_server.url}/activities/")
    screen.get_by_test_id("activity-list").get_by_role("link", name="湘湖社区第一议题学习").click()
    when = timezone.localtime(session.starts_at).strftime("%Y-%m-%d %H:%M")
    screen.get_by_test_id("session-table").get_by_role("link", name=when).click()
    shoot(screen, "activities-session-desktop")
    screen.get_by_test_id("open-sign-in").click()
    expect(screen.get_by_test_id("qr").locator("img")).to_be_visible()
    expect(screen.get_by_test_id("signed-count")).to_contain_text("0")
    link = screen.get_by_test_id("sign-in-link").inner_text().strip()
    assert "/activities/s/" in link
    qr = screen.request.get(f"{live_server.url}/activities/sessions/{session.pk}/qr.svg")
    assert qr.ok and "<svg" in qr.text()
    shoot(screen, "activities-qr-screen-desktop")

    phone = phone_page
    phone.goto(link)  # what the phone's camera opens: the login page first
    phone.fill("#id_username", "cadre_a")
    phone.fill("#id_password", PASSWORD)
    phone.click("button[type=submit]")
    button = phone.get_by_test_id("sign-in-button")
    expect(button).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    shoot(phone, "activities-sign-in-phone")
    button.click()
    expect(phone.get_by_test_id("signed-in")).to_contain_text("湘湖干部")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    shoot(phone, "activities-signed-in-phone")

    # The big screen's count refreshes by itself (htmx polls every 5 seconds).
    expect(screen.get_by_test_id("signed-count")).to_contain_text("1 / 4", timeout=15_000)
    shoot(screen, "activities-qr-screen-signed-desktop")

    # Signing in again from the phone is refused politely.
    phone.goto(link)
    expect(phone.get_by_test_id("signed-in")).to_be_visible()
    expect(phone.get_by_test_id("sign-in-button")).to_have_count(0)


def test_activity_pages_fit_a_phone(live_server, org, phone_page, shoot):
    session = _study(org)
    page = phone_page
    log_in(page, live_server.url, "leader_a", PASSWORD)
    for path, name in [
        ("/activities/", "activities-list-phone"),
        (f"/activities/{session.activity_id}/", "activities-detail-phone"),
        (f"/activities/sessions/{session.pk}/", "activities-session-phone"),
        ("/activities/new/", "activities-form-phone"),
        ("/activities/attendance/", "activities-attendance-phone"),
        ("/activities/brands/", "activities-brands-phone"),
    ]:
        page.goto(f"{live_server.url}{path}")
        expect(page.locator("h1")).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, path
        shoot(page, name)
