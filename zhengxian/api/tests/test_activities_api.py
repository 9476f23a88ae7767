"""Activities through the API: the page's scope, attendance as the session page shows it to
each role, attachments, and the organiser's sign-in by hand."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from zhengxian.activities import services
from zhengxian.activities.models import ActivityKind, SignIn
from zhengxian.activities.services import Audience
from zhengxian.activities.tests.conftest import (  # noqa: F401
    DAY,
    at,
    clock,
    make_activity,
    opened,
    study,
)
from zhengxian.projects.demo.photos import placeholder_png

pytestmark = pytest.mark.django_db


@pytest.fixture
def round_(org, clock):  # noqa: F811
    """A training round of the sub-district expecting both communities; opened at 08:40."""
    activity = make_activity(
        org,
        kind=ActivityKind.TRAINING,
        organiser=org.subdistrict,
        audience=Audience(units=(org.community_a, org.community_b)),
        title="街道轮训",
    )
    clock(at(8, 40))
    services.session_open(session=activity.sessions.get(), actor=org.user("office"))
    return activity


@pytest.fixture
def study_b(org, clock):  # noqa: F811
    return make_activity(
        org,
        organiser=org.community_b,
        audience=Audience(units=(org.community_b,)),
        title="湖头陈学习",
    )


def _titles(response) -> list[str]:
    return [item["title"] for item in response.json()["items"]]


def test_the_list_is_what_the_caller_sees(api, org, study, round_, study_b):  # noqa: F811
    assert sorted(_titles(api("cadre_a").get("/activities"))) == ["湘湖社区三月学习", "街道轮训"]
    assert sorted(_titles(api("cadre_b").get("/activities"))) == ["湖头陈学习", "街道轮训"]
    assert len(_titles(api("office").get("/activities"))) == 3
    training = api("office").get("/activities?kind=training")
    assert _titles(training) == ["街道轮训"]
    assert api("office").get("/activities?kind=party").status_code == 422


def test_the_list_filters_by_organiser_and_days(api, org, study, round_, study_b):  # noqa: F811
    assert api("cadre_b").get(f"/activities?unit={org.community_a.pk}").status_code == 404
    own = api("cadre_b").get(f"/activities?unit={org.community_b.pk}")
    assert _titles(own) == ["湖头陈学习"]
    day = DAY.isoformat()
    assert len(_titles(api("office").get(f"/activities?date_from={day}&date_to={day}"))) == 3
    assert _titles(api("office").get("/activities?date_from=2026-03-21")) == []


def test_next_cursor_walks_every_activity_once(api, org, clock):  # noqa: F811
    for index in range(5):
        make_activity(org, title=f"学习{index}", starts=[at(9 + index)])
    seen: list[str] = []
    path = "/activities?limit=2"
    while True:
        page = api("office").get(path).json()
        seen += [item["title"] for item in page["items"]]
        if not page["next_cursor"]:
            break
        path = f"/activities?limit=2&cursor={page['next_cursor']}"
    assert seen == [f"学习{index}" for index in reversed(range(5))]


def test_a_cadre_of_another_community_gets_404_for_a_foreign_activity(
    api,
    org,
    study,  # noqa: F811
    study_b,
):
    activity_id = study.activity_id
    assert api("cadre_b").get(f"/activities/{activity_id}").status_code == 404
    assert api("cadre_b").get(f"/sessions/{study.pk}").status_code == 404
    assert api("cadre_b").get(f"/activities/{activity_id}/attachments").status_code == 404
    assert api("cadre_b").get(f"/activities/{study_b.pk}").status_code == 200
    mine = api("cadre_a").get(f"/activities/{activity_id}")
    assert mine.status_code == 200
    assert [s["id"] for s in mine.json()["session_list"]] == [study.pk]


def test_session_counts_on_the_activity_go_to_organisers_only(api, org, study):  # noqa: F811
    cadre = api("cadre_a").get(f"/activities/{study.activity_id}").json()
    assert cadre["can_organise"] is False
    assert cadre["session_list"][0]["counts"] is None
    leader = api("leader_a").get(f"/activities/{study.activity_id}").json()
    assert leader["can_organise"] is True
    assert leader["session_list"][0]["counts"]["expected"] == 4


def test_the_organiser_sees_who_is_missing_and_a_cadre_elsewhere_only_their_own_row(
    api,
    org,
    round_,
    clock,  # noqa: F811
):
    session = round_.sessions.get()
    clock(at(9, 10))
    services.sign_in(token=session.token, actor=org.user("cadre_b"))
    clock(at(11, 30))  # the session ended at 11:00
    office = api("office").get(f"/sessions/{session.pk}").json()
    states = {row["person"]["name"]: row["state"] for row in office["roster"]}
    assert states["湖头陈干部"] == "late"
    assert states["湘湖干部"] == "absent"
    assert office["counts"]["absent"] == len(states) - 1
    cadre = api("cadre_b").get(f"/sessions/{session.pk}").json()
    names = {row["person"]["name"] for row in cadre["roster"]}
    assert "湘湖干部" not in names
    assert cadre["mine"]["state"] == "late"
    assert cadre["mine"]["state_label"] == "Late"


def test_an_organiser_records_a_sign_in_by_hand_once(api, org, opened, clock):  # noqa: F811
    clock(at(9, 30))
    grid = org.people["grid_a"]
    body = {"person": grid.pk, "reason": "手机没电", "time": "09:02"}
    path = f"/sessions/{opened.pk}/sign-ins/manual"
    caller = api("leader_a")
    first = caller.post(path, body, **{"Idempotency-Key": "m-1"})
    again = caller.post(path, body, **{"Idempotency-Key": "m-1"})
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert first.json()["method"] == "manual"
    assert first.json()["late"] is False
    assert SignIn.objects.get().recorded_by == org.user("leader_a")
    refused = caller.post(path, body)
    assert refused.status_code == 409
    assert refused.json()["code"] == "already"
    assert SignIn.objects.count() == 1


def test_a_sign_in_by_hand_is_checked_by_the_pages_form_and_service(
    api,
    org,
    study,  # noqa: F811
    clock,  # noqa: F811
):
    path = f"/sessions/{study.pk}/sign-ins/manual"
    person = org.people["grid_a"].pk
    no_reason = api("leader_a").post(path, {"person": person, "reason": ""})
    assert no_reason.status_code == 422
    assert "reason" in no_reason.json()["fields"]
    stranger = api("leader_a").post(path, {"person": org.people["cadre_b"].pk, "reason": "x"})
    assert stranger.status_code == 422
    assert "person" in stranger.json()["fields"]
    not_held = api("leader_a").post(path, {"person": person, "reason": "没带手机"})
    assert not_held.status_code == 409
    assert not_held.json()["code"] == "not_held"


def test_a_sign_in_by_hand_is_refused_to_roles_the_page_refuses(api, org, opened):  # noqa: F811
    path = f"/sessions/{opened.pk}/sign-ins/manual"
    body = {"person": org.people["grid_a"].pk, "reason": "手机没电"}
    assert api("cadre_a").post(path, body).status_code == 403
    assert api("leadership").post(path, body).status_code == 403
    assert api("cadre_b").post(path, body).status_code == 404
    read_only = api("leader_a", read_only=True).post(path, body)
    assert read_only.status_code == 403
    assert SignIn.objects.count() == 0
    assert api("office").post(path, body).status_code == 201


def test_attachments_are_listed_and_served_within_scope(api, org, token_for, study):  # noqa: F811
    upload = SimpleUploadedFile("合影.png", placeholder_png((1, 2, 3), (4, 5, 6)), "image/png")
    attachment = services.attachment_add(
        activity=study.activity, actor=org.user("leader_a"), upload=upload
    )
    listed = api("cadre_a").get(f"/activities/{study.activity_id}/attachments").json()
    assert [item["name"] for item in listed["items"]] == ["合影.png"]
    url = listed["items"][0]["url"]
    served = Client().get(url, headers={"Authorization": f"Bearer {token_for('cadre_a')}"})
    assert served.status_code == 200
    assert served["Content-Type"] == "image/png"
    foreign = Client().get(url, headers={"Authorization": f"Bearer {token_for('cadre_b')}"})
    assert foreign.status_code == 404
    assert url.endswith(f"/activities/attachments/{attachment.pk}")
