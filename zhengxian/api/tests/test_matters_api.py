"""Matters through the API: the page's list and detail from the caller's scope (phones
masked as the page masks them), filing with the matter form, the workflow's actions with
its separation of duties (a grid's cadre handles the grid's matters; a viewer only reads),
and attachments behind the same scope check as the page."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from zhengxian.matters import services
from zhengxian.matters.models import Matter, MatterState
from zhengxian.matters.tests.factories import act, file_matter, matter_in
from zhengxian.matters.workflow import Action
from zhengxian.orgs.roles import Role
from zhengxian.orgs.testing import make_person

pytestmark = pytest.mark.django_db

PHONE = "13812345678"
MASKED = "138****5678"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 64


@pytest.fixture
def viewer_a(org):
    """A viewer (观察员) of 湘湖社区: reads its matters, acts on none."""
    org.people["viewer_a"] = make_person(
        "viewer_a", org.community_a, [(Role.VIEWER, org.community_a)], "湘湖观察员"
    )
    return "viewer_a"


def matter_body(org, **overrides):
    body = {
        "title": "湘湖家园5幢下水道堵塞",
        "description": "污水外溢，味道很大。",
        "category": "other",
        "origin": "visit",
        "reporting_unit": org.community_a.pk,
        "requester_name": "王阿姨",
        "requester_phone": PHONE,
    }
    body.update(overrides)
    return body


# -- list ---------------------------------------------------------------------------------


def test_the_list_shows_a_cadre_their_communitys_matters_and_not_anothers(api, org):
    mine = file_matter(org)
    foreign = file_matter(org, by="cadre_b", unit="community_b", title="湖头陈村道塌陷")
    ids = [item["id"] for item in api("cadre_a").get("/matters").json()["items"]]
    assert mine.pk in ids and foreign.pk not in ids
    items = api("cadre_b").get("/matters").json()["items"]
    assert [item["title"] for item in items] == ["湖头陈村道塌陷"]


def test_a_foreign_unit_filter_is_a_404_and_an_own_one_filters(api, org):
    file_matter(org)
    caller = api("cadre_a")
    assert caller.get(f"/matters?unit={org.community_b.pk}").status_code == 404
    response = caller.get(f"/matters?unit={org.community_a.pk}")
    assert response.status_code == 200
    assert len(response.json()["items"]) == 1


def test_the_state_filter_open_leaves_closed_matters_out(api, org):
    open_one = matter_in(org, MatterState.ASSIGNED)
    closed = matter_in(org, MatterState.CLOSED)
    caller = api("office")
    ids = [i["id"] for i in caller.get("/matters?state=open").json()["items"]]
    assert open_one.pk in ids and closed.pk not in ids
    ids = [i["id"] for i in caller.get("/matters?state=closed").json()["items"]]
    assert ids == [closed.pk]
    assert caller.get("/matters?state=nonsense").status_code == 422


def test_the_cursor_walks_every_matter_once(api, org):
    filed = {file_matter(org, title=f"路灯坏了第{n}处").pk for n in range(5)}
    caller = api("office")
    seen: list[int] = []
    cursor = None
    while True:
        path = "/matters?limit=2" + (f"&cursor={cursor}" if cursor else "")
        page = caller.get(path).json()
        seen += [item["id"] for item in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert len(seen) == len(set(seen)) == 5
    assert set(seen) == filed


# -- detail -------------------------------------------------------------------------------


def test_another_communitys_cadre_gets_a_404_for_the_matter_and_its_own_gets_it(api, org):
    matter = file_matter(org)
    assert api("cadre_b").get(f"/matters/{matter.pk}").status_code == 404
    response = api("cadre_a").get(f"/matters/{matter.pk}")
    assert response.status_code == 200
    assert response.json()["title"] == matter.title


def test_the_detail_masks_the_phone_exactly_as_the_page_does(api, org):
    matter = matter_in(org, MatterState.ASSIGNED, requester_phone=PHONE)
    for who in ("leader_a", "cadre_a", "office"):  # handles it, filed it, the office
        assert api(who).get(f"/matters/{matter.pk}").json()["requester_phone"] == PHONE, who
    for who in ("leadership", "supervisor", "evaluator"):  # sees it, does not handle it
        assert api(who).get(f"/matters/{matter.pk}").json()["requester_phone"] == MASKED, who


def test_the_detail_carries_the_history_and_the_actions_the_caller_may_take(api, org, viewer_a):
    matter = act(org, file_matter(org), Action.ASSIGN, "leader_a", responsible_unit=org.grid_a)
    data = api("grid_a").get(f"/matters/{matter.pk}").json()
    assert [row["action"] for row in data["history"]] == ["report", "assign"]
    assert data["history"][-1]["actor"] == "湘湖书记"
    assert {"accept", "return", "escalate"} <= set(data["actions"])
    viewer = api(viewer_a).get(f"/matters/{matter.pk}")
    assert viewer.status_code == 200
    assert viewer.json()["actions"] == []


# -- create -------------------------------------------------------------------------------


def test_a_cadre_files_a_matter_with_the_forms_rules(api, org):
    response = api("cadre_a").post("/matters", matter_body(org))
    assert response.status_code == 201, response.content
    matter = Matter.objects.get(pk=response.json()["id"])
    assert matter.title == "湘湖家园5幢下水道堵塞"
    assert matter.state == MatterState.REPORTED
    assert response.json()["url"] == f"/matters/{matter.pk}/"


def test_filing_for_a_foreign_unit_is_refused_by_the_form(api, org):
    response = api("cadre_a").post("/matters", matter_body(org, reporting_unit=org.community_b.pk))
    assert response.status_code == 422
    assert "reporting_unit" in response.json()["fields"]
    assert not Matter.objects.exists()


def test_a_viewer_and_a_read_only_token_cannot_file(api, org, viewer_a):
    assert api(viewer_a).post("/matters", matter_body(org)).status_code == 403
    refused = api("cadre_a", read_only=True).post("/matters", matter_body(org))
    assert refused.status_code == 403
    assert refused.json()["code"] == "read_only_token"
    assert not Matter.objects.exists()


def test_a_retry_with_the_same_key_files_the_matter_once(api, org):
    caller = api("cadre_a")
    first = caller.post("/matters", matter_body(org), **{"Idempotency-Key": "m-1"})
    again = caller.post("/matters", matter_body(org), **{"Idempotency-Key": "m-1"})
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again.headers["Idempotent-Replayed"] == "true"
    assert Matter.objects.count() == 1


def test_a_likely_duplicate_is_refused_until_confirmed_new(api, org):
    caller = api("cadre_a")
    assert caller.post("/matters", matter_body(org)).status_code == 201
    again = caller.post("/matters", matter_body(org))
    assert again.status_code == 409
    assert again.json()["code"] == "likely_duplicate"
    assert caller.post("/matters", matter_body(org, file_anyway=True)).status_code == 201
    assert Matter.objects.count() == 2


# -- transitions --------------------------------------------------------------------------


def transition(caller, matter, action, **fields):
    return caller.post(f"/matters/{matter.pk}/transitions", {"action": action, **fields})


def test_the_grids_cadre_accepts_and_resolves_a_matter_assigned_to_the_grid(api, org):
    matter = act(org, file_matter(org), Action.ASSIGN, "leader_a", responsible_unit=org.grid_a)
    caller = api("grid_a")
    accepted = transition(caller, matter, "accept")
    assert accepted.status_code == 200, accepted.content
    assert accepted.json()["state"] == MatterState.IN_PROGRESS
    resolved = transition(caller, matter, "resolve", note="已疏通")
    assert resolved.status_code == 200
    assert resolved.json()["state"] == MatterState.RESOLVED
    assert resolved.json()["history"][-1]["note"] == "已疏通"


def test_a_leader_assigns_with_the_forms_unit_and_deadline(api, org):
    matter = file_matter(org)
    body = {"responsible_unit": org.grid_a.pk, "deadline": "2099-01-31"}
    response = transition(api("leader_a"), matter, "assign", **body)
    assert response.status_code == 200, response.content
    matter.refresh_from_db()
    assert matter.state == MatterState.ASSIGNED
    assert matter.responsible_unit == org.grid_a
    other = file_matter(org, title="另一件：小区垃圾清运不及时")
    foreign = transition(api("leader_a"), other, "assign", responsible_unit=org.community_b.pk)
    assert foreign.status_code == 422
    assert "responsible_unit" in foreign.json()["fields"]


def test_another_communitys_cadre_gets_a_404_and_a_viewer_is_refused(api, org, viewer_a):
    matter = matter_in(org, MatterState.ASSIGNED)
    assert transition(api("cadre_b"), matter, "accept").status_code == 404
    refused = transition(api(viewer_a), matter, "accept")
    assert refused.status_code == 409
    assert refused.json()["code"] == "transition_forbidden"
    matter.refresh_from_db()
    assert matter.state == MatterState.ASSIGNED
    assert transition(api("leader_a"), matter, "accept").status_code == 200  # positive control


def test_resolving_without_a_note_is_refused_as_on_the_page(api, org):
    matter = matter_in(org, MatterState.IN_PROGRESS)
    refused = transition(api("leader_a"), matter, "resolve")
    assert refused.status_code == 409
    assert refused.json()["code"] == "note_required"


def test_only_the_requester_gives_the_word_that_closes_a_matter(api, org):
    matter = matter_in(org, MatterState.RATED)  # filed by cadre_a, handled by community_a
    refused = transition(api("leader_a"), matter, "confirm", resolution="solved")
    assert refused.status_code == 409
    assert refused.json()["code"] == "transition_forbidden"
    detail = api("cadre_a").get(f"/matters/{matter.pk}").json()
    assert "confirm" in detail["actions"]
    closed = transition(api("cadre_a"), matter, "confirm", resolution="solved")
    assert closed.status_code == 200, closed.content
    assert closed.json()["state"] == MatterState.CLOSED


def test_a_read_only_token_cannot_act(api, org):
    matter = matter_in(org, MatterState.ASSIGNED)
    assert transition(api("leader_a", read_only=True), matter, "accept").status_code == 403
    matter.refresh_from_db()
    assert matter.state == MatterState.ASSIGNED


# -- attachments --------------------------------------------------------------------------


def upload(token_client, matter, name="a.jpg", content=JPEG):
    return token_client.client.post(
        f"/api/v1/matters/{matter.pk}/attachments",
        {"file": SimpleUploadedFile(name, content)},
        headers=token_client.headers,
    )


def test_a_photo_is_attached_and_downloaded_through_the_scope_check(api, org):
    matter = file_matter(org)
    response = upload(api("cadre_a"), matter)
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["content_type"] == "image/jpeg"
    assert data["url"] == reverse(
        "api:matter_attachment_get", kwargs={"matter_id": matter.pk, "attachment_id": data["id"]}
    )
    got = api("cadre_a").client.get(data["url"], headers=api("cadre_a").headers)
    assert got.status_code == 200
    assert b"".join(got.streaming_content) == JPEG
    assert api("cadre_b").get(f"/matters/{matter.pk}/attachments/{data['id']}").status_code == 404
    assert upload(api("cadre_b"), matter).status_code == 404


def test_a_file_that_is_no_photo_or_pdf_is_refused(api, org):
    matter = file_matter(org)
    response = upload(api("cadre_a"), matter, name="a.jpg", content=b"MZ\x90\x00 not a photo")
    assert response.status_code == 422
    assert not matter.attachments.exists()


def test_an_attachment_asked_for_under_another_matter_is_a_404(api, org):
    first = file_matter(org)
    other = file_matter(org, title="另一件事情：垃圾清运不及时")
    attachment = services.matter_attach(
        matter=first, actor=org.user("cadre_a"), upload=SimpleUploadedFile("a.jpg", JPEG)
    )
    caller = api("cadre_a")
    assert caller.get(f"/matters/{other.pk}/attachments/{attachment.pk}").status_code == 404
    assert caller.get(f"/matters/{first.pk}/attachments/{attachment.pk}").status_code == 200


def test_an_attachment_gone_from_storage_is_a_404_in_the_api_s_error_body(api, org):
    matter = file_matter(org)
    attachment = services.matter_attach(
        matter=matter, actor=org.user("cadre_a"), upload=SimpleUploadedFile("a.jpg", JPEG)
    )
    attachment.file.storage.delete(attachment.file.name)
    got = api("cadre_a").get(f"/matters/{matter.pk}/attachments/{attachment.pk}")
    assert got.status_code == 404 and got.json()["code"] == "not_found"


def test_a_matter_the_grids_cadre_returns_is_answered_once_without_actions(api, org):
    matter = act(org, file_matter(org), Action.ASSIGN, "leader_a", responsible_unit=org.grid_a)
    caller = api("grid_a")
    response = transition(caller, matter, "return", note="不属于本网格")
    assert response.status_code == 200, response.content
    assert response.json()["state"] == MatterState.RETURNED
    assert response.json()["actions"] == []
    assert caller.get(f"/matters/{matter.pk}").status_code == 404  # left the grid's scope
    assert "assign" in api("leader_a").get(f"/matters/{matter.pk}").json()["actions"]
