"""Reading visits through the API: the visit list page's selector and filters, a cursor
page by date, and one visit with its matters, all from the caller's scope."""

from __future__ import annotations

import datetime as dt

import pytest

pytestmark = pytest.mark.django_db

TODAY = dt.date.today()


def log_visit(api, org, who="cadre_a", community="community_a", days_ago=0, **overrides):
    unit = getattr(org, community)
    body = {
        "unit": unit.pk,
        "visited_on": (TODAY - dt.timedelta(days=days_ago)).isoformat(),
        "target_kind": "household",
        "target_unit": unit.pk,
        "household": "3-2-501",
        "summary": "谈了垃圾分类",
        "visitors": [org.people[who].pk],
        "problems": [],
    }
    body.update(overrides)
    response = api(who).post("/visits", body)
    assert response.status_code == 201, response.content
    return response.json()


def test_a_cadre_lists_their_communitys_visits_and_not_anothers(api, org):
    mine = log_visit(api, org)
    foreign = log_visit(api, org, who="cadre_b", community="community_b")
    items = api("cadre_a").get("/visits").json()["items"]
    assert [item["id"] for item in items] == [mine["id"]]
    assert items[0]["visitors"] == [{"id": org.people["cadre_a"].pk, "name": "湘湖干部"}]
    assert [i["id"] for i in api("cadre_b").get("/visits").json()["items"]] == [foreign["id"]]


def test_the_filters_narrow_by_date_kind_and_person(api, org):
    old = log_visit(api, org, days_ago=10)
    new = log_visit(api, org, days_ago=1, target_kind="community", household="")
    caller = api("cadre_a")
    since = (TODAY - dt.timedelta(days=5)).isoformat()
    assert [i["id"] for i in caller.get(f"/visits?date_from={since}").json()["items"]] == [
        new["id"]
    ]
    assert [i["id"] for i in caller.get("/visits?target_kind=household").json()["items"]] == [
        old["id"]
    ]
    person = org.people["cadre_a"].pk
    assert len(caller.get(f"/visits?person={person}").json()["items"]) == 2
    assert caller.get("/visits?target_kind=moon").status_code == 422


def test_a_foreign_unit_or_person_filter_is_a_404_and_an_own_one_works(api, org):
    log_visit(api, org)
    caller = api("cadre_a")
    assert caller.get(f"/visits?unit={org.community_b.pk}").status_code == 404
    assert caller.get(f"/visits?person={org.people['cadre_b'].pk}").status_code == 404
    assert len(caller.get(f"/visits?unit={org.community_a.pk}").json()["items"]) == 1


def test_the_cursor_walks_every_visit_once_newest_first(api, org):
    for days_ago in (0, 0, 1, 2, 2):
        log_visit(api, org, days_ago=days_ago)
    caller = api("cadre_a")
    seen: list[dict] = []
    cursor = None
    while True:
        path = "/visits?limit=2" + (f"&cursor={cursor}" if cursor else "")
        page = caller.get(path).json()
        seen += page["items"]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert len({item["id"] for item in seen}) == len(seen) == 5
    keys = [(item["visited_on"], item["id"]) for item in seen]
    assert keys == sorted(keys, reverse=True)


def test_one_visit_with_its_matters_and_a_foreign_one_is_a_404(api, org):
    problems = [{"text": "楼道灯坏了，晚上很黑", "category": "other"}]
    logged = log_visit(api, org, problems=problems)
    response = api("cadre_a").get(f"/visits/{logged['id']}")
    assert response.status_code == 200
    data = response.json()
    assert data["household"] == "3-2-501"
    assert data["recorded_by"] == "湘湖干部"
    assert [m["id"] for m in data["matters"]] == logged["matters"]
    assert data["matters"][0]["name"].startswith("楼道灯坏了")
    assert api("cadre_b").get(f"/visits/{logged['id']}").status_code == 404


def test_a_person_without_record_work_may_not_list_visits(api, org):
    assert api("viewer_b").get("/visits").status_code == 403
    assert api("cadre_b").get("/visits").status_code == 200
