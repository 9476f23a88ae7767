"""Rankings, scores, score cards, evidence and trends through the API: what the result pages
show each caller, the preview (公示) seen by a unit's own people only, the tiers-only and
lists-only modes, and a foreign period, campaign or unit answering 404."""

from __future__ import annotations

import datetime as dt

import pytest

from zhengxian.campaigns.models import Campaign, Period
from zhengxian.campaigns.services import campaign_load_file
from zhengxian.core.actors import SYSTEM, system_actor
from zhengxian.orgs.services import unit_create
from zhengxian.orgs.testing import OrgFixture
from zhengxian.scoring.services.compute import period_score
from zhengxian.scoring.services.publication import period_publish
from zhengxian.scoring.tests.factories import SMALL_CAMPAIGN, record_visit, visits_campaign
from zhengxian.scoring.tests.views.results_data import Results, build_results

pytestmark = pytest.mark.django_db

OFFICE = system_actor("office")
# February: 湖头陈 93.00 (1, ▲1), 湘湖 51.00 (2, ▼1); 党政办 60.00 alone in the office group.
TIERS = [{"name": "好", "min": "90"}, {"name": "较好", "min": "60"}, {"name": "一般"}]


def foreign_period(org: OrgFixture) -> Period:
    """A published January of another sub-district's campaign (义蓬街道): foreign to every
    person of the org fixture."""
    sub = unit_create(
        actor=SYSTEM, code="YP", name="义蓬街道", kind="subdistrict", parent=org.district
    )
    unit_create(actor=SYSTEM, code="YP-C1", name="义蓬社区", kind="community", parent=sub)
    unit_create(actor=SYSTEM, code="YP-DZB", name="义蓬党政办", kind="office", parent=sub)
    text = SMALL_CAMPAIGN.replace("code: test-2026", "code: yp-2026")
    campaign = campaign_load_file(actor=SYSTEM, text=text, owner_unit=sub)
    period = campaign.periods.get(key="2026-01")
    period_score(period=period, actor=OFFICE)
    period_publish(period=period, actor=OFFICE, force=True)
    return period


def set_mode(results: Results, mode: str, list_size: int = 1) -> None:
    Campaign.objects.filter(pk=results.campaign.pk).update(
        publication_mode=mode, tiers=TIERS, list_size=list_size
    )


@pytest.fixture
def results(org) -> Results:
    return build_results(org)


def walk(caller, path: str) -> list[dict]:
    """Every item of a cursor list, following next_cursor."""
    items: list[dict] = []
    separator = "&" if "?" in path else "?"
    answer = caller.get(path).json()
    items += answer["items"]
    while answer["next_cursor"]:
        answer = caller.get(f"{path}{separator}cursor={answer['next_cursor']}").json()
        items += answer["items"]
    return items


# -- The ranking ---------------------------------------------------------------------------


def test_the_ranking_gives_every_group_with_totals_ranks_and_movement(api, org, results):
    answer = api("cadre_a").get(f"/periods/{results.feb.pk}/ranking").json()
    assert answer["view"] == "full" and answer["sheet"]["status"] == "published"
    community, office = answer["groups"]
    rows = [(r["unit"]["code"], r["total"], r["rank"], r["movement"]) for r in community["rows"]]
    assert rows == [("CX-HT", "93.00", 1, 1), ("CX-XH", "51.00", 2, -1)]
    assert [r["own"] for r in community["rows"]] == [False, True]  # cadre_a's 湘湖
    assert [r["can_open"] for r in community["rows"]] == [False, True]
    assert office["rows"][0]["unit"]["code"] == "CX-DZB" and office["size"] == 1


def test_a_unit_sees_only_its_own_result_of_a_period_in_preview(api, org, results):
    path = f"/periods/{results.mar.pk}/ranking"
    mine = api("cadre_a").get(path).json()
    assert mine["view"] == "own_preview" and mine["groups"] == []
    assert [row["unit"]["code"] for row in mine["own_preview"]] == ["CX-XH"]
    assert mine["own_preview"][0]["may_appeal"] is False
    leader = api("leader_a").get(path).json()["own_preview"][0]
    assert leader["may_appeal"] is True and leader["appeal_until"] == mine["sheet"]["preview_until"]
    assert [r["unit"]["code"] for r in api("cadre_b").get(path).json()["own_preview"]] == ["CX-HT"]
    # The office sees the whole preview as a ranking.
    office = api("office").get(path).json()
    assert office["view"] == "full" and office["sheet"]["status"] == "preview"
    assert len(office["groups"][0]["rows"]) == 2


def test_a_period_not_scored_shows_nothing(api, org, results):
    april = results.campaign.periods.get(key="2026-04")
    for key in ("cadre_a", "office"):
        answer = api(key).get(f"/periods/{april.pk}/ranking").json()
        assert (answer["view"], answer["sheet"], answer["own_preview"]) == ("none", None, [])


def test_tiers_mode_gives_tiers_without_points_or_ranks_but_to_the_office(api, org, results):
    set_mode(results, "tiers")
    response = api("cadre_b").get(f"/periods/{results.feb.pk}/ranking")
    answer = response.json()
    assert answer["view"] == "tiers" and answer["groups"] == []
    assert b"93.00" not in response.content and b'"rank"' not in response.content
    tiers = {
        t["name"]: [u["unit"]["code"] for u in t["units"]]
        for t in answer["mode_groups"][0]["tiers"]
    }
    assert tiers == {"好": ["CX-HT"], "较好": [], "一般": ["CX-XH"]}
    own = [u["own"] for t in answer["mode_groups"][0]["tiers"] for u in t["units"]]
    assert own == [True, False]  # cadre_b's 湖头陈
    office = api("office").get(f"/periods/{results.feb.pk}/ranking").json()
    assert office["view"] == "full" and office["groups"][0]["rows"][0]["total"] == "93.00"


def test_lists_mode_gives_only_the_red_and_black_lists(api, org, results):
    set_mode(results, "lists")
    response = api("cadre_a").get(f"/periods/{results.feb.pk}/ranking")
    answer = response.json()
    assert (
        answer["view"] == "lists" and answer["list_size"] == 1 and b"51.00" not in response.content
    )
    community, office = answer["mode_groups"]
    assert [u["unit"]["code"] for u in community["red"]] == ["CX-HT"]
    assert [u["unit"]["code"] for u in community["black"]] == ["CX-XH"]
    assert [u["unit"]["code"] for u in office["red"]] == ["CX-DZB"] and office["black"] == []


def test_a_foreign_period_is_not_found(api, org, results):
    foreign = foreign_period(org)
    for key in ("cadre_a", "office", "leadership"):
        assert api(key).get(f"/periods/{results.feb.pk}/ranking").status_code == 200
        response = api(key).get(f"/periods/{foreign.pk}/ranking")
        assert response.status_code == 404 and response.json()["code"] == "not_found"
        assert api(key).get(f"/periods/{foreign.pk}/scores").status_code == 404


# -- Scores ---------------------------------------------------------------------------------


def test_scores_walk_every_unit_once_a_page_at_a_time(api, org, results):
    items = walk(api("office"), f"/periods/{results.feb.pk}/scores?limit=1")
    assert [(i["unit"]["code"], i["total"], i["rank"]) for i in items] == [
        ("CX-DZB", "60.00", 1),
        ("CX-HT", "93.00", 1),
        ("CX-XH", "51.00", 2),
    ]
    xh = items[2]
    assert (xh["leaf_sum"], xh["bonus"], xh["penalty"], xh["status"]) == (
        "46.00",
        "5.00",
        "0.00",
        "published",
    )


def test_scores_of_a_period_in_preview_are_a_units_own_only(api, org, results):
    path = f"/periods/{results.mar.pk}/scores"
    mine = api("cadre_a").get(path).json()["items"]
    assert [(i["unit"]["code"], i["status"]) for i in mine] == [("CX-XH", "preview")]
    office = api("office").get(path).json()["items"]
    assert {i["status"] for i in office} == {"preview"} and len(office) == 3
    # A published period: everyone who sees the campaign sees the full ranking's totals.
    assert len(api("cadre_a").get(f"/periods/{results.feb.pk}/scores").json()["items"]) == 3


def test_scores_in_tiers_mode_are_a_units_own_with_its_tier_instead_of_its_rank(api, org, results):
    set_mode(results, "tiers")
    items = api("cadre_b").get(f"/periods/{results.feb.pk}/scores").json()["items"]
    assert [(i["unit"]["code"], i["total"], i["rank"]) for i in items] == [("CX-HT", "93.00", None)]
    assert items[0]["standing"] == {"mode": "tiers", "tier": "好", "red": False, "black": False}
    # The office sees every unit with its rank.
    office = api("office").get(f"/periods/{results.feb.pk}/scores").json()["items"]
    assert [i["rank"] for i in office] == [1, 1, 2] and office[0]["standing"] is None


def test_scores_narrowed_to_a_foreign_unit_are_not_found(api, org, results):
    path = f"/periods/{results.feb.pk}/scores?unit="
    assert api("cadre_a").get(f"{path}{org.community_b.pk}").status_code == 404
    items = api("cadre_a").get(f"{path}{org.community_a.pk}").json()["items"]
    assert [i["unit"]["code"] for i in items] == ["CX-XH"]
    office = api("office").get(f"/periods/{results.feb.pk}/scores?group=community").json()
    assert [i["unit"]["code"] for i in office["items"]] == ["CX-HT", "CX-XH"]


# -- The score card and the evidence --------------------------------------------------------


def test_the_score_card_gives_points_where_they_were_lost_and_evidence(api, org, results):
    card = api("cadre_a").get(f"/periods/{results.feb.pk}/units/{org.community_a.pk}/scorecard")
    assert card.status_code == 200
    card = card.json()
    assert (card["total"], card["rank"], card["group_size"]) == ("51.00", 2, 2)
    assert (card["bonus"], card["bonus_claimed"], card["penalty_claimed"]) == ("5.00", "7.00", None)
    lines = {line["code"]: line for line in card["lines"]}
    assert lines["work"]["kind"] == "dimension" and lines["work"]["points"] == "36.00"
    assessment = lines["assessment"]
    assert (assessment["points"], assessment["maximum"], assessment["method"]) == (
        "10.00",
        "40.00",
        "manual",
    )
    assert lines["red-property"]["evidence_refs"] == [f"scoring.checklistitem:{results.item_a.pk}"]
    assert lines["arena"]["evidence_count"] == 2
    lost = card["points_lost"]
    assert lost["shown"][0]["code"] == "assessment"
    assert lost["shown"][0]["lost"] == "30.00" and lost["shown"][0]["why"]
    assert [axis["code"] for axis in card["radar"]] == ["work", "style"]


def test_a_score_card_outside_the_scope_is_not_found(api, org, results):
    path = f"/periods/{results.feb.pk}/units/{org.community_b.pk}/scorecard"
    assert api("cadre_a").get(path).status_code == 404
    assert api("viewer_b").get(path).json()["total"] == "93.00"  # 湖头陈's own viewer
    assert api("office").get(path).json()["total"] == "93.00"
    foreign = foreign_period(org)
    assert (
        api("office").get(f"/periods/{foreign.pk}/units/{org.community_b.pk}/scorecard").status_code
        == 404
    )


def test_a_units_own_card_shows_its_preview_and_its_leader_may_appeal(api, org, results):
    path = f"/periods/{results.mar.pk}/units/{org.community_a.pk}/scorecard"
    card = api("cadre_a").get(path).json()
    assert card["sheet"]["status"] == "preview" and card["may_appeal"] is False
    assert api("leader_a").get(path).json()["may_appeal"] is True


def test_in_tiers_mode_a_unit_reads_its_tier_on_its_card_not_its_rank(api, org, results):
    set_mode(results, "tiers")
    path = f"/periods/{results.feb.pk}/units/{org.community_a.pk}/scorecard"
    card = api("cadre_a").get(path).json()
    assert (card["total"], card["rank"], card["group_size"]) == ("51.00", None, None)
    assert card["standing"] == {"mode": "tiers", "tier": "一般", "red": False, "black": False}
    leadership = api("leadership").get(path).json()
    assert (leadership["rank"], leadership["standing"]) == (2, None)


def test_the_evidence_of_a_leaf_walks_its_records_a_page_at_a_time(api, org, results):
    path = f"/periods/{results.feb.pk}/units/{org.community_a.pk}/leaves/arena/evidence"
    caller = api("cadre_a")
    first = caller.get(f"{path}?limit=1").json()
    assert first["count"] == 2 and len(first["items"]) == 1 and first["next_cursor"]
    second = caller.get(f"{path}?limit=1&cursor={first['next_cursor']}").json()
    assert second["next_cursor"] is None
    refs = [item["ref"] for item in first["items"] + second["items"]]
    assert len(set(refs)) == 2 and all(ref.startswith("scoring.panelscore:") for ref in refs)
    item = caller.get(path.replace("arena", "red-property")).json()["items"][0]
    assert (item["ref"], item["title"]) == (
        f"scoring.checklistitem:{results.item_a.pk}",
        "湘湖红色物业",
    )


def test_the_evidence_refuses_a_bad_cursor_an_unknown_leaf_and_a_foreign_unit(api, org, results):
    base = f"/periods/{results.feb.pk}/units"
    caller = api("cadre_a")
    assert (
        caller.get(f"{base}/{org.community_a.pk}/leaves/arena/evidence?cursor=xyz").status_code
        == 400
    )
    assert caller.get(f"{base}/{org.community_a.pk}/leaves/nope/evidence").status_code == 404
    assert caller.get(f"{base}/{org.community_b.pk}/leaves/arena/evidence").status_code == 404
    assert (
        caller.get(f"{base}/{org.community_a.pk}/leaves/arena/evidence?limit=101").status_code
        == 422
    )


# -- The trend ------------------------------------------------------------------------------


def test_the_trend_gives_the_published_periods_with_rank_and_movement(api, org, results):
    answer = api("cadre_a").get(
        f"/campaigns/{results.campaign.pk}/units/{org.community_a.pk}/trend"
    )
    points = answer.json()["points"]
    assert [(p["period"]["key"], p["total"], p["rank"], p["movement"]) for p in points] == [
        ("2026-01", "90.00", 1, None),
        ("2026-02", "51.00", 2, -1),
    ]  # March is in preview: not on the trend
    assert answer.json()["shows_ranks"] is True


def test_in_lists_mode_the_trend_gives_a_unit_its_lists_not_its_ranks(api, org, results):
    set_mode(results, "lists")
    answer = (
        api("cadre_a")
        .get(f"/campaigns/{results.campaign.pk}/units/{org.community_a.pk}/trend")
        .json()
    )
    assert answer["shows_ranks"] is False
    assert [(p["rank"], p["movement"]) for p in answer["points"]] == [(None, None), (None, None)]
    assert [(p["standing"]["red"], p["standing"]["black"]) for p in answer["points"]] == [
        (True, False),
        (False, True),
    ]


def test_a_foreign_trend_is_not_found(api, org, results):
    foreign = foreign_period(org)
    caller = api("cadre_a")
    assert (
        caller.get(f"/campaigns/{results.campaign.pk}/units/{org.community_b.pk}/trend").status_code
        == 404
    )
    assert (
        caller.get(f"/campaigns/{foreign.campaign_id}/units/{org.community_a.pk}/trend").status_code
        == 404
    )
    assert (
        caller.get(f"/campaigns/{results.campaign.pk}/units/{org.community_a.pk}/trend").status_code
        == 200
    )


def test_the_evidence_of_a_leaf_counted_by_query_lists_its_visits(api, org):
    """The visit count names its visits by their query: the card and the evidence list
    find them again, a page at a time."""
    period = visits_campaign(org).periods.get(key="2026-01")
    visits = [
        record_visit(org, by="cadre_a", unit=org.community_a, day=dt.date(2026, 1, day))
        for day in (5, 6, 7)
    ]
    record_visit(org, by="cadre_b", unit=org.community_b, day=dt.date(2026, 1, 8))
    period_score(period=period, actor=OFFICE)
    period_publish(period=period, actor=OFFICE, force=True)
    caller = api("cadre_a")
    expected = [f"matters.visit:{visit.pk}" for visit in visits]

    card = caller.get(f"/periods/{period.pk}/units/{org.community_a.pk}/scorecard").json()
    line = next(line for line in card["lines"] if line["code"] == "visits")
    assert (line["evidence_count"], line["evidence_refs"]) == (3, expected)
    path = f"/periods/{period.pk}/units/{org.community_a.pk}/leaves/visits/evidence"
    assert [item["ref"] for item in walk(caller, f"{path}?limit=2")] == expected
