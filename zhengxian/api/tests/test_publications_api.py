"""Publications through the API: who sees which snapshot, what a row carries for whom, the
verification that runs verify_publications, and the documented snippet that recomputes a
digest from the API's answer alone (run from docs/api/scores-and-publications.md itself)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings

from zhengxian.scoring.models import ScoreSheet, UnitScore
from zhengxian.scoring.services.compute import period_score
from zhengxian.scoring.services.publication import period_publish
from zhengxian.scoring.tests.views.results_data import Results, build_results

from .test_scoring_api import OFFICE, foreign_period, set_mode

pytestmark = pytest.mark.django_db


@pytest.fixture
def results(org) -> Results:
    return build_results(org)


DOC = Path(settings.BASE_DIR) / "docs" / "api" / "scores-and-publications.md"


def documented_verify():
    """The `verify` function of the document's snippet, exactly as written there."""
    text = DOC.read_text(encoding="utf-8")
    block = re.search(r"<!-- verify-snippet -->\n```python\n(.*?)```", text, re.S)
    assert block, "the snippet is gone from the document"
    namespace: dict = {}
    exec(block.group(1), namespace)  # our own document's code
    return namespace["verify"]


def publication_of(results, key: str) -> ScoreSheet:
    period = results.campaign.periods.get(key=key)
    return ScoreSheet.objects.get(period=period, status="published")


def correct_january(results) -> None:
    period_score(period=results.jan, actor=OFFICE, reason="补录擂台比武成绩")
    period_publish(period=results.jan, actor=OFFICE, force=True)


def test_everyone_of_the_campaign_lists_its_publications_latest_first(api, org, results):
    for key in ("cadre_a", "cadre_b", "office", "leadership"):
        items = api(key).get("/publications").json()["items"]
        assert [(i["period"]["key"], i["publication_seq"]) for i in items] == [
            ("2026-02", 2),
            ("2026-01", 1),
        ]
    first = api("cadre_a").get("/publications?limit=1").json()
    assert len(first["items"]) == 1 and first["next_cursor"]
    rest = api("cadre_a").get(f"/publications?limit=1&cursor={first['next_cursor']}").json()
    assert [i["publication_seq"] for i in rest["items"]] == [1] and rest["next_cursor"] is None


def test_a_superseded_version_is_listed_to_the_campaigns_managers_only(api, org, results):
    correct_january(results)
    superseded = ScoreSheet.objects.get(period=results.jan, version=1)
    office = api("office").get(f"/publications?period={results.jan.pk}").json()["items"]
    assert [(i["version"], i["status"]) for i in office] == [(2, "published"), (1, "superseded")]
    assert office[0]["reason"] == "补录擂台比武成绩"
    assert office[0]["prev_digest"] == publication_of(results, "2026-02").digest
    cadre = api("cadre_a").get(f"/publications?period={results.jan.pk}").json()["items"]
    assert [i["version"] for i in cadre] == [2]
    assert api("cadre_a").get(f"/publications/{superseded.pk}").status_code == 404
    assert api("office").get(f"/publications/{superseded.pk}").status_code == 200


def test_a_foreign_publication_is_not_found(api, org, results):
    foreign = ScoreSheet.objects.get(period=foreign_period(org))
    own = publication_of(results, "2026-02")
    for key in ("cadre_a", "office"):
        caller = api(key)
        assert caller.get(f"/publications/{own.pk}").status_code == 200
        assert caller.get(f"/publications/{own.pk}/verification").status_code == 200
        assert caller.get(f"/publications/{foreign.pk}").status_code == 404
        assert caller.get(f"/publications/{foreign.pk}/verification").status_code == 404
        assert foreign.pk not in [i["id"] for i in caller.get("/publications").json()["items"]]
        assert caller.get(f"/publications?campaign={foreign.period.campaign_id}").status_code == 404


def test_a_publication_gives_its_snapshot_and_row_content_for_the_cards_one_may_open(
    api, org, results
):
    feb = publication_of(results, "2026-02")
    office = api("office").get(f"/publications/{feb.pk}").json()
    assert (office["digest"], office["prev_digest"]) == (feb.digest, feb.prev_digest)
    assert [r["unit"]["code"] for r in office["rows"]] == ["CX-DZB", "CX-HT", "CX-XH"]
    assert all(r["content"] is not None for r in office["rows"])
    cadre = api("cadre_a").get(f"/publications/{feb.pk}").json()
    rows = {r["unit"]["code"]: r for r in cadre["rows"]}
    assert (rows["CX-HT"]["total"], rows["CX-HT"]["rank"]) == ("93.00", 1)
    assert rows["CX-HT"]["content"] is None and rows["CX-HT"]["row_digest"]
    assert rows["CX-XH"]["content"]["detail"]["leaves"]["assessment"]["points"] == "10.00"


def test_in_tiers_mode_only_the_office_reads_totals_and_digests_of_the_rows(api, org, results):
    set_mode(results, "tiers")
    feb = publication_of(results, "2026-02")
    response = api("cadre_b").get(f"/publications/{feb.pk}")
    answer = response.json()
    assert answer["mode"] == "tiers" and b"93.00" not in response.content
    assert {r["unit"]["code"]: r["standing"]["tier"] for r in answer["rows"]} == {
        "CX-DZB": "较好",
        "CX-HT": "好",
        "CX-XH": "一般",
    }
    assert {(r["rank"], r["row_digest"], r["content"]) for r in answer["rows"]} == {
        (None, None, None)
    }
    office = api("office").get(f"/publications/{feb.pk}").json()
    assert office["mode"] == "full" and office["rows"][1]["total"] == "93.00"


def test_the_documented_snippet_recomputes_the_digest_from_the_answer_alone(api, org, results):
    verify = documented_verify()
    correct_january(results)  # a correction: a reason, a version 2, chained after February
    for sheet in ScoreSheet.objects.filter(publication_seq__isnull=False):
        for key in ("office", "cadre_a"):
            answer = api(key).get(f"/publications/{sheet.pk}")
            if answer.status_code == 404:  # the superseded January, for cadre_a
                continue
            assert verify(answer.json()) == sheet.digest
    # A publication whose answer differs from what was published fails the snippet.
    feb = api("office").get(f"/publications/{publication_of(results, '2026-02').pk}").json()
    feb["rows"][2]["content"]["total"] = "61.00"
    feb["rows"][2]["total"] = "61.00"
    with pytest.raises(AssertionError):
        verify(feb)


def test_the_verification_says_the_digest_and_the_chain_hold(api, org, results):
    feb = publication_of(results, "2026-02")
    answer = api("cadre_a").get(f"/publications/{feb.pk}/verification").json()
    assert answer == {
        "publication_id": feb.pk,
        "publication_seq": 2,
        "digest": feb.digest,
        "prev_digest": feb.prev_digest,
        "digest_holds": True,
        "chain_holds": True,
        "intact": True,
        "problems": [],
        "earlier_problems": 0,
        "publications_checked": 2,
    }


def test_the_verification_names_an_altered_row(api, org, results):
    jan, feb = publication_of(results, "2026-01"), publication_of(results, "2026-02")
    UnitScore.objects.filter(sheet=jan, unit=org.community_b).update(total="99.00")
    answer = api("office").get(f"/publications/{jan.pk}/verification").json()
    assert (answer["digest_holds"], answer["chain_holds"], answer["intact"]) == (False, True, False)
    assert any("row of unit CX-HT" in problem for problem in answer["problems"])
    later = api("office").get(f"/publications/{feb.pk}/verification").json()
    assert (later["intact"], later["earlier_problems"]) == (True, 1)


def test_the_verification_says_when_the_chain_breaks(api, org, results):
    feb = publication_of(results, "2026-02")
    ScoreSheet.objects.filter(pk=feb.pk).update(prev_digest="f" * 64)
    answer = api("office").get(f"/publications/{feb.pk}/verification").json()
    assert answer["chain_holds"] is False and answer["intact"] is False
    assert "publication #2 does not follow #1" in answer["problems"]


# -- Without a token: what the public ranking pages show anyone ------------------------------


def test_a_public_visitor_reads_every_campaigns_current_publications_without_a_token(
    api, org, results
):
    foreign = ScoreSheet.objects.get(period=foreign_period(org))
    correct_january(results)
    visitor = api(None)
    listed = visitor.get("/publications").json()["items"]
    assert [(i["campaign_code"], i["period"]["key"], i["version"]) for i in listed] == [
        ("test-2026", "2026-01", 2),
        ("yp-2026", "2026-01", 1),  # another sub-district's: the public page shows it too
        ("test-2026", "2026-02", 1),
    ]
    superseded = ScoreSheet.objects.get(period=results.jan, version=1)
    assert visitor.get(f"/publications/{superseded.pk}").status_code == 404
    assert visitor.get(f"/publications/{foreign.pk}/verification").json()["intact"] is True
    feb = visitor.get(f"/publications/{publication_of(results, '2026-02').pk}").json()
    assert [(r["unit"]["code"], r["total"], r["content"]) for r in feb["rows"]] == [
        ("CX-DZB", "60.00", None),
        ("CX-HT", "93.00", None),
        ("CX-XH", "51.00", None),
    ]
    assert documented_verify()(feb) == feb["digest"]  # the outsider's check, with no account


def test_a_public_visitor_reads_tiers_only_of_a_tiers_campaign(api, org, results):
    set_mode(results, "tiers")
    response = api(None).get(f"/publications/{publication_of(results, '2026-02').pk}")
    assert response.status_code == 200 and b"93.00" not in response.content
    assert {r["standing"]["tier"] for r in response.json()["rows"]} == {"好", "较好", "一般"}


def test_without_a_token_the_other_reads_are_refused_and_a_bad_token_never_reads(api, org, results):
    visitor = api(None)
    assert visitor.get(f"/periods/{results.feb.pk}/ranking").status_code == 401
    assert visitor.get(f"/periods/{results.feb.pk}/scores").status_code == 401
    bad = api(None)
    bad.headers["Authorization"] = "Bearer zx_not-a-token"
    assert bad.get("/publications").status_code == 401
