"""Records dated inside a published period are frozen for its corrections: a correction keeps
the published values unless the office includes the changes, and lists them either way."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
import time_machine

from zhengxian.core.actors import SYSTEM
from zhengxian.scoring.models import ChecklistItem, ScoreSheet
from zhengxian.scoring.services.checklists import checklist_item_mark_done, checklist_items_create
from zhengxian.scoring.services.compute import period_score
from zhengxian.scoring.services.publication import period_publish
from zhengxian.scoring.tests.factories import small_campaign
from zhengxian.scoring.tests.views.inputs_data import NOW

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def early_february() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


def _totals(sheet: ScoreSheet) -> dict[int, str]:
    return {row.unit_id: f"{row.total:f}" for row in sheet.unit_scores.all()}


def _mark(item: ChecklistItem, day: dt.date, note: str) -> None:
    checklist_item_mark_done(item=item, done_on=day, note=note, actor=SYSTEM)


@pytest.fixture
def published(org):
    """January published with community A's item done and community B's not yet."""
    campaign = small_campaign(org)
    january = campaign.periods.get(key="2026-01")
    item_a, item_b = checklist_items_create(
        campaign=campaign,
        checklist="red-property",
        name="红色物业",
        units=[org.community_a, org.community_b],
        actor=SYSTEM,
    )
    _mark(item_a, dt.date(2026, 1, 20), "已创建")
    office = org.user("office")
    period_score(period=january, actor=office)
    first = period_publish(period=january, actor=office, force=True)
    return january, first, item_a, item_b


def test_a_correction_keeps_the_published_values_of_records_changed_since(org, published):
    january, first, item_a, item_b = published
    _mark(item_b, dt.date(2026, 1, 25), "一月已创建，二月补录")  # dated in January, entered late
    _mark(item_a, dt.date(2026, 1, 21), "日期更正")  # edited after publication
    office = org.user("office")

    correction = period_score(period=january, actor=office, reason="更正考评员录入错误")

    assert _totals(correction) == _totals(first)
    assert not correction.includes_changed_records
    assert correction.changed_records == [
        {
            "ref": f"scoring.checklistitem:{item_a.pk}",
            "change": "edited",
            "leaves": ["red-property"],
            "units": [org.community_a.pk],
        },
        {
            "ref": f"scoring.checklistitem:{item_b.pk}",
            "change": "added",
            "leaves": ["red-property"],
            "units": [org.community_b.pk],
        },
    ]


def test_the_office_may_include_the_changed_records_on_purpose(org, published):
    january, first, _item_a, item_b = published
    _mark(item_b, dt.date(2026, 1, 25), "一月已创建，二月补录")
    office = org.user("office")

    correction = period_score(
        period=january, actor=office, reason="补录红色物业", include_changed_records=True
    )

    before, after = _totals(first), _totals(correction)
    assert after[org.community_b.pk] > before[org.community_b.pk]
    assert after[org.community_a.pk] == before[org.community_a.pk]
    assert correction.includes_changed_records
    assert [r["change"] for r in correction.changed_records] == ["added"]


def test_a_record_no_longer_counted_is_listed_and_its_published_value_kept(org, published):
    january, first, item_a, _item_b = published
    ChecklistItem.objects.filter(pk=item_a.pk).update(awaiting_confirmation=True)

    correction = period_score(period=january, actor=org.user("office"), reason="复核")

    assert _totals(correction) == _totals(first)
    assert [(r["ref"], r["change"]) for r in correction.changed_records] == [
        (f"scoring.checklistitem:{item_a.pk}", "removed")
    ]


def test_records_dated_after_the_period_and_untouched_records_are_not_listed(org, published):
    january, _first, _item_a, item_b = published
    _mark(item_b, dt.date(2026, 2, 2), "二月完成")

    correction = period_score(period=january, actor=org.user("office"), reason="复核")

    assert correction.changed_records == []


def test_a_period_scored_before_publication_lists_nothing(org):
    campaign = small_campaign(org)
    sheet = period_score(period=campaign.periods.get(key="2026-01"), actor=org.user("office"))
    assert sheet.changed_records == [] and not sheet.includes_changed_records
