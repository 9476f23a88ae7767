"""The public pages of livelihood projects: no login, Chinese, and nothing private on them."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from zhengxian.core.actors import SYSTEM, system_actor
from zhengxian.orgs.services import person_update
from zhengxian.projects import services
from zhengxian.projects.demo.photos import placeholder_png

from .conftest import TODAY
from .factories import add_milestone, day, make_project, report

TEST_ACTOR = system_actor("tests")

PHONE = "13912345678"


def photo(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, placeholder_png((10, 20, 30), (40, 50, 60)), "image/png")


def build(org):
    lead = org.people["project_lead"]
    person_update(actor=SYSTEM, person=lead, phone=PHONE)
    author = org.people["cadre_a"]
    person_update(actor=SYSTEM, person=author, phone="13800001111")
    public = make_project(
        org,
        "MS-1",
        name="杜湖内河改造提升项目",
        category="livelihood",
        is_public=True,
        lead=lead,
        location="杜湖内河沿线",
        description="清淤、驳岸改造和滨水步道。",
        internal_note="内部：资金缺口八百万",
    )
    add_milestone(public, "清淤完成", -30, done=-31, note="内部节点备注：承包商延误")
    add_milestone(public, "驳岸改造完成", 40)
    shown = report(
        public,
        -2,
        45,
        text="驳岸施工有序推进。",
        issues="问题：需协调管线迁改，联系人13700002222",
        author=author,
        photos=[photo("a.png"), photo("b.png")],
        captions=["施工现场", "不公开的照片"],
    )
    hidden_photo = shown.photos.order_by("id").last()
    hidden_photo.is_public = False
    hidden_photo.save()
    private = make_project(org, "XM-9", name="保密项目甲", internal_note="内部")
    private_report = report(private, -1, 10, text="保密进展", photos=[photo("c.png")])
    return public, shown, hidden_photo, private, private_report


def test_anyone_sees_the_public_projects_progress_milestones_and_photos(org, today):
    public, shown, _hidden, _private, _r = build(org)
    client = Client()
    listing = client.get("/public/projects/")
    assert listing.status_code == 200
    assert "杜湖内河改造提升项目" in listing.text and "45.0%" in listing.text
    assert 'lang="zh-hans"' in listing.text
    english = client.get(f"/public/projects/{public.pk}/", HTTP_ACCEPT_LANGUAGE="en")
    assert english.status_code == 200 and "杜湖内河改造提升项目" in english.text
    assert 'lang="zh-hans"' in english.text and "Set-Cookie" not in english.headers
    assert "Precise service" not in english.text and "Milestones" not in english.text
    page = client.get(f"/public/projects/{public.pk}/")
    assert page.status_code == 200
    for text in (
        "杜湖内河改造提升项目",
        "清淤完成",
        "驳岸改造完成",
        "驳岸施工有序推进。",
        "杜湖内河沿线",
        "施工现场",
    ):
        assert text in page.text, text
    visible = shown.photos.order_by("id").first()
    assert f"/public/projects/{public.pk}/photos/{visible.pk}/" in page.text
    image = client.get(f"/public/projects/{public.pk}/photos/{visible.pk}/")
    assert image.status_code == 200 and image["Content-Type"] == "image/png"
    assert b"".join(image.streaming_content).startswith(b"\x89PNG")


def test_nothing_private_reaches_the_public_pages(org, today):
    public, _shown, hidden_photo, private, private_report = build(org)
    client = Client()
    responses = [client.get("/public/projects/"), client.get(f"/public/projects/{public.pk}/")]
    for response in responses:  # the pages render, with the public project on them
        assert response.status_code == 200 and "杜湖内河改造提升项目" in response.text
    for text in (response.text for response in responses):
        for secret in (
            PHONE,
            "13800001111",
            "13700002222",
            "内部：资金缺口八百万",
            "内部节点备注",
            "需协调管线迁改",
            "保密项目甲",
            "保密进展",
            "不公开的照片",
            org.people["project_lead"].name,
            org.people["cadre_a"].name,
            'href="/projects/',
            "csrf",
        ):
            assert secret not in text, secret
    assert client.get(f"/public/projects/{private.pk}/").status_code == 404
    assert client.get(f"/public/projects/{public.pk}/photos/{hidden_photo.pk}/").status_code == 404
    private_photo = private_report.photos.get()
    assert (
        client.get(f"/public/projects/{private.pk}/photos/{private_photo.pk}/").status_code == 404
    )
    assert client.get(f"/public/projects/{public.pk}/photos/{private_photo.pk}/").status_code == 404


def test_a_project_taken_off_the_public_list_disappears_at_once(org, today):
    public, *_ = build(org)
    client = Client()
    assert client.get(f"/public/projects/{public.pk}/").status_code == 200
    assert "杜湖内河改造提升项目" in client.get("/public/projects/").text
    services.project_update(actor=TEST_ACTOR, project=public, is_public=False)
    assert client.get(f"/public/projects/{public.pk}/").status_code == 404
    listing = client.get("/public/projects/")
    assert listing.status_code == 200 and "杜湖内河改造提升项目" not in listing.text


def test_the_internal_photo_address_needs_a_login_and_the_scope(org, today, login):
    _public, shown, *_ = build(org)
    photo_id = shown.photos.order_by("id").first().pk
    assert Client().get(f"/projects/photos/{photo_id}/").status_code == 302
    assert login("cadre_a").get(f"/projects/photos/{photo_id}/").status_code == 200
    assert login("cadre_b").get(f"/projects/photos/{photo_id}/").status_code == 404


def _late_livelihood_project(org):
    project = make_project(
        org, "MS-LATE", name="老旧小区加装电梯", category="livelihood", is_public=True
    )
    add_milestone(project, "电梯井道完工", 3)
    report(project, -1, 50, text="井道施工中。")
    project.refresh_from_db()
    assert project.status == "yellow"  # stored: due in three days
    return project


def test_a_late_livelihood_project_shows_late_on_the_public_pages(org, today):
    """Ten days on the milestone is overdue; the daily refresh has not run, so the stored
    colour is still yellow, yet the public pages show red and why, as the battle chart does."""
    project = _late_livelihood_project(org)
    later = dt.datetime.combine(day(10), dt.time(10, 0), tzinfo=ZoneInfo("Asia/Shanghai"))
    with time_machine.travel(later, tick=False):
        client = Client()
        detail = client.get(f"/public/projects/{project.pk}/")
        listing = client.get("/public/projects/")
        chart = login_client(org, "leadership").get("/projects/chart/")
    status = _section(detail.text, 'data-testid="public-status"')
    assert 'data-status="red"' in status and "电梯井道完工" in status
    assert 'data-status="yellow"' not in status
    card = _section(listing.text, 'data-testid="public-status"')
    assert 'data-status="red"' in card
    assert f'data-status="red" data-project="{project.code}"' in chart.text


def test_a_livelihood_project_on_schedule_shows_no_red_to_the_public(org, today):
    project = _late_livelihood_project(org)
    services.milestone_update(
        actor=TEST_ACTOR, milestone=project.milestones.get(), actual_date=day(0), today=TODAY
    )
    page = Client().get(f"/public/projects/{project.pk}/").text
    status = _section(page, 'data-testid="public-status"')
    assert 'data-status="green"' in status and 'data-status="red"' not in status


def _section(html: str, marker: str) -> str:
    start = html.index(marker)
    return html[start : html.index("</p>", start)]


def login_client(org, key):
    client = Client()
    client.force_login(org.user(key))
    return client


def test_the_public_list_shows_twenty_projects_a_page_in_the_same_queries_at_any_size(org, today):
    def listing(page: int = 1):
        with CaptureQueriesContext(connection) as queries:
            answer = Client().get(f"/public/projects/?page={page}")
        return answer.text, len(queries)

    for n in range(3):
        make_project(org, f"XM-A{n}", name=f"民生实事甲{n}", is_public=True)
    _, few = listing()
    for n in range(40):
        make_project(
            org, f"XM-B{n:02}", name=f"民生实事乙{n:02}", is_public=True, planned_start=day(n)
        )
    first, many = listing()
    assert many == few
    assert first.count("zx-tile") == 20
    assert "民生实事甲0" in first and "民生实事乙39" not in first  # first planned first
    assert "1 / 3" in first and "page=2" in first
    last, _ = listing(3)
    assert "民生实事乙39" in last and "民生实事甲0" not in last
