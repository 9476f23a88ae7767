from __future__ import annotations

import datetime as dt
import gc
from decimal import Decimal as D

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from zhengxian.campaigns.models import PeriodStatus
from zhengxian.core.actors import system_actor
from zhengxian.core.errors import DomainError, NotAllowed
from zhengxian.scoring.models import ChecklistItem, PanelScore, ScoreSheet, SheetStatus, UnitScore
from zhengxian.scoring.services import compute
from zhengxian.scoring.services.assessments import manual_assess
from zhengxian.scoring.services.compute import period_score
from zhengxian.scoring.services.publication import period_publish, verify_publications
from zhengxian.scoring.tests.factories import small_campaign

OFFICE = system_actor("office")

pytestmark = pytest.mark.django_db


def _january(org):
    campaign = small_campaign(org)
    return campaign, campaign.periods.get(key="2026-01")


def test_scoring_a_period_stores_a_preview_sheet_with_ranks_per_group(org):
    campaign, period = _january(org)
    ChecklistItem.objects.create(
        campaign=campaign,
        checklist="red-property",
        unit=org.community_a,
        name="红色物业",
        done_on=dt.date(2026, 1, 10),
        done_month=202601,
    )
    ChecklistItem.objects.create(
        campaign=campaign,
        checklist="red-property",
        unit=org.community_b,
        name="红色物业",
        done_on=None,
    )
    leaf = campaign.nodes.get(code="assessment")
    manual_assess(
        period=period,
        leaf=leaf,
        unit=org.community_a,
        points=D("30"),
        comment="好",
        actor=org.user("evaluator"),
    )
    sheet = period_score(period=period, actor=OFFICE)
    period.refresh_from_db()
    assert period.status == PeriodStatus.PREVIEW and sheet.status == SheetStatus.PREVIEW
    a = UnitScore.objects.get(sheet=sheet, unit=org.community_a)
    b = UnitScore.objects.get(sheet=sheet, unit=org.community_b)
    # a: checklist 1/1 → 20, arena no data → full 20, residents no data → 20, manual 30 → 90
    assert a.total == D("90.00") and a.rank == 1
    # b: checklist 0/1 → 0, 20 + 20, manual missing → zero → 40
    assert b.total == D("40.00") and b.rank == 2
    assert a.detail["leaves"]["red-property"]["evidence"] == [
        f"scoring.checklistitem:{ChecklistItem.objects.get(unit=org.community_a).pk}"
    ]
    assert UnitScore.objects.get(sheet=sheet, unit=org.office).group_code == "office"


def test_the_same_inputs_give_byte_identical_sheets(org):
    _campaign, period = _january(org)
    PanelScore.objects.create(
        period=period,
        panel="arena",
        judge=org.people["office"],
        unit=org.community_a,
        score=D("88"),
    )
    first = period_score(period=period, actor=OFFICE)
    second = period_score(period=period, actor=OFFICE)

    def rows(sheet):
        return [(r.unit_id, r.row_digest, r.detail) for r in sheet.unit_scores.order_by("unit_id")]

    assert rows(first) == rows(second)
    first.refresh_from_db()
    assert first.status == SheetStatus.SUPERSEDED


def test_scoring_issues_the_same_number_of_queries_for_few_and_many_units(org):
    from zhengxian.campaigns.services import campaign_sync_members
    from zhengxian.core.actors import SYSTEM
    from zhengxian.orgs.services import unit_create

    campaign, period = _january(org)
    period_score(period=period, actor=OFFICE)  # the first run also opens the preview
    with CaptureQueriesContext(connection) as small:
        period_score(period=period, actor=OFFICE)
    for i in range(40):
        unit_create(
            actor=SYSTEM,
            code=f"EXTRA-{i}",
            name=f"新社区{i}",
            kind="community",
            parent=org.subdistrict,
        )
    campaign_sync_members(actor=SYSTEM, campaign=campaign)
    with CaptureQueriesContext(connection) as large:
        period_score(period=period, actor=OFFICE)
    assert UnitScore.objects.filter(sheet__period=period, sheet__status="preview").count() == 43
    assert len(large.captured_queries) == len(small.captured_queries)


def test_publishing_waits_for_the_preview_unless_forced_and_verifies(org):
    _campaign, period = _january(org)
    period_score(period=period, actor=OFFICE)
    with pytest.raises(DomainError):
        period_publish(period=period, actor=OFFICE)
    sheet = period_publish(period=period, actor=OFFICE, force=True)
    assert sheet.is_published and len(sheet.digest) == 64 and sheet.prev_digest == "0" * 64
    assert verify_publications() == []
    call_command("verify_publications")


def test_an_altered_published_row_is_named_by_verify(org):
    campaign, period = _january(org)
    period_score(period=period, actor=OFFICE)
    period_publish(period=period, actor=OFFICE, force=True)
    february = campaign.periods.get(key="2026-02")
    period_score(period=february, actor=OFFICE)
    second = period_publish(period=february, actor=OFFICE, force=True)
    assert second.publication_seq == 2
    row = UnitScore.objects.get(sheet__period=period, unit=org.community_b)
    UnitScore.objects.filter(pk=row.pk).update(total=D("99.00"))  # tampering behind the app's back
    problems = verify_publications()
    assert any("CX-HT" in p.message and "altered" in p.message for p in problems)
    with pytest.raises(CommandError, match="CX-HT"):
        call_command("verify_publications")


def test_a_published_period_is_corrected_only_as_a_new_version_with_a_reason(org):
    _campaign, period = _january(org)
    period_score(period=period, actor=OFFICE)
    published = period_publish(period=period, actor=OFFICE, force=True)
    with pytest.raises(DomainError):
        period_score(period=period, actor=OFFICE)
    correction = period_score(period=period, actor=OFFICE, reason="补录擂台比武成绩")
    assert correction.version == 2 and correction.status == SheetStatus.PREVIEW
    republished = period_publish(period=period, actor=OFFICE)
    assert republished.prev_digest == published.digest
    assert ScoreSheet.objects.get(pk=published.pk).digest == published.digest
    assert verify_publications() == []


@pytest.mark.parametrize("username", ["evaluator", "cadre_a", "leader_a"])
def test_scoring_needs_campaign_management_and_changes_nothing_otherwise(org, username):
    _campaign, period = _january(org)
    with pytest.raises(NotAllowed):
        period_score(period=period, actor=org.user(username))
    period.refresh_from_db()
    assert period.status == PeriodStatus.OPEN and not period.sheets.exists()


@pytest.mark.parametrize("username", ["evaluator", "cadre_a", "leader_a"])
def test_publishing_needs_campaign_management_and_changes_nothing_otherwise(org, username):
    _campaign, period = _january(org)
    sheet = period_score(period=period, actor=OFFICE)
    with pytest.raises(NotAllowed):
        period_publish(period=period, actor=org.user(username), force=True)
    sheet.refresh_from_db()
    period.refresh_from_db()
    assert (sheet.status, sheet.published_at, sheet.digest) == (SheetStatus.PREVIEW, None, "")
    assert period.status == PeriodStatus.PREVIEW


def test_the_office_scores_and_publishes_under_its_own_name(org):
    _campaign, period = _january(org)
    office = org.user("office")
    period_score(period=period, actor=office)
    sheet = period_publish(period=period, actor=office, force=True)
    assert (sheet.computed_by, sheet.published_by) == ("office", "office")


def test_scoring_pauses_the_garbage_collector_for_the_whole_run_and_resumes_it(org, monkeypatch):
    """A province's run holds some 430,000 objects; each pass of the collector over them
    while they live (between computing and storing, or right after storing) cost up to
    0.7 s. The collector is off from computing to announcing, and on again after."""
    _campaign, period = _january(org)
    collector_on: dict[str, bool] = {}

    def watched(step, name):
        def call(*args, **kwargs):
            collector_on[name] = gc.isenabled()
            return step(*args, **kwargs)

        return call

    for name in ("_compute", "store_unit_rows", "announce_preview"):
        monkeypatch.setattr(compute, name, watched(getattr(compute, name), name))
    period_score(period=period, actor=OFFICE)
    assert collector_on == {"_compute": False, "store_unit_rows": False, "announce_preview": False}
    assert gc.isenabled()
