"""Key projects through the API: the page's scope, its live colour, its forms and services."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from zhengxian.projects import services
from zhengxian.projects.demo.photos import placeholder_png
from zhengxian.projects.models import Milestone, MilestoneDateRequest, ProgressReport
from zhengxian.projects.tests.conftest import today  # noqa: F401
from zhengxian.projects.tests.factories import add_milestone, day, make_project, report

pytestmark = pytest.mark.django_db


@pytest.fixture
def project_a(org, today):  # noqa: F811
    """湘湖社区's project, stored green ten days ago, with a milestone overdue since
    yesterday: the daily refresh has not run, so only the derived colour is red."""
    project = make_project(org, "A1", unit=org.community_a, today=day(-10))
    add_milestone(project, "开工", -1, today=day(-10))
    project.refresh_from_db()
    assert project.status == "yellow"  # behind the plan, not yet late
    return project


@pytest.fixture
def project_b(org, today):  # noqa: F811
    return make_project(org, "B1", unit=org.community_b)


def test_the_list_is_the_callers_scope_with_the_colour_derived_for_today(
    api, org, project_a, project_b
):
    office = api("office").get("/projects").json()["items"]
    assert {item["code"] for item in office} == {"A1", "B1"}
    mine = api("cadre_b").get("/projects").json()["items"]
    assert [item["code"] for item in mine] == ["B1"]
    a1 = next(item for item in office if item["code"] == "A1")
    assert a1["status"] == "red"
    assert "开工" in a1["reasons"][0]
    red = api("office").get("/projects?status=red").json()["items"]
    assert [item["code"] for item in red] == ["A1"]


def test_the_list_filters_of_the_page_refuse_what_the_page_refuses(api, org, project_a):
    response = api("office").get("/projects?status=purple")
    assert response.status_code == 422
    assert "status" in response.json()["fields"]
    assert api("office").get("/projects?category=economy").json()["items"]
    assert api("office").get("/projects?category=party").json()["items"] == []


def test_a_foreign_unit_filter_is_not_found(api, org, project_a, project_b):
    assert api("cadre_b").get(f"/projects?unit={org.community_a.pk}").status_code == 404
    own = api("cadre_b").get(f"/projects?unit={org.community_b.pk}")
    assert [item["code"] for item in own.json()["items"]] == ["B1"]


def test_next_cursor_walks_every_project_once(api, org, today):  # noqa: F811
    for index in range(5):
        make_project(org, f"P{index}")
    seen: list[str] = []
    path = "/projects?limit=2"
    while True:
        page = api("office").get(path).json()
        seen += [item["code"] for item in page["items"]]
        if not page["next_cursor"]:
            break
        path = f"/projects?limit=2&cursor={page['next_cursor']}"
    assert sorted(seen) == [f"P{index}" for index in range(5)]
    assert len(seen) == 5


@pytest.mark.parametrize("who", ["cadre_a", "project_lead", "leadership", "office", "leader_a"])
def test_a_project_in_scope_shows_its_milestones_and_live_colour(api, org, project_a, who):
    response = api(who).get(f"/projects/{project_a.pk}")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "red"
    assert body["milestones"][0]["state"] == "overdue"
    assert body["unit"]["name"] == "湘湖社区"


def test_a_cadre_of_another_community_gets_404_for_a_foreign_project(
    api, org, project_a, project_b
):
    assert api("cadre_b").get(f"/projects/{project_a.pk}").status_code == 404
    assert api("cadre_b").get(f"/projects/{project_b.pk}").status_code == 200
    assert api("cadre_b").get(f"/projects/{project_a.pk}/milestones").status_code == 404
    assert api("cadre_b").get(f"/projects/{project_a.pk}/progress").status_code == 404
    milestones = api("cadre_a").get(f"/projects/{project_a.pk}/milestones").json()
    assert [m["name"] for m in milestones["items"]] == ["开工"]


def test_a_cadre_marks_a_milestone_done_and_the_colour_turns(api, org, project_a, today):  # noqa: F811
    milestone = project_a.milestones.get()
    path = f"/projects/{project_a.pk}/milestones/{milestone.pk}/done"
    response = api("cadre_a").post(path, {"day": str(today)})
    assert response.status_code == 200
    assert response.json()["status"] == "yellow"  # no longer late, still behind the plan
    assert response.json()["milestones"][0]["state"] == "done_late"
    assert response.json()["milestones"][0]["actual_date"] == str(today)
    # The same day again changes nothing; another day is refused.
    assert api("cadre_a").post(path, {"day": str(today)}).status_code == 200
    again = api("cadre_a").post(path, {"day": str(day(-1))})
    assert again.status_code == 409
    assert again.json()["code"] == "already_done"


def test_marking_done_is_refused_to_roles_the_page_refuses(api, org, project_a, today):  # noqa: F811
    milestone = project_a.milestones.get()
    path = f"/projects/{project_a.pk}/milestones/{milestone.pk}/done"
    assert api("leadership").post(path, {"day": str(today)}).status_code == 403
    assert api("cadre_b").post(path, {"day": str(today)}).status_code == 404
    read_only = api("cadre_a", read_only=True).post(path, {"day": str(today)})
    assert read_only.status_code == 403
    assert read_only.json()["code"] == "read_only_token"
    future = api("cadre_a").post(path, {"day": str(day(1))})
    assert future.status_code == 422
    assert "actual_date" in future.json()["fields"]
    Milestone.objects.get(pk=milestone.pk, actual_date=None)


def test_a_progress_report_is_filed_once_when_the_phone_sends_it_twice(api, org, project_a):
    body = {"reported_on": str(day(0)), "percent": "35.5", "text": "桩基完成", "investment": 12}
    caller = api("cadre_a")
    first = caller.post(f"/projects/{project_a.pk}/progress", body, **{"Idempotency-Key": "r-1"})
    again = caller.post(f"/projects/{project_a.pk}/progress", body, **{"Idempotency-Key": "r-1"})
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert ProgressReport.objects.filter(project=project_a).count() == 1
    project_a.refresh_from_db()
    assert float(project_a.progress) == 35.5
    listed = caller.get(f"/projects/{project_a.pk}/progress").json()["items"]
    assert [item["text"] for item in listed] == ["桩基完成"]
    assert listed[0]["author"]["name"] == "湘湖干部"


def test_a_progress_report_is_checked_by_the_pages_form(api, org, project_a):
    body = {"reported_on": str(day(0)), "percent": 120, "text": "x"}
    response = api("cadre_a", language="zh-hans").post(f"/projects/{project_a.pk}/progress", body)
    assert response.status_code == 422
    assert "percent" in response.json()["fields"]
    unknown = api("cadre_a").post(
        f"/projects/{project_a.pk}/progress", {**body, "percent": 10, "quantities": {"999": 1}}
    )
    assert unknown.status_code == 422
    assert "quantities" in unknown.json()["fields"]


def test_a_progress_report_is_refused_to_roles_the_page_refuses(api, org, project_a):
    body = {"reported_on": str(day(0)), "percent": 10, "text": "x"}
    assert api("leadership").post(f"/projects/{project_a.pk}/progress", body).status_code == 403
    assert api("viewer_b").post(f"/projects/{project_a.pk}/progress", body).status_code == 404
    assert api("cadre_b").post(f"/projects/{project_a.pk}/progress", body).status_code == 404
    assert ProgressReport.objects.count() == 0
    assert api("leader_a").post(f"/projects/{project_a.pk}/progress", body).status_code == 201


def _multipart(token_for, key: str, path: str, data: dict, **headers: str):
    return Client().post(
        f"/api/v1{path}",
        data=data,
        headers={"Authorization": f"Bearer {token_for(key)}", **headers},
    )


def test_photos_go_through_the_multipart_endpoint_and_are_served_within_scope(
    api, org, token_for, project_a
):
    photo = SimpleUploadedFile("site.png", placeholder_png((1, 2, 3), (4, 5, 6)), "image/png")
    data = {"reported_on": str(day(0)), "percent": "20", "text": "现场", "photos": [photo]}
    response = _multipart(
        token_for, "cadre_a", f"/projects/{project_a.pk}/progress/with-photos", data
    )
    assert response.status_code == 201, response.content
    photos = response.json()["photos"]
    assert len(photos) == 1
    url = photos[0]["url"]
    served = Client().get(url, headers={"Authorization": f"Bearer {token_for('cadre_a')}"})
    assert served.status_code == 200
    assert served["Content-Type"] == "image/png"
    foreign = Client().get(url, headers={"Authorization": f"Bearer {token_for('cadre_b')}"})
    assert foreign.status_code == 404


def test_a_file_that_is_not_a_photo_is_refused_as_on_the_page(api, org, token_for, project_a):
    fake = SimpleUploadedFile("x.png", b"%PDF-1.4 nope", "image/png")
    data = {"reported_on": str(day(0)), "percent": "20", "text": "现场", "photos": [fake]}
    response = _multipart(
        token_for, "cadre_a", f"/projects/{project_a.pk}/progress/with-photos", data
    )
    assert response.status_code == 422
    assert ProgressReport.objects.count() == 0


def test_progress_reads_page_newest_first(api, org, project_a):
    for offset in (-3, -2, -1):
        report(project_a, offset, 10 + offset)
    first = api("cadre_a").get(f"/projects/{project_a.pk}/progress?limit=2").json()
    assert [item["reported_on"] for item in first["items"]] == [str(day(-1)), str(day(-2))]
    rest = (
        api("cadre_a")
        .get(f"/projects/{project_a.pk}/progress?limit=2&cursor={first['next_cursor']}")
        .json()
    )
    assert [item["reported_on"] for item in rest["items"]] == [str(day(-3))]
    assert rest["next_cursor"] is None


@pytest.fixture
def date_request(org, today):  # noqa: F811
    """湘湖社区's unit leader asked to move its overdue milestone; the lead leader decides."""
    project = make_project(org, "XM-1", lead=org.people["project_lead"])
    milestone = add_milestone(project, "主体结顶", -5)
    services.milestone_update(
        actor=org.user("leader_a"), milestone=milestone, planned_date=day(20), reason="设计变更"
    )
    return MilestoneDateRequest.objects.get()


def test_the_lead_leader_approves_a_date_change_the_unit_asked_for(api, org, date_request):
    project_id = date_request.milestone.project_id
    path = f"/projects/{project_id}/date-requests/{date_request.pk}/decision"
    shown = api("leader_a").get(f"/projects/{project_id}").json()["date_requests"]
    assert [(r["reason"], r["may_decide"]) for r in shown] == [("设计变更", False)]
    assert (
        api("project_lead").get(f"/projects/{project_id}").json()["date_requests"][0]["may_decide"]
    )
    assert api("leader_a").post(path, {"decision": "approve"}).status_code == 403
    assert api("cadre_b").post(path, {"decision": "approve"}).status_code == 404
    assert api("project_lead").post(path, {"decision": "maybe"}).status_code == 422
    approved = api("project_lead").post(path, {"decision": "approve", "note": "同意"})
    assert approved.status_code == 200
    assert approved.json()["milestones"][0]["planned_date"] == str(day(20))
    assert approved.json()["date_requests"] == []
    again = api("project_lead").post(path, {"decision": "reject"})
    assert again.status_code == 409
