"""The campaign demo: the preset (or its core edition) in the current year, published
months, the last completed month in preview with an open appeal, and idempotent."""

from __future__ import annotations

import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command

from zhengxian.campaigns.campaign_file import load_campaign_file, read_preset
from zhengxian.campaigns.demo import CORE_PRESET, PRESET, preset_for_demo, sources_named
from zhengxian.campaigns.models import Campaign, PeriodStatus
from zhengxian.engine.sources import SourceRegistry, registry
from zhengxian.scoring.models import (
    Adjustment,
    AdjustmentStatus,
    Appeal,
    AppealStatus,
    ChecklistItem,
    ManualAssessment,
    PanelScore,
    Rating,
    ScoreSheet,
    SheetStatus,
)
from zhengxian.scoring.services.publication import verify_publications

from .stand_in_sources import BUILT_IN_SOURCES

TODAY = dt.datetime(2026, 5, 20, 10, tzinfo=ZoneInfo("Asia/Shanghai"))
CORE_SOURCES = {"checklist", "manual", "panel", "rating"}


def _counts() -> dict[str, int]:
    models = (Campaign, ChecklistItem, ManualAssessment, PanelScore, Rating, Adjustment, Appeal)
    return {model.__name__: model.objects.count() for model in models} | {
        "sheets": ScoreSheet.objects.count()
    }


@pytest.mark.django_db
def test_load_demo_twice_gives_one_campaign_with_published_months_and_an_appealed_preview():
    with time_machine.travel(TODAY, tick=False):
        call_command("load_demo", stdout=io.StringIO())
        first = _counts()
        call_command("load_demo", stdout=io.StringIO())
        assert _counts() == first

    campaign = Campaign.objects.get()
    assert campaign.year == 2026 and campaign.code in ("chengxiang-2026", "chengxiang-core-2026")
    assert campaign.owner_unit.code == "CX"
    status = dict(campaign.periods.values_list("key", "status"))
    assert [status[f"2026-0{m}"] for m in range(1, 7)] == [
        PeriodStatus.PUBLISHED,
        PeriodStatus.PUBLISHED,
        PeriodStatus.PUBLISHED,
        PeriodStatus.PREVIEW,
        PeriodStatus.OPEN,
        PeriodStatus.OPEN,
    ]
    published = ScoreSheet.objects.filter(status=SheetStatus.PUBLISHED)
    assert sorted(published.values_list("period__key", flat=True)) == [
        "2026-01",
        "2026-02",
        "2026-03",
    ]
    assert verify_publications() == []

    [appeal] = Appeal.objects.select_related("unit", "filed_by", "period", "sheet")
    assert appeal.status == AppealStatus.OPEN
    assert (appeal.period.key, appeal.unit.name, appeal.filed_by.username) == (
        "2026-04",
        "湘湖社区",
        "leader_xianghu",
    )
    assert appeal.sheet.status == SheetStatus.PREVIEW

    # Inputs of every kind, in the months they belong to.
    assert ChecklistItem.objects.filter(done_on__isnull=False).exists()
    assert ChecklistItem.objects.filter(done_on__isnull=True).exists()
    assert ManualAssessment.objects.exclude(comment="").count() == ManualAssessment.objects.count()
    assert set(ManualAssessment.objects.values_list("period__key", flat=True)) == {
        "2026-01",
        "2026-02",
        "2026-03",
        "2026-04",
    }
    assert PanelScore.objects.values("judge").distinct().count() >= 3
    assert set(campaign.rater_panels.values_list("name", flat=True)) == {
        "居民考官团",
        "两代表一委员",
    }
    assert Rating.objects.filter(period__key="2026-05").exists()
    assert Adjustment.objects.filter(status=AdjustmentStatus.APPROVED).count() >= 3
    assert Adjustment.objects.filter(status=AdjustmentStatus.PENDING).count() == 1


def test_the_demo_uses_the_full_preset_only_when_every_source_it_names_is_registered():
    with registry.register_temporarily(*BUILT_IN_SOURCES):
        assert preset_for_demo() == PRESET
    core_only = SourceRegistry()
    for source in BUILT_IN_SOURCES:
        if source.name in CORE_SOURCES:
            core_only.register(source)
    assert preset_for_demo(core_only) == CORE_PRESET


def test_the_core_preset_has_the_full_presets_dimensions_and_only_core_sources():
    with registry.register_temporarily(*BUILT_IN_SOURCES):
        full = load_campaign_file(read_preset(PRESET), sources=registry)
        core = load_campaign_file(read_preset(CORE_PRESET), sources=registry)
    assert [(n.code, n.name, n.weight) for n in core.indicators] == [
        (n.code, n.name, n.weight) for n in full.indicators
    ]
    assert (core.groups, core.period, core.bonus_cap, core.penalty_cap) == (
        full.groups,
        full.period,
        full.bonus_cap,
        full.penalty_cap,
    )
    assert sources_named(read_preset(CORE_PRESET)) <= CORE_SOURCES
    assert core.shifted_to_year(2026).code == "chengxiang-core-2026"
