"""The pages through the URLs a user takes: scope, organiser actions, the sign-in page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from zhengxian.activities import services
from zhengxian.activities.models import Activity, Attachment, SignIn
from zhengxian.activities.services import Audience

from .conftest import at, make_activity

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f"
    b"\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)


def test_activity_pages_respect_scope(org, study, login):
    detail = reverse("activities:activity_detail", args=[study.activity_id])
    session = reverse("activities:session_detail", args=[study.pk])
    for key in ("office", "leader_a", "cadre_a", "grid_a", "leadership"):
        assert login(key).get(detail).status_code == 200, key
        assert login(key).get(session).status_code == 200, key
    for key in ("cadre_b", "viewer_b"):
        assert login(key).get(detail).status_code == 404, key
        assert login(key).get(session).status_code == 404, key
    listing = login("cadre_b").get(reverse("activities:activity_list"))
    assert listing.status_code == 200 and "湘湖社区三月学习" not in listing.text
    assert "湘湖社区三月学习" in login("cadre_a").get(reverse("activities:activity_list")).text


def test_an_attendee_from_elsewhere_sees_the_activity_and_only_their_own_row(org, clock, login):
    activity = make_activity(
        org,
        organiser=org.office,
        title="党政办学习",
        audience=Audience(
            units=(org.office,), people=(org.people["cadre_b"], org.people["cadre_a"])
        ),
    )
    session = activity.sessions.get()
    response = login("cadre_b").get(reverse("activities:session_detail", args=[session.pk]))
    assert response.status_code == 200
    names = [row.name for row in response.context["roster"]]
    assert names == ["湖头陈干部"]
    # Scope is the organiser's subtree plus one's own records: 湘湖书记 is neither.
    leader = login("leader_a").get(reverse("activities:session_detail", args=[session.pk]))
    assert leader.status_code == 404
    organiser = login("office").get(reverse("activities:session_detail", args=[session.pk]))
    assert len(organiser.context["roster"]) == 5 + 2  # 党政办's five and both chosen by hand


def test_organiser_pages_need_the_organise_permission(org, study, login):
    for name in ("activities:session_screen", "activities:session_qr", "activities:session_manual"):
        url = reverse(name, args=[study.pk])
        assert login("cadre_a").get(url).status_code == 403, name
        assert login("cadre_b").get(url).status_code == 404, name
        assert login("leader_a").get(url).status_code == 200, name
    opened = reverse("activities:session_action", args=[study.pk, "open"])
    assert login("cadre_a").post(opened).status_code == 403
    assert login("viewer_b").post(opened).status_code == 404


def test_organiser_opens_shows_the_qr_and_the_count_refreshes(org, study, clock, login):
    clock(at(8, 35))
    client = login("leader_a")  # after the clock moves: sessions expire when idle
    response = client.post(reverse("activities:session_action", args=[study.pk, "open"]))
    assert response.status_code == 302
    assert response.url == reverse("activities:session_screen", args=[study.pk])
    study.refresh_from_db()
    page = client.get(response.url)
    assert "/activities/s/" + study.token in page.text
    qr = client.get(reverse("activities:session_qr", args=[study.pk]))
    assert qr["Content-Type"] == "image/svg+xml" and b"<svg" in qr.content
    services.sign_in(token=study.token, actor=org.user("cadre_a"))
    partial = client.get(response.url, headers={"HX-Request": "true"})
    assert "<html" not in partial.text
    assert 'data-testid="signed-count">1<' in partial.text


def test_cadre_signs_in_through_the_page_and_sees_the_result(org, study, clock, login):
    url = reverse("activities:sign_in", args=[study.token])
    clock(at(8, 45))
    client = login("cadre_a")  # after the clock moves: sessions expire when idle
    before = client.get(url)  # not opened yet: the page says why instead of a button
    assert before.status_code == 200 and 'data-testid="refusal"' in before.text
    assert "sign-in-button" not in before.text
    services.session_open(session=study, actor=org.user("leader_a"))
    page = client.get(url)
    assert 'data-testid="sign-in-button"' in page.text
    client.post(url)
    done = client.get(url)
    assert 'data-testid="signed-in"' in done.text
    assert SignIn.objects.get().person == org.people["cadre_a"]


def test_the_sign_in_page_needs_a_login_and_a_current_token(org, opened, client, login):
    url = reverse("activities:sign_in", args=[opened.token])
    response = client.get(url)
    assert response.status_code == 302 and "/accounts/login/" in response.url
    assert login("cadre_a").get(reverse("activities:sign_in", args=["nope"])).status_code == 404


def test_by_hand_form_records_with_a_reason(org, opened, clock, login):
    clock(at(9, 30))
    client = login("leader_a")
    url = reverse("activities:session_manual", args=[opened.pk])
    missing = client.post(url, {"person": org.people["grid_a"].pk, "reason": ""})
    assert missing.status_code == 200 and not SignIn.objects.exists()
    done = client.post(
        url, {"person": org.people["grid_a"].pk, "reason": "手机没电", "time": "09:20"}
    )
    assert done.status_code == 302
    row = SignIn.objects.get()
    assert (row.method, row.reason, row.signed_at) == ("manual", "手机没电", at(9, 20))


def test_organiser_creates_an_activity_through_the_form(org, clock, login):
    client = login("leader_a")
    page = client.get(reverse("activities:activity_create"))
    assert page.status_code == 200 and "湘湖社区" in page.text
    assert "湖头陈社区" not in page.text  # audience choices stay in scope
    response = client.post(
        reverse("activities:activity_create"),
        {
            "kind": "sharing",
            "title": "青城学院分享会",
            "series": "青城学院",
            "organiser": org.community_a.pk,
            "day": "2026-03-25",
            "start_time": "14:00",
            "end_time": "16:00",
            "place": "湘湖党群服务中心",
            "units": [org.community_a.pk],
            "role": "cadre",
            "opens_before_minutes": 20,
            "grace_minutes": 10,
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    activity = Activity.objects.get(title="青城学院分享会")
    session = activity.sessions.get()
    assert (session.opens_before_minutes, session.grace_minutes) == (20, 10)
    assert session.starts_at == at(14, day=dt.date(2026, 3, 25))
    assert set(session.expected.values_list("person__name", flat=True)) == {"湘湖干部", "网格员甲"}


def test_attachments_are_checked_and_scope_checked(org, study, login):
    url = reverse("activities:attachment_add", args=[study.activity_id])
    login("leader_a").post(url, {"file": SimpleUploadedFile("a.txt", b"hello")})
    assert not Attachment.objects.exists()
    login("leader_a").post(url, {"file": SimpleUploadedFile("photo.png", PNG)})
    attachment = Attachment.objects.get()
    assert attachment.is_photo
    download = reverse("activities:attachment", args=[attachment.pk])
    assert login("cadre_a").get(download).status_code == 200
    assert login("cadre_b").get(download).status_code == 404


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("office", (200, 200, 200)),
        ("cadre_a", (200, 200, 200)),
        ("viewer_b", (200, 200, 200)),
        # No role: their own sessions only; attendance needs VIEW_SCORES, brands VIEW_ORG.
        ("nobody", (200, 403, 403)),
    ],
)
def test_list_attendance_and_brand_pages_open_for_every_role(org, study, login, key, expected):
    names = ("activities:activity_list", "activities:attendance", "activities:brand_list")
    got = tuple(login(key).get(reverse(name)).status_code for name in names)
    assert got == expected, key


def test_attendance_page_shows_per_unit_and_per_cadre_rates(org, opened, clock, login):
    clock(at(9, 0))
    services.sign_in(token=opened.token, actor=org.user("cadre_a"))
    response = login("leader_a").get(
        reverse("activities:attendance"), {"first": "2026-03", "last": "2026-03"}
    )
    units = {row.label: row.percent for row in response.context["units"]}
    assert units["湘湖社区"] == 25.0
    people = {row.label: row.percent for row in response.context["people"]}
    assert people["湘湖干部"] == 100.0 and people["网格员甲"] == 0.0
    assert "湖头陈社区" not in units


def test_attendance_report_pages_its_units_and_people_in_the_same_queries_at_any_size(
    org, opened, clock, login, monkeypatch
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from zhengxian.activities.models import ExpectedAttendee
    from zhengxian.activities.selectors import attendance
    from zhengxian.orgs.roles import Role
    from zhengxian.orgs.testing import make_person

    monkeypatch.setattr(attendance, "REPORT_PAGE_SIZE", 2)
    clock(at(9, 0))
    services.sign_in(token=opened.token, actor=org.user("cadre_a"))
    client = login("leader_a")
    url = reverse("activities:attendance")
    months = {"first": "2026-03", "last": "2026-03"}

    def report(**pages):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, {**months, **pages})
        return response, len(queries)

    first, few = report()
    assert len(first.context["people"]) == 2 and first.context["report"].people.paginator.count == 4
    assert "ppage=2" in first.content.decode()
    second, _ = report(ppage=2)
    shown = {row.label for row in first.context["people"]} | {
        row.label for row in second.context["people"]
    }
    assert len(shown) == 4 and "湘湖干部" in shown  # every person, each once

    for n in range(6):
        person = make_person(f"extra{n}", org.community_a, [(Role.CADRE, org.community_a)])
        ExpectedAttendee.objects.create(
            session=opened, person=person, unit=org.community_a, month=opened.month
        )
    more, many = report()
    assert more.context["report"].people.paginator.count == 10
    assert many == few


def test_the_attendance_report_counts_a_new_or_withdrawn_sign_in_at_once(org, opened, clock, login):
    from zhengxian.activities.models import SignIn

    clock(at(9, 0))
    client = login("leader_a")
    months = {"first": "2026-03", "last": "2026-03"}

    def community_rate():
        response = client.get(reverse("activities:attendance"), months)
        return {row.label: row.percent for row in response.context["units"]}["湘湖社区"]

    assert community_rate() == 0.0  # counted and kept
    services.sign_in(token=opened.token, actor=org.user("cadre_a"))
    assert community_rate() == 25.0  # the kept counts were dropped by the sign-in
    SignIn.objects.filter(session=opened).delete()
    assert community_rate() == 0.0  # and by its deletion
