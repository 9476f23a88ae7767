"""The unit and person search endpoints behind the search boxes of long select lists: only the
caller's scope, bounded, in a constant number of queries, and no phone numbers.

The org fixture: 城厢街道 (office, evaluator, leadership, project_lead, supervisor) over
湘湖社区 (leader_a, cadre_a; its grid 湘湖第一网格: grid_a), 湖头陈社区 (cadre_b, viewer_b) and
党政办; a second sub-district 外街道 is built here as the foreign world.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from zhengxian.core.actors import SYSTEM
from zhengxian.orgs.models import Person, Unit
from zhengxian.orgs.roles import Role
from zhengxian.orgs.search import RESULT_LIMIT
from zhengxian.orgs.services import unit_create
from zhengxian.orgs.testing import make_person

UNITS = reverse("orgs:unit_search")
PEOPLE = reverse("orgs:person_search")
MARKER = "外泄标记"
ROLES = [
    "office",
    "evaluator",
    "leadership",
    "leader_a",
    "cadre_a",
    "cadre_b",
    "grid_a",
    "project_lead",
    "supervisor",
    "viewer_b",
]


@pytest.fixture
def foreign(org) -> dict[str, object]:
    """A second sub-district, outside every role of the fixture, whose unit and person names
    hold the marker and also what the searches below look for (湖, 干部)."""
    elsewhere = unit_create(
        actor=SYSTEM, code="WN", name="外街道", kind="subdistrict", parent=org.district
    )
    far = unit_create(
        actor=SYSTEM, code="CX-WN", name=f"{MARKER}湖社区", kind="community", parent=elsewhere
    )
    person = make_person("far_cadre", far, [(Role.CADRE, far)], f"{MARKER}干部")
    return {"unit": far, "person": person}


def results(client: Client, url: str, **params: object) -> list[dict[str, object]]:
    response = client.get(url, params)
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("application/json")
    assert "no-store" in response["Cache-Control"]
    return response.json()["results"]


def labels(rows: list[dict[str, object]]) -> list[object]:
    return [row["label"] for row in rows]


def test_a_community_cadre_finds_units_of_their_community_only(org, login, foreign):
    found = results(login("cadre_a"), UNITS, q="湖")
    assert labels(found) == ["湘湖社区", "湘湖第一网格"]
    assert {row["id"] for row in found} == {org.community_a.pk, org.grid_a.pk}


def test_the_office_finds_every_unit_of_its_sub_district_and_none_beyond(org, login, foreign):
    found = labels(results(login("office"), UNITS, q="湖"))
    assert set(found) == {"湘湖社区", "湘湖第一网格", "湖头陈社区", "湖头陈第一网格"}
    assert f"{MARKER}湖社区" not in found


def test_a_unit_is_found_by_the_start_of_its_code_and_an_exact_code_comes_first(org, login):
    found = results(login("office"), UNITS, q="cx-xh")
    assert labels(found) == ["湘湖社区", "湘湖第一网格"]  # CX-XH exactly, then CX-XH-G1
    assert found[0]["detail"] == "CX-XH · 城厢街道"


def test_a_units_detail_names_only_the_units_above_it_that_the_user_sees(org, login):
    (grid,) = results(login("grid_a"), UNITS, q="湘湖第一网格")
    assert grid["detail"] == "CX-XH-G1"  # 湘湖社区 and 城厢街道 lie above grid_a's scope
    (grid,) = results(login("cadre_a"), UNITS, q="湘湖第一网格")
    assert grid["detail"] == "CX-XH-G1 · 湘湖社区"


def test_people_are_found_by_name_position_or_unit_within_the_scope(org, login, foreign):
    cadre = login("cadre_a")
    assert labels(results(cadre, PEOPLE, q="干部")) == ["湘湖干部"]
    assert set(labels(results(cadre, PEOPLE, q="湘湖"))) == {
        "湘湖书记",
        "湘湖干部",
        "无角色",
        "网格员甲",
    }
    office = login("office")
    assert labels(results(office, PEOPLE, q="干部")) == ["湖头陈干部", "湘湖干部", "纪检干部"]
    (found,) = results(office, PEOPLE, q="网格员甲")
    assert found["detail"] == "湘湖第一网格（湘湖社区）"
    assert found["text"] == "网格员甲 · 湘湖第一网格"  # what the box shows once chosen


def test_a_name_match_comes_before_a_match_on_the_unit(org, login):
    make_person("xianghu", org.office, [], "湘湖")  # named like the community
    found = labels(results(login("office"), PEOPLE, q="湘湖"))
    assert found[0] == "湘湖"
    assert found[1:3] == ["湘湖书记", "湘湖干部"]  # names starting with it, then the unit's people


def test_no_role_finds_a_foreign_unit_or_person_whatever_it_types(org, foreign):
    for role in ROLES:
        client = Client()
        client.force_login(org.user(role))
        for url in (UNITS, PEOPLE):
            for q in (MARKER, "湖", "干部", "CX-WN", "外", "WN"):
                response = client.get(url, {"q": q})
                assert response.status_code == 200, (role, url, q)
                text = response.content.decode()
                assert MARKER not in text and "外街道" not in text, (role, url, q)
                ids = {row["id"] for row in response.json()["results"]}
                assert foreign["unit"].pk not in ids or url == PEOPLE, (role, q)
                assert foreign["person"].pk not in ids or url == UNITS, (role, q)


def test_without_a_query_or_with_garbage_the_answer_is_an_empty_list_never_an_error(org, login):
    client = login("office")
    for url in (UNITS, PEOPLE):
        assert results(client, url) == []
        for q in ("", "   ", "%", "_", "\\", "\x00", "%%%", "' OR 1=1 --", "<script>", "湖" * 500):
            assert isinstance(results(client, url, q=q), list), (url, q)
        assert results(client, url, q="%") == []  # a wildcard is a character, not "anything"
        many = client.get(url, {"q": "湖", "perm": "nonsense", "kind": "abc", "role": "-1"})
        assert many.status_code == 200


def test_a_search_lists_at_most_twenty_in_a_constant_number_of_queries(org, login):
    client = login("office")

    def search() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as ctx:
            found = results(client, UNITS, q="测试网格")
        return len(ctx), len(found)

    for i in range(3):
        unit_create(
            actor=SYSTEM, code=f"T{i}", name=f"测试网格{i}", kind="grid", parent=org.community_a
        )
    few_queries, few = search()
    for i in range(3, 40):
        unit_create(
            actor=SYSTEM, code=f"T{i}", name=f"测试网格{i}", kind="grid", parent=org.community_b
        )
    many_queries, many = search()
    assert (few, many) == (3, RESULT_LIMIT)
    assert many_queries == few_queries

    for i in range(30):
        make_person(f"many{i}", org.community_b, [], f"王测试{i}")
    with CaptureQueriesContext(connection) as ctx:
        people = results(client, PEOPLE, q="王测试")
    assert len(people) == RESULT_LIMIT
    assert len(ctx) == many_queries  # session, user, scope, matches, names above


def test_parameters_narrow_the_search_to_what_a_form_offers(org, login):
    office = login("office")
    # 湖头陈社区 starts with 湖: it comes first.
    assert labels(results(office, UNITS, q="湖", kind="community")) == ["湖头陈社区", "湘湖社区"]
    assert labels(results(office, UNITS, q="湖", exclude_kind=["grid", "subdistrict"])) == [
        "湖头陈社区",
        "湘湖社区",
    ]
    leads = results(office, PEOPLE, q="领导", role=[Role.PROJECT_LEAD, Role.LEADERSHIP])
    assert labels(leads) == ["包联领导老陈", "街道领导"]
    assert labels(results(office, PEOPLE, q="领导", role=Role.PROJECT_LEAD)) == ["包联领导老陈"]
    # A cadre records work in their community: where they may only view, nothing is found.
    viewer = login("viewer_b")
    assert results(viewer, UNITS, q="湖头陈") != []
    assert results(viewer, UNITS, q="湖头陈", perm="record_work") == []
    cadre = login("cadre_b")
    assert labels(results(cadre, UNITS, q="湖头陈", perm="record_work")) == [
        "湖头陈社区",
        "湖头陈第一网格",
    ]


def test_phone_numbers_are_neither_searched_nor_shown(org, login):
    person = org.people["cadre_a"]
    Person.objects.filter(pk=person.pk).update(phone="13812345678")
    client = login("office")
    assert results(client, PEOPLE, q="13812345678") == []
    assert results(client, PEOPLE, q="138") == []
    response = client.get(PEOPLE, {"q": "湘湖干部"})
    assert "13812345678" not in response.content.decode()


def test_inactive_units_and_people_are_not_offered(org, login):
    Unit.objects.filter(pk=org.grid_a.pk).update(is_active=False)
    Person.objects.filter(pk=org.people["cadre_a"].pk).update(is_active=False)
    client = login("office")
    assert "湘湖第一网格" not in labels(results(client, UNITS, q="湘湖"))
    assert "湘湖干部" not in labels(results(client, PEOPLE, q="湘湖"))


def test_the_endpoints_need_a_login_a_role_and_a_get(org, client, login):
    for url in (UNITS, PEOPLE):
        assert client.get(url, {"q": "湖"}).status_code == 302
    nobody = login("nobody")
    for url in (UNITS, PEOPLE):
        assert nobody.get(url, {"q": "湖"}).status_code == 403
    office = login("office")
    for url in (UNITS, PEOPLE):
        assert office.post(url, {"q": "湖"}).status_code == 405
