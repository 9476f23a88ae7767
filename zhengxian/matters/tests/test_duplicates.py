"""Near-duplicates and repeats on real-looking Chinese reports."""

from __future__ import annotations

import datetime as dt

import pytest

from zhengxian.matters.duplicates import DUPLICATE_THRESHOLD, grams, normalise, similarity
from zhengxian.matters.models import MatterState
from zhengxian.matters.selectors.matters import duplicates_for
from zhengxian.matters.workflow import Action

from .conftest import on
from .factories import act, file_matter, matter_in

# Two people describing the same problem in their own words.
SAME = [
    (
        "湘湖家园3幢门口路灯坏了，晚上很黑，居民反映出行不安全",
        "湘湖家园3幢门口的路灯不亮，晚上出行不安全，希望尽快修理",
    ),
    ("育才西苑小区地下车库积水严重，车辆无法进出", "育才西苑地下车库又积水了，车开不进去"),
    (
        "湖头陈工业园区南片征迁户反映过渡安置费未按时发放",
        "湖头陈南片征迁户过渡安置费还没发放，要求尽快发放",
    ),
    ("城河街沿街商铺油烟直排，影响楼上居民生活", "城河街商铺油烟直排扰民，楼上住户意见很大"),
    ("企业反映用工难，希望社区帮助对接招聘渠道", "企业招工难，希望帮助对接招聘"),
    ("东湘二期安置房工地夜间施工噪音扰民", "东湘安置房二期工地晚上施工，噪音很大扰民"),
]
# Different problems, often at the same place.
DIFFERENT = [
    ("湘湖家园3幢门口路灯坏了，晚上很黑", "湘湖家园3幢楼道堆放杂物，存在消防隐患"),
    ("育才西苑小区地下车库积水严重", "育才西苑小区绿化带被占用种菜"),
    ("城河街沿街商铺油烟直排", "城河街人行道共享单车乱停放"),
    ("企业反映用工难，希望对接招聘渠道", "企业反映厂房租金上涨，希望协调减免"),
    ("东湘二期安置房工地夜间施工噪音扰民", "东湘二期安置房交付后墙面渗水"),
    ("湖头陈征迁户过渡安置费未发放", "湖头陈征迁户对房屋评估价格有异议"),
]


def test_normalising_folds_width_and_drops_punctuation_spaces_and_particles():
    assert normalise("３幢 门口的路灯，坏了！ABC") == "3幢门口路灯坏abc"


def test_boilerplate_words_do_not_count():
    assert "反映" not in grams("居民反映希望尽快解决")


@pytest.mark.parametrize(("a", "b"), SAME)
def test_rewordings_of_one_problem_are_likely_duplicates(a, b):
    assert similarity(grams(a), grams(b)) >= DUPLICATE_THRESHOLD


@pytest.mark.parametrize(("a", "b"), DIFFERENT)
def test_different_problems_at_one_place_are_not(a, b):
    assert similarity(grams(a), grams(b)) < DUPLICATE_THRESHOLD


def test_the_reporter_sees_open_look_alikes_in_their_scope_best_first(org):
    lamp = file_matter(org, title="湘湖家园3幢门口路灯坏了", description="晚上很黑，居民出行不安全")
    file_matter(org, title="湘湖家园3幢楼道堆放杂物", description="存在消防隐患")
    file_matter(
        org, by="cadre_b", unit="community_b", title="湖头陈3幢门口路灯坏了", description="晚上很黑"
    )
    found = duplicates_for(org.user("cadre_a"), text="湘湖家园3幢门口的路灯不亮，晚上出行不安全")
    assert [c.matter.pk for c in found] == [lamp.pk]  # not the other community's, not the clutter
    assert found[0].score >= DUPLICATE_THRESHOLD


def test_closed_matters_are_no_longer_duplicate_candidates(org):
    closed = matter_in(
        org, MatterState.CLOSED, title="育才西苑小区地下车库积水严重", description="车辆无法进出"
    )
    assert closed.state == MatterState.CLOSED
    assert duplicates_for(org.user("cadre_a"), text="育才西苑地下车库又积水了，车开不进去") == []


def test_a_matter_from_the_same_requester_about_the_same_thing_is_flagged_as_a_repeat(org):
    with on(dt.date(2026, 1, 5)):
        first = file_matter(
            org,
            title="路灯不亮",
            description="3幢门口路灯坏了，晚上很黑",
            requester_name="王阿姨",
            target_unit=org.community_a,
        )
    first = act(org, first, Action.ASSIGN, "leader_a")
    again = file_matter(
        org,
        title="路灯又坏了",
        description="3幢门口的路灯又不亮了，晚上出行不安全",
        requester_name="王阿姨",
        target_unit=org.community_a,
    )
    assert again.repeat_of == first
    other = file_matter(
        org,
        title="楼道杂物",
        description="3幢楼道堆放杂物",
        requester_name="王阿姨",
        target_unit=org.community_a,
    )
    assert other.repeat_of is None  # same requester, another thing
    stranger = file_matter(
        org,
        title="路灯不亮",
        description="3幢门口路灯坏了",
        requester_name="李大伯",
        target_unit=org.community_a,
    )
    assert stranger.repeat_of is None  # same thing, another requester and no shared place


def test_a_repeat_from_the_same_enterprise_is_flagged_even_with_other_wording(org):
    from zhengxian.matters.services import enterprise_get_or_create

    company, _ = enterprise_get_or_create(
        actor=org.user("cadre_a"), name="杭州湘湖精密机械有限公司", unit=org.community_a
    )
    first = file_matter(
        org,
        title="企业用工难",
        description="杭州湘湖精密机械有限公司招工难，希望帮助对接招聘",
        enterprise=company,
    )
    again = file_matter(
        org, title="招工", description="企业还是招不到工人，请帮助对接招聘会", enterprise=company
    )
    assert again.repeat_of == first
