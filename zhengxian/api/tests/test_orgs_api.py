"""Units and people through the API: what the unit tree and the people pages show the
caller, nothing outside the caller's scope (404), and cursor pages that walk everything."""

from __future__ import annotations

import pytest

from zhengxian.core.actors import SYSTEM
from zhengxian.orgs.services import person_update, unit_create, unit_update

pytestmark = pytest.mark.django_db


def walk(caller, path: str, limit: int) -> list[dict]:
    """Every item of a list, page by page."""
    items: list[dict] = []
    cursor = None
    while True:
        sep = "&" if "?" in path else "?"
        query = f"{path}{sep}limit={limit}" + (f"&cursor={cursor}" if cursor else "")
        response = caller.get(query)
        assert response.status_code == 200, response.content
        body = response.json()
        assert len(body["items"]) <= limit
        items += body["items"]
        cursor = body["next_cursor"]
        if cursor is None:
            return items


# -- units -------------------------------------------------------------------------------


def test_a_cadre_lists_only_the_units_of_their_community(api, org):
    body = api("cadre_a").get("/units").json()
    assert [u["name"] for u in body["items"]] == ["湘湖社区", "湘湖第一网格"]
    top, grid = body["items"]
    # The top of the cadre's scope names no parent: the sub-district is not theirs to see.
    assert top["parent"] is None and grid["parent"] == org.community_a.pk
    assert top == {
        "id": org.community_a.pk,
        "code": "CX-XH",
        "name": "湘湖社区",
        "kind": "community",
        "parent": None,
        "depth": 2,
        "sort_order": 0,
        "active": True,
    }


def test_the_office_lists_the_sub_district_in_tree_order(api, org):
    names = [u["name"] for u in api("office").get("/units").json()["items"]]
    assert names[0] == "城厢街道"
    assert set(names) == {
        "城厢街道",
        "湘湖社区",
        "湖头陈社区",
        "湘湖第一网格",
        "湖头陈第一网格",
        "党政办",
    }
    assert "萧山区" not in names


def test_units_filter_by_parent_kind_and_search(api, org):
    office = api("office")
    children = office.get(f"/units?parent={org.subdistrict.pk}").json()["items"]
    assert {u["code"] for u in children} == {"CX-XH", "CX-HT", "CX-DZB"}
    grids = office.get("/units?kind=grid").json()["items"]
    assert {u["code"] for u in grids} == {"CX-XH-G1", "CX-HT-G1"}
    found = office.get("/units?q=湖头陈").json()["items"]
    assert {u["code"] for u in found} == {"CX-HT", "CX-HT-G1"}
    by_code = office.get("/units?q=dzb").json()["items"]
    assert [u["name"] for u in by_code] == ["党政办"]
    subtree = office.get(f"/units?unit={org.community_b.pk}").json()["items"]
    assert [u["code"] for u in subtree] == ["CX-HT", "CX-HT-G1"]
    bad = office.get("/units?kind=village")
    assert bad.status_code == 422 and "kind" in bad.json()["fields"]


def test_inactive_units_are_listed_only_when_asked(api, org):
    unit_update(actor=SYSTEM, unit=org.grid_b, is_active=False)
    office = api("office")
    assert "CX-HT-G1" not in {u["code"] for u in office.get("/units").json()["items"]}
    listed = office.get("/units?include_inactive=true").json()["items"]
    assert {u["code"]: u["active"] for u in listed}["CX-HT-G1"] is False


def test_a_foreign_parent_or_unit_filter_is_not_found(api, org):
    cadre = api("cadre_a")
    assert cadre.get(f"/units?parent={org.community_b.pk}").status_code == 404
    assert cadre.get(f"/units?unit={org.community_b.pk}").status_code == 404
    # Control: their own community is a parent they may ask for.
    own = cadre.get(f"/units?parent={org.community_a.pk}")
    assert [u["code"] for u in own.json()["items"]] == ["CX-XH-G1"]


def test_the_units_pages_walk_every_unit_once(api, org):
    for index in range(5):
        unit_create(
            actor=SYSTEM,
            code=f"CX-XH-G{index + 2}",
            name=f"湘湖网格{index + 2}",
            kind="grid",
            parent=org.community_a,
        )
    office = api("office")
    everything = office.get("/units?limit=200").json()["items"]
    walked = walk(office, "/units", limit=2)
    assert [u["id"] for u in walked] == [u["id"] for u in everything]
    assert len({u["id"] for u in walked}) == len(walked) == 6 + 5


def test_a_bad_cursor_or_limit_is_refused(api, org):
    office = api("office")
    assert office.get("/units?cursor=nonsense").json()["code"] == "bad_cursor"
    assert office.get("/units?limit=0").status_code == 422


def test_someone_without_a_role_may_not_list_units(api, org):
    assert api("nobody").get("/units").status_code == 403
    assert api(None).get("/units").status_code == 401


def test_a_unit_outside_the_scope_is_not_found(api, org):
    cadre = api("cadre_a")
    foreign = cadre.get(f"/units/{org.community_b.pk}")
    assert foreign.status_code == 404
    assert foreign.json()["code"] == "not_found"
    assert "湖头陈" not in foreign.text
    own = cadre.get(f"/units/{org.community_a.pk}")
    assert own.status_code == 200 and own.json()["name"] == "湘湖社区"
    assert own.headers["ETag"]


def test_a_unit_shows_its_parent_to_who_sees_the_parent(api, org):
    assert api("office").get(f"/units/{org.community_a.pk}").json()["parent"] == (
        org.subdistrict.pk
    )
    assert api("leader_a").get(f"/units/{org.community_a.pk}").json()["parent"] is None


# -- people ------------------------------------------------------------------------------


def test_a_community_leader_lists_the_people_of_their_community_only(api, org):
    names = {p["name"] for p in walk(api("leader_a"), "/people", limit=50)}
    assert names == {"湘湖书记", "湘湖干部", "网格员甲", "无角色"}


def test_people_filter_by_unit_subtree_search_and_role(api, org):
    office = api("office")
    under_a = office.get(f"/people?unit={org.community_a.pk}").json()["items"]
    assert {p["name"] for p in under_a} == {"湘湖书记", "湘湖干部", "网格员甲", "无角色"}
    found = office.get("/people?q=干部").json()["items"]
    assert {p["name"] for p in found} == {"湘湖干部", "湖头陈干部", "纪检干部"}
    leaders = office.get("/people?role=unit_leader").json()["items"]
    assert [p["name"] for p in leaders] == ["湘湖书记"]
    wrong = office.get("/people?role=king")
    assert wrong.status_code == 422 and "role" in wrong.json()["fields"]


def test_a_foreign_unit_filter_on_people_is_not_found(api, org):
    leader = api("leader_a")
    assert leader.get(f"/people?unit={org.community_b.pk}").status_code == 404
    assert leader.get(f"/people?unit={org.grid_a.pk}").json()["items"][0]["name"] == "网格员甲"


def test_the_people_pages_walk_everyone_once(api, org):
    office = api("office")
    everyone = office.get("/people?limit=200").json()["items"]
    walked = walk(office, "/people", limit=3)
    assert [p["id"] for p in walked] == [p["id"] for p in everyone]
    assert len(walked) == len(org.people)


def test_a_person_shows_what_their_page_shows(api, org):
    cadre = org.people["cadre_a"]
    person_update(actor=SYSTEM, person=cadre, phone="13800000001", position="委员")
    body = api("leader_a").get(f"/people/{cadre.pk}").json()
    assert body == {
        "id": cadre.pk,
        "name": "湘湖干部",
        "unit": {"id": org.community_a.pk, "name": "湘湖社区"},
        "position": "委员",
        "phone": "13800000001",
        "active": True,
        "account": "cadre_a",
        "roles": [
            {
                "role": "cadre",
                "role_label": "Cadre",
                "unit": {"id": org.community_a.pk, "name": "湘湖社区"},
            }
        ],
    }
    assert "password" not in api("leader_a").get(f"/people/{cadre.pk}").text


def test_role_names_speak_the_callers_language(api, org):
    cadre = org.people["cadre_a"]
    body = api("office", language="zh-hans").get(f"/people/{cadre.pk}").json()
    assert body["roles"][0]["role_label"] == "干部"


def test_a_person_outside_the_scope_is_not_found(api, org):
    leader = api("leader_a")
    foreign = leader.get(f"/people/{org.people['cadre_b'].pk}")
    assert foreign.status_code == 404
    assert "湖头陈" not in foreign.text
    assert leader.get(f"/people/{org.people['cadre_a'].pk}").status_code == 200


def test_a_read_only_token_reads_people(api, org):
    assert api("cadre_a", read_only=True).get("/people").status_code == 200
