"""Judging panels (擂台比武) and rater panels (居民考官团): services and their sources.

Hand-worked numbers: the `arena` leaf of the small campaign is `relative` over weight 20,
the `residents` leaf is `target 5` over weight 20 (see tests/factories.py).
"""

from __future__ import annotations

import datetime as dt
import string
from decimal import Decimal as D
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError

from zhengxian.campaigns.models import PeriodStatus
from zhengxian.campaigns.services import campaign_sync_members
from zhengxian.core.actors import SYSTEM, system_actor
from zhengxian.core.errors import DomainError, NotAllowed
from zhengxian.orgs.roles import Role
from zhengxian.orgs.services import unit_create
from zhengxian.orgs.testing import make_person
from zhengxian.scoring.indicator_sources import PanelSource, RatingSource
from zhengxian.scoring.models import PanelScore, Rating
from zhengxian.scoring.services.compute import period_score
from zhengxian.scoring.services.panels import (
    RatingEntry,
    panel_score_enter,
    panel_scores_enter,
    rater_add,
    rater_panel_create,
    rater_revoke,
    rating_period,
    rating_submit,
    ratings_submit,
)
from zhengxian.scoring.services.publication import period_publish
from zhengxian.scoring.tests.factories import small_campaign

OFFICE = system_actor("office")

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def campaign(org):
    return small_campaign(org)


@pytest.fixture
def january(campaign):
    return campaign.periods.get(key="2026-01")


@pytest.fixture
def judges(org):
    """Four judges from the sub-district's office, each allowed to assess the sub-district."""
    return [
        make_person(f"judge{i}", org.office, [(Role.EVALUATOR, org.subdistrict)], f"评委{i}")
        for i in range(1, 5)
    ]


def _enter(period, judge, unit, score, panel="arena"):
    return panel_score_enter(
        period=period, panel=panel, judge=judge, unit=unit, score=D(score), actor=judge.user
    )


def _leaf(sheet, unit, code):
    return sheet.unit_scores.get(unit=unit).detail["leaves"][code]


# --- The panel source: drop the highest and the lowest, average the rest -----------------


def test_four_judges_drop_the_highest_and_the_lowest_and_average_the_middle_two(
    org, january, judges
):
    for judge, score in zip(judges, ["80", "90", "70", "100"], strict=True):
        _enter(january, judge, org.community_a, score)
    values = PanelSource().compute(
        period=january, unit_ids=[org.community_a.pk], params={"panel": "arena"}
    )
    value = values[org.community_a.pk]
    assert value.value == D("85.00")  # (80 + 90) / 2: 100 and 70 dropped
    assert value.denominator == 4
    # The judges' scores are named by their query (count and sum of ids), not listed.
    expected = sorted(PanelScore.objects.filter(unit=org.community_a).values_list("pk", flat=True))
    records = value.records
    assert value.evidence == () and (records.count, records.id_sum) == (4, sum(expected))
    listed = PanelSource().record_query(
        period=january, unit_ids=[org.community_a.pk], params=records.params
    )
    assert list(listed.values_list("pk", flat=True)) == expected


def test_two_judges_give_the_plain_mean_and_one_judge_gives_their_own_score(org, january, judges):
    _enter(january, judges[0], org.community_a, "80")
    _enter(january, judges[1], org.community_a, "91")
    _enter(january, judges[0], org.community_b, "77.5")
    values = PanelSource().compute(period=january, unit_ids=[], params={"panel": "arena"})
    assert values[org.community_a.pk].value == D("85.5")
    assert values[org.community_b.pk].value == D("77.5")


def test_a_tie_at_either_end_drops_one_score_and_the_mean_keeps_the_scores_digits(
    org, january, judges
):
    # Added up per unit by the database (on SQLite as floats): the mean is still exact, and
    # the same Decimal the judges' own scores make.
    for judge, score in zip(judges, ["80.50", "90.25", "90.25", "70.05"], strict=True):
        _enter(january, judge, org.community_a, score)
    for judge, score in zip(judges[:3], ["66.10", "66.10", "66.10"], strict=True):
        _enter(january, judge, org.community_b, score)
    values = PanelSource().compute(period=january, unit_ids=[], params={"panel": "arena"})
    assert str(values[org.community_a.pk].value) == "85.375"  # (80.50 + 90.25) ÷ 2
    assert values[org.community_a.pk].denominator == 4
    assert values[org.community_a.pk].records.count == 4
    assert str(values[org.community_b.pk].value) == "66.10"


def test_the_arena_leaf_gives_relative_points_from_the_trimmed_means(
    org, campaign, january, judges
):
    community_c = unit_create(
        actor=SYSTEM, code="CX-C", name="城南社区", kind="community", parent=org.subdistrict
    )
    campaign_sync_members(actor=SYSTEM, campaign=campaign)
    for judge, score in zip(judges, ["80", "90", "70", "100"], strict=True):
        _enter(january, judge, org.community_a, score)  # trimmed mean 85
    _enter(january, judges[0], org.community_b, "60")
    _enter(january, judges[1], org.community_b, "80")  # plain mean 70
    _enter(january, judges[2], community_c, "75")  # one judge: 75
    sheet = period_score(period=january, actor=OFFICE)
    # relative within the community group: 20 × (r − 70) / (85 − 70)
    assert _leaf(sheet, org.community_a, "arena")["points"] == "20.00"
    assert _leaf(sheet, org.community_b, "arena")["points"] == "0.00"
    assert _leaf(sheet, community_c, "arena")["points"] == "6.67"  # 20 × 5 / 15
    assert _leaf(sheet, org.community_a, "arena")["raw"] == "85.00"


# --- Entering panel scores ----------------------------------------------------------------


def test_a_judge_may_not_score_their_own_unit(org, january):
    office = org.people["office"]  # belongs to 党政办, which competes in the office group
    with pytest.raises(DomainError) as refused:
        _enter(january, office, org.office, "90")
    assert refused.value.code == "own_unit"
    assert org.office.name in refused.value.message
    assert not PanelScore.objects.exists()


def test_a_judge_may_not_score_a_unit_whose_subtree_holds_their_own_unit(org, january):
    grid_judge = make_person("grid_judge", org.grid_a, [(Role.EVALUATOR, org.subdistrict)])
    with pytest.raises(DomainError) as refused:
        _enter(january, grid_judge, org.community_a, "90")  # 湘湖第一网格 lies in 湘湖社区
    assert refused.value.code == "own_unit"
    _enter(january, grid_judge, org.community_b, "90")  # another community is fine


def test_a_judge_of_the_sub_district_may_score_the_communities_below_it(org, january):
    street_judge = make_person("street", org.subdistrict, [(Role.EVALUATOR, org.subdistrict)])
    _enter(january, street_judge, org.community_a, "88")
    assert PanelScore.objects.get(judge=street_judge).score == D("88")


def test_a_judge_corrects_a_score_by_entering_it_again(org, january, judges):
    _enter(january, judges[0], org.community_a, "70")
    _enter(january, judges[0], org.community_a, "75.5")
    assert list(PanelScore.objects.values_list("score", flat=True)) == [D("75.50")]


@pytest.mark.parametrize("score", ["-1", "100.01", "250"])
def test_a_panel_score_lies_between_0_and_100(org, january, judges, score):
    with pytest.raises(ValidationError):
        _enter(january, judges[0], org.community_a, score)
    assert not PanelScore.objects.exists()


def test_the_bounds_0_and_100_are_accepted(org, january, judges):
    _enter(january, judges[0], org.community_a, "0")
    _enter(january, judges[0], org.community_b, "100")
    assert PanelScore.objects.count() == 2


def test_panel_scores_of_a_published_period_are_frozen(org, january, judges):
    _enter(january, judges[0], org.community_a, "80")
    period_score(period=january, actor=OFFICE)
    period_publish(period=january, actor=OFFICE, force=True)
    january.refresh_from_db()
    with pytest.raises(DomainError):
        _enter(january, judges[0], org.community_a, "95")
    with pytest.raises(DomainError):
        _enter(january, judges[1], org.community_b, "95")
    assert list(PanelScore.objects.values_list("score", flat=True)) == [D("80.00")]


def test_a_panel_the_campaign_does_not_have_or_a_unit_not_competing_is_refused(
    org, january, judges
):
    with pytest.raises(DomainError):
        _enter(january, judges[0], org.community_a, "80", panel="stage")
    with pytest.raises(DomainError):
        _enter(january, judges[0], org.grid_b, "80")  # grids compete in no group
    assert not PanelScore.objects.exists()


def test_only_someone_who_may_assess_the_unit_enters_a_panel_score(org, january):
    cadre = org.people["cadre_b"]
    with pytest.raises(NotAllowed):
        _enter(january, cadre, org.community_a, "80")
    assert not PanelScore.objects.exists()
    _enter(january, org.people["evaluator"], org.community_a, "80")  # an evaluator may
    assert PanelScore.objects.get().unit == org.community_a


def test_several_scores_are_entered_all_or_none(org, january, judges):
    with pytest.raises(ValidationError):
        panel_scores_enter(
            period=january, panel="arena", judge=judges[0], actor=judges[0].user,
            scores=[(org.community_a, D("80")), (org.community_b, D("180"))],
        )  # fmt: skip
    assert not PanelScore.objects.exists()


# --- Rater panels and links ---------------------------------------------------------------


def test_each_rater_gets_a_long_random_url_safe_token(campaign):
    panel = rater_panel_create(actor=SYSTEM, campaign=campaign, code="residents", name="居民考官团")
    first = rater_add(actor=SYSTEM, panel=panel, name="张阿姨", note="居民")
    second = rater_add(actor=SYSTEM, panel=panel, name="李代表", note="人大代表")
    allowed = set(string.ascii_letters + string.digits + "-_")
    assert len(first.token) == 43 and set(first.token) <= allowed
    assert first.token != second.token


def test_a_rater_panel_code_is_unique_within_the_campaign(campaign):
    rater_panel_create(actor=SYSTEM, campaign=campaign, code="residents", name="居民考官团")
    with pytest.raises(ValidationError) as refused:
        rater_panel_create(actor=SYSTEM, campaign=campaign, code="residents", name="另一个")
    assert "code" in refused.value.error_dict


def test_revoking_twice_is_refused(campaign):
    rater = rater_add(
        actor=SYSTEM,
        panel=rater_panel_create(actor=SYSTEM, campaign=campaign, code="r", name="r"),
        name="甲",
    )
    rater_revoke(actor=SYSTEM, rater=rater)
    with pytest.raises(DomainError):
        rater_revoke(actor=SYSTEM, rater=rater)


# --- Ratings ------------------------------------------------------------------------------


@pytest.fixture
def residents(campaign):
    return rater_panel_create(actor=SYSTEM, campaign=campaign, code="residents", name="居民考官团")


def test_a_rater_rates_a_unit_once_per_period_and_a_second_rating_is_refused(
    org, january, residents
):
    rater = rater_add(actor=SYSTEM, panel=residents, name="张阿姨")
    rating_submit(token=rater.token, period=january, unit=org.community_a, score=4, comment="好")
    with pytest.raises(DomainError) as refused:
        rating_submit(token=rater.token, period=january, unit=org.community_a, score=1)
    assert refused.value.code == "already_rated"
    assert org.community_a.name in refused.value.message
    assert list(Rating.objects.values_list("score", "comment")) == [(4, "好")]  # not updated


def test_the_same_rater_rates_the_unit_again_in_the_next_period(org, campaign, january, residents):
    rater = rater_add(actor=SYSTEM, panel=residents, name="张阿姨")
    february = campaign.periods.get(key="2026-02")
    rating_submit(token=rater.token, period=january, unit=org.community_a, score=4)
    rating_submit(token=rater.token, period=february, unit=org.community_a, score=5)
    assert Rating.objects.count() == 2


def test_a_revoked_link_rates_nothing_and_keeps_its_earlier_ratings(org, january, residents):
    rater = rater_add(actor=SYSTEM, panel=residents, name="张阿姨")
    rating_submit(token=rater.token, period=january, unit=org.community_a, score=4)
    rater_revoke(actor=SYSTEM, rater=rater)
    with pytest.raises(DomainError) as refused:
        rating_submit(token=rater.token, period=january, unit=org.community_b, score=4)
    assert refused.value.code == "revoked_link"
    assert Rating.objects.count() == 1


def test_an_unknown_token_rates_nothing(org, january):
    with pytest.raises(DomainError) as refused:
        rating_submit(token="x" * 43, period=january, unit=org.community_a, score=4)
    assert refused.value.code == "unknown_link"


def test_a_published_period_takes_no_ratings(org, january, residents):
    rater = rater_add(actor=SYSTEM, panel=residents, name="张阿姨")
    period_score(period=january, actor=OFFICE)
    period_publish(period=january, actor=OFFICE, force=True)
    january.refresh_from_db()
    with pytest.raises(DomainError) as refused:
        rating_submit(token=rater.token, period=january, unit=org.community_a, score=4)
    assert refused.value.code == "period_closed"


def test_a_period_in_preview_still_takes_ratings(org, january, residents):
    rater = rater_add(actor=SYSTEM, panel=residents, name="张阿姨")
    period_score(period=january, actor=OFFICE)
    january.refresh_from_db()
    assert january.status == PeriodStatus.PREVIEW
    rating_submit(token=rater.token, period=january, unit=org.community_a, score=3)
    assert Rating.objects.count() == 1


def test_a_unit_not_competing_cannot_be_rated(org, january, residents):
    rater = rater_add(actor=SYSTEM, panel=residents, name="张阿姨")
    for unit in (org.grid_a, org.subdistrict):
        with pytest.raises(DomainError):
            rating_submit(token=rater.token, period=january, unit=unit, score=4)
    assert not Rating.objects.exists()


def test_a_period_of_another_campaign_is_refused(org, january, residents):
    from zhengxian.campaigns.services import campaign_load_file
    from zhengxian.scoring.tests.factories import SMALL_CAMPAIGN

    other = campaign_load_file(
        actor=SYSTEM,
        text=SMALL_CAMPAIGN.replace("code: test-2026", "code: other-2026"),
        owner_unit=org.subdistrict,
    )
    rater = rater_add(actor=SYSTEM, panel=residents, name="张阿姨")
    with pytest.raises(DomainError):
        rating_submit(
            token=rater.token,
            period=other.periods.get(key="2026-01"),
            unit=org.community_a,
            score=4,
        )


@pytest.mark.parametrize("score", [0, 6, -1])
def test_a_rating_is_1_to_5(org, january, residents, score):
    rater = rater_add(actor=SYSTEM, panel=residents, name="张阿姨")
    with pytest.raises(ValidationError):
        rating_submit(token=rater.token, period=january, unit=org.community_a, score=score)


def test_ratings_submitted_together_are_stored_all_or_none(org, january, residents):
    rater = rater_add(actor=SYSTEM, panel=residents, name="张阿姨")
    rating_submit(token=rater.token, period=january, unit=org.community_b, score=2)
    with pytest.raises(DomainError):
        ratings_submit(
            token=rater.token,
            period=january,
            entries=[RatingEntry(org.community_a, 5), RatingEntry(org.community_b, 5)],
        )
    assert list(Rating.objects.values_list("unit_id", "score")) == [(org.community_b.pk, 2)]
    ratings_submit(
        token=rater.token, period=january,
        entries=[RatingEntry(org.community_a, 5), RatingEntry(org.office, 3, "  尚可 ")],
    )  # fmt: skip
    assert Rating.objects.get(unit=org.office).comment == "尚可"


def test_the_residents_leaf_gives_target_points_for_the_mean_rating(org, january, residents):
    raters = [
        rater_add(actor=SYSTEM, panel=residents, name=name) for name in ("甲", "乙", "丙", "丁")
    ]
    for rater, score in zip(raters, [5, 3, 4, 4], strict=True):  # mean 4
        rating_submit(token=rater.token, period=january, unit=org.community_a, score=score)
    rating_submit(token=raters[0].token, period=january, unit=org.community_b, score=5)
    values = RatingSource().compute(period=january, unit_ids=[], params={"panel": "residents"})
    assert values[org.community_a.pk].value == D(4)
    sheet = period_score(period=january, actor=OFFICE)
    assert _leaf(sheet, org.community_a, "residents")["points"] == "16.00"  # 20 × 4 / 5
    assert _leaf(sheet, org.community_b, "residents")["points"] == "20.00"
    assert _leaf(sheet, org.community_a, "residents")["records"]["count"] == 4
    listed = RatingSource().record_query(
        period=january, unit_ids=[org.community_a.pk], params={"panel": "residents"}
    )
    assert listed.count() == 4 and {r.unit_id for r in listed} == {org.community_a.pk}


def test_ratings_of_another_rater_panel_do_not_count_for_the_residents_leaf(
    org, campaign, january, residents
):
    deputies = rater_panel_create(
        actor=SYSTEM, campaign=campaign, code="deputies", name="两代表一委员"
    )
    rating_submit(
        token=rater_add(actor=SYSTEM, panel=deputies, name="王委员").token, period=january,
        unit=org.community_a, score=1,
    )  # fmt: skip
    assert RatingSource().compute(period=january, unit_ids=[], params={"panel": "residents"}) == {}


def test_the_link_rates_the_latest_period_begun_and_not_published(org, campaign, january):
    with time_machine.travel(dt.datetime(2025, 12, 20, 9, tzinfo=SHANGHAI), tick=False):
        assert rating_period(campaign) is None  # the campaign has not begun
    with time_machine.travel(dt.datetime(2026, 1, 20, 9, tzinfo=SHANGHAI), tick=False):
        assert rating_period(campaign) == january
    with time_machine.travel(dt.datetime(2026, 2, 3, 9, tzinfo=SHANGHAI), tick=False):
        assert rating_period(campaign).key == "2026-02"
        for key in ("2026-01", "2026-02"):
            period = campaign.periods.get(key=key)
            period_score(period=period, actor=OFFICE)
            period_publish(period=period, actor=OFFICE, force=True)
        assert rating_period(campaign) is None  # March has not begun
