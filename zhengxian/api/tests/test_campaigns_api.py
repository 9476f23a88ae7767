"""Campaigns through the API: the list, a campaign and its tree for whoever may see them, and
the campaign office's edits by the same forms and services as the pages (frozen once a
period is published; a node with records is kept). Another sub-district's campaign is 404."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from zhengxian.campaigns.models import Campaign, IndicatorNode
from zhengxian.campaigns.services import campaign_load_file
from zhengxian.core.actors import SYSTEM, system_actor
from zhengxian.orgs.services import unit_create
from zhengxian.scoring.services.assessments import manual_assess
from zhengxian.scoring.services.compute import period_score
from zhengxian.scoring.services.publication import period_publish
from zhengxian.scoring.tests.factories import SMALL_CAMPAIGN

from .test_orgs_api import walk

pytestmark = pytest.mark.django_db

OFFICE = system_actor("office")
READERS = ("leadership", "evaluator", "leader_a", "cadre_a", "viewer_b")
NOT_OFFICE = ("leadership", "evaluator", "leader_a", "cadre_a")


def load(owner, code: str, year: int = 2026) -> Campaign:
    text = SMALL_CAMPAIGN.replace("test-2026", code)
    if year != 2026:
        text = text.replace("2026", str(year))
    return campaign_load_file(actor=SYSTEM, text=text, owner_unit=owner)


@pytest.fixture
def foreign(org) -> Campaign:
    """A campaign of another sub-district (宁围街道), with its own units competing."""
    other = unit_create(
        actor=SYSTEM, code="NW", name="宁围街道", kind="subdistrict", parent=org.district
    )
    unit_create(actor=SYSTEM, code="NW-A", name="宁围社区", kind="community", parent=other)
    unit_create(actor=SYSTEM, code="NW-DZB", name="宁围党政办", kind="office", parent=other)
    return load(other, "other-2026")


def published(campaign: Campaign) -> None:
    january = campaign.periods.get(key="2026-01")
    period_score(period=january, actor=OFFICE)
    period_publish(period=january, actor=OFFICE, force=True)


def node(campaign: Campaign, code: str) -> IndicatorNode:
    return campaign.nodes.get(code=code)


def delete(caller, path: str):
    return caller.client.delete(f"/api/v1{path}", headers=caller.headers)


# -- reads -------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["office", *READERS])
def test_everyone_in_scope_lists_the_campaign_and_not_the_foreign_one(
    api, org, campaign, foreign, role
):
    body = api(role).get("/campaigns").json()
    assert [c["code"] for c in body["items"]] == ["test-2026"]
    item = body["items"][0]
    assert item["owner_unit"] == {"id": org.subdistrict.pk, "name": "城厢街道"}
    assert (item["period_count"], item["published_count"]) == (12, 0)


def test_someone_without_a_role_may_not_list_campaigns(api, org, campaign):
    assert api("nobody").get("/campaigns").status_code == 403


def test_campaigns_filter_by_year_status_unit_and_dates(api, org, campaign):
    load(org.subdistrict, "test-2025", year=2025)
    office = api("office")
    assert [c["code"] for c in office.get("/campaigns").json()["items"]] == [
        "test-2026",
        "test-2025",
    ]
    assert [c["code"] for c in office.get("/campaigns?year=2025").json()["items"]] == ["test-2025"]
    in_2025 = office.get("/campaigns?date_from=2025-06-01&date_to=2025-12-31").json()["items"]
    assert [c["code"] for c in in_2025] == ["test-2025"]
    assert office.get("/campaigns?status=closed").json()["items"] == []
    competing = office.get(f"/campaigns?unit={org.community_b.pk}").json()["items"]
    assert len(competing) == 2
    assert office.get("/campaigns?date_from=2026-02-01&date_to=2026-01-01").status_code == 422


def test_a_foreign_unit_filter_on_campaigns_is_not_found(api, org, campaign):
    cadre = api("cadre_a")
    assert cadre.get(f"/campaigns?unit={org.community_b.pk}").status_code == 404
    assert cadre.get(f"/campaigns?unit={org.community_a.pk}").json()["items"][0]["code"] == (
        "test-2026"
    )


def test_the_campaign_pages_walk_every_campaign_once(api, org):
    for year in (2022, 2023, 2024, 2025, 2026):
        load(org.subdistrict, f"test-{year}", year=year)
    office = api("office")
    walked = walk(office, "/campaigns", limit=2)
    assert [c["year"] for c in walked] == [2026, 2025, 2024, 2023, 2022]


def test_a_campaign_shows_its_settings_groups_and_periods(api, org, campaign):
    body = api("cadre_a").get(f"/campaigns/{campaign.pk}").json()
    assert body["name"] == "2026年测试比学活动"
    assert (body["bonus_cap"], body["penalty_cap"], body["preview_days"]) == ("5.00", "10.00", 5)
    assert [g["code"] for g in body["groups"]] == ["community", "office"]
    assert [p["key"] for p in body["periods"]][:2] == ["2026-01", "2026-02"]
    assert body["periods"][0]["status"] == "open"
    assert body["can_manage"] is False and body["tree_frozen_by"] is None
    assert api("office").get(f"/campaigns/{campaign.pk}").json()["can_manage"] is True


@pytest.mark.parametrize("path", ["", "/tree"])
def test_a_foreign_campaign_is_not_found(api, org, campaign, foreign, path):
    office = api("office")
    response = office.get(f"/campaigns/{foreign.pk}{path}")
    assert response.status_code == 404
    assert "other-2026" not in response.text
    assert office.get(f"/campaigns/{campaign.pk}{path}").status_code == 200


def test_the_tree_lists_every_node_before_its_children(api, org, campaign):
    body = api("leadership").get(f"/campaigns/{campaign.pk}/tree").json()
    assert body["frozen"] is False
    rows = [(n["code"], n["parent"], n["kind"], n["weight"]) for n in body["nodes"]]
    assert rows == [
        ("work", None, "dimension", "60.00"),
        ("red-property", "work", "leaf", "20.00"),
        ("arena", "work", "leaf", "20.00"),
        ("residents", "work", "leaf", "20.00"),
        ("style", None, "dimension", "40.00"),
        ("assessment", "style", "leaf", "40.00"),
    ]
    red = body["nodes"][1]
    assert (red["method"], red["method_params"], red["source_params"]) == (
        "target",
        {"target": "1"},
        {"checklist": "red-property"},
    )
    assert body["nodes"][5]["when_empty"] == "zero"


def test_the_tree_says_when_it_is_frozen(api, org, campaign):
    published(campaign)
    assert api("office").get(f"/campaigns/{campaign.pk}/tree").json()["frozen"] is True
    january = campaign.periods.get(key="2026-01")
    assert api("office").get(f"/campaigns/{campaign.pk}").json()["tree_frozen_by"] == january.pk


# -- the campaign's settings -------------------------------------------------------------


def test_the_office_changes_the_settings_and_what_is_left_out_stays(api, org, campaign):
    response = api("office").post(
        f"/campaigns/{campaign.pk}",
        {
            "name": "2026年比学活动",
            "publication_mode": "tiers",
            "tiers": [{"name": "好", "min": 90}, {"name": "较好", "min": "80.5"}, {"name": "一般"}],
        },
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["name"] == "2026年比学活动"
    assert body["tiers"] == [
        {"name": "好", "min": "90"},
        {"name": "较好", "min": "80.5"},
        {"name": "一般", "min": None},
    ]
    campaign.refresh_from_db()
    assert (campaign.publication_mode, campaign.preview_days, campaign.bonus_cap) == (
        "tiers",
        5,
        D(5),
    )


def test_wrong_settings_are_refused_with_the_pages_words(api, org, campaign):
    response = api("office").post(f"/campaigns/{campaign.pk}", {"preview_days": -1})
    assert response.status_code == 422
    assert response.json()["fields"]["preview_days"] == [
        "Ensure this value is greater than or equal to 0."
    ]


def test_the_caps_are_frozen_once_a_period_is_published(api, org, campaign):
    published(campaign)
    response = api("office").post(f"/campaigns/{campaign.pk}", {"bonus_cap": "8"})
    assert response.status_code == 422
    [message] = response.json()["fields"]["bonus_cap"]
    assert message.endswith("it can no longer change.")
    # The name is not frozen.
    assert api("office").post(f"/campaigns/{campaign.pk}", {"name": "改名"}).status_code == 200


@pytest.mark.parametrize("role", NOT_OFFICE)
def test_only_the_office_changes_a_campaign(api, org, campaign, role):
    response = api(role).post(f"/campaigns/{campaign.pk}", {"name": "改名"})
    assert response.status_code == 403
    campaign.refresh_from_db()
    assert campaign.name == "2026年测试比学活动"


def test_a_read_only_token_changes_nothing(api, org, campaign):
    office = api("office", read_only=True)
    response = office.post(f"/campaigns/{campaign.pk}", {"name": "改名"})
    assert response.status_code == 403 and response.json()["code"] == "read_only_token"
    arena = node(campaign, "arena")
    assert (
        office.post(f"/campaigns/{campaign.pk}/nodes/{arena.pk}", {"weight": 30}).status_code == 403
    )
    assert delete(office, f"/campaigns/{campaign.pk}/nodes/{arena.pk}").status_code == 403
    assert office.get(f"/campaigns/{campaign.pk}").status_code == 200


def test_the_office_cannot_change_a_foreign_campaign(api, org, campaign, foreign):
    office = api("office")
    assert office.post(f"/campaigns/{foreign.pk}", {"name": "改名"}).status_code == 404
    leaf = node(foreign, "arena")
    assert (
        office.post(f"/campaigns/{foreign.pk}/nodes/{leaf.pk}", {"weight": 30}).status_code == 404
    )
    assert delete(office, f"/campaigns/{foreign.pk}/nodes/{leaf.pk}").status_code == 404
    # A node of the foreign campaign under the office's own campaign is not found either.
    assert (
        office.post(f"/campaigns/{campaign.pk}/nodes/{leaf.pk}", {"weight": 30}).status_code == 404
    )
    foreign.refresh_from_db()
    assert foreign.name == "2026年测试比学活动" and node(foreign, "arena").weight == D(20)


# -- the indicator tree ------------------------------------------------------------------


def leaf_body(campaign: Campaign, **changes: object) -> dict[str, object]:
    body: dict[str, object] = {
        "parent": node(campaign, "style").pk,
        "code": "deputies",
        "name": "两代表一委员评议",
        "weight": "10",
        "source": "rating",
        "source_params": {"panel": "deputies"},
        "method": "target",
        "method_params": {"target": 5},
        "when_empty": "group_mean",
    }
    body.update(changes)
    return body


def test_the_office_adds_a_leaf_and_its_dimension_weight_follows(api, org, campaign):
    response = api("office").post(f"/campaigns/{campaign.pk}/nodes", leaf_body(campaign))
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["code"], body["parent"], body["kind"], body["weight"]) == (
        "deputies",
        "style",
        "leaf",
        "10.00",
    )
    assert body["method_params"] == {"target": "5"}
    assert node(campaign, "style").weight == D(50)


def test_a_retried_node_is_added_once(api, org, campaign):
    office = api("office")
    key = {"Idempotency-Key": "node-1"}
    first = office.post(f"/campaigns/{campaign.pk}/nodes", leaf_body(campaign), **key)
    again = office.post(f"/campaigns/{campaign.pk}/nodes", leaf_body(campaign), **key)
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json() and again.headers["Idempotent-Replayed"] == "true"
    assert campaign.nodes.filter(code="deputies").count() == 1
    # Without the key the same code is refused by the tree's rules.
    twice = office.post(f"/campaigns/{campaign.pk}/nodes", leaf_body(campaign))
    assert twice.status_code == 422
    assert twice.json()["fields"]["code"][0].startswith("The code deputies is already used")


def test_the_office_adds_a_dimension_with_its_first_leaf(api, org, campaign):
    body = {
        "kind": "dimension",
        "code": "study",
        "name": "学习",
        "first_child": {
            "code": "study-sharing",
            "name": "青城学院分享会",
            "weight": "0",
            "source": "panel",
            "source_params": {"panel": "sharing"},
            "method": "rank",
        },
    }
    office = api("office")
    refused = office.post(f"/campaigns/{campaign.pk}/nodes", body)
    assert refused.status_code == 422
    assert refused.json()["fields"] == {"first_child.weight": ["Must be greater than 0, got 0."]}
    body["first_child"]["weight"] = "10"  # type: ignore[index]
    added = office.post(f"/campaigns/{campaign.pk}/nodes", body)
    assert added.status_code == 201, added.content
    assert (added.json()["kind"], added.json()["weight"]) == ("dimension", "10.00")
    assert node(campaign, "study").children.get().code == "study-sharing"


def test_a_dimension_takes_no_weight_of_its_own(api, org, campaign):
    response = api("office").post(
        f"/campaigns/{campaign.pk}/nodes",
        {"kind": "dimension", "code": "study", "name": "学习", "weight": "5"},
    )
    assert response.status_code == 422
    assert list(response.json()["fields"]) == ["weight"]
    style = node(campaign, "style")
    moved = api("office").post(f"/campaigns/{campaign.pk}/nodes/{style.pk}", {"weight": "5"})
    assert moved.status_code == 422


def test_a_wrong_leaf_is_refused_on_its_field(api, org, campaign):
    office = api("office")
    unknown = office.post(
        f"/campaigns/{campaign.pk}/nodes", leaf_body(campaign, source="visit_count")
    )
    assert unknown.status_code == 422
    assert unknown.json()["fields"]["source"][0].startswith("Unknown source 'visit_count'.")
    foreign_parent = office.post(
        f"/campaigns/{campaign.pk}/nodes", leaf_body(campaign, parent=org.community_b.pk)
    )
    assert foreign_parent.status_code == 422 and "parent" in foreign_parent.json()["fields"]
    assert not campaign.nodes.filter(code="deputies").exists()


def test_the_office_changes_a_leaf_and_what_is_left_out_stays(api, org, campaign):
    arena = node(campaign, "arena")
    response = api("office").post(
        f"/campaigns/{campaign.pk}/nodes/{arena.pk}", {"weight": 30, "method": "rank"}
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["weight"], body["method"], body["source_params"]) == (
        "30.00",
        "rank",
        {"panel": "arena"},
    )
    assert node(campaign, "work").weight == D(70)


def test_the_office_moves_a_leaf_to_another_dimension(api, org, campaign):
    arena = node(campaign, "arena")
    style = node(campaign, "style")
    response = api("office").post(
        f"/campaigns/{campaign.pk}/nodes/{arena.pk}", {"parent": style.pk}
    )
    assert response.status_code == 200 and response.json()["parent"] == "style"
    assert (node(campaign, "work").weight, node(campaign, "style").weight) == (D(40), D(60))


def test_the_office_deletes_a_leaf(api, org, campaign):
    arena = node(campaign, "arena")
    response = delete(api("office"), f"/campaigns/{campaign.pk}/nodes/{arena.pk}")
    assert response.status_code == 204
    assert not campaign.nodes.filter(code="arena").exists()
    assert node(campaign, "work").weight == D(40)


def test_deleting_the_last_leaf_of_a_dimension_is_refused_with_the_reason(api, org, campaign):
    assessment = node(campaign, "assessment")
    response = delete(api("office"), f"/campaigns/{campaign.pk}/nodes/{assessment.pk}")
    assert response.status_code == 422
    assert response.json()["message"].startswith("indicators[1].children (作风): ")
    assert campaign.nodes.filter(code="assessment").exists()


def test_a_node_with_records_is_not_deleted(api, org, campaign):
    manual_assess(
        period=campaign.periods.get(key="2026-01"),
        leaf=node(campaign, "assessment"),
        unit=org.community_a,
        points=D(30),
        comment="好",
        actor=org.user("evaluator"),
    )
    style = node(campaign, "style")
    response = delete(api("office"), f"/campaigns/{campaign.pk}/nodes/{style.pk}")
    assert response.status_code == 409
    assert "cannot be deleted" in response.json()["message"]
    assert campaign.nodes.filter(code="style").exists()


def test_the_tree_is_frozen_once_a_period_is_published(api, org, campaign):
    published(campaign)
    office = api("office")
    arena = node(campaign, "arena")
    changed = office.post(f"/campaigns/{campaign.pk}/nodes/{arena.pk}", {"weight": 30})
    assert changed.status_code == 409
    assert changed.json()["message"].startswith("The indicator tree can no longer change")
    assert office.post(f"/campaigns/{campaign.pk}/nodes", leaf_body(campaign)).status_code == 409
    assert delete(office, f"/campaigns/{campaign.pk}/nodes/{arena.pk}").status_code == 409
    assert node(campaign, "arena").weight == D(20) and campaign.nodes.count() == 6


@pytest.mark.parametrize("role", NOT_OFFICE)
def test_only_the_office_edits_the_tree(api, org, campaign, role):
    caller = api(role)
    arena = node(campaign, "arena")
    assert caller.post(f"/campaigns/{campaign.pk}/nodes", leaf_body(campaign)).status_code == 403
    assert (
        caller.post(f"/campaigns/{campaign.pk}/nodes/{arena.pk}", {"weight": 30}).status_code == 403
    )
    assert delete(caller, f"/campaigns/{campaign.pk}/nodes/{arena.pk}").status_code == 403
    assert campaign.nodes.count() == 6 and node(campaign, "arena").weight == D(20)
