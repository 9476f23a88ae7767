"""Sheet and period status changes go through the workflow table, each with an audit row."""

from __future__ import annotations

import pytest
from django.utils.translation import gettext as _

from zhengxian.audit.models import AuditEntry
from zhengxian.campaigns.models import PeriodStatus
from zhengxian.core.workflow import TransitionRefused, allowed, transition
from zhengxian.scoring.models import SheetStatus
from zhengxian.scoring.services.compute import period_score
from zhengxian.scoring.services.publication import period_publish, verify_publications
from zhengxian.scoring.services.workflows import PERIOD_FLOW, SHEET_FLOW
from zhengxian.scoring.tests.factories import small_campaign

pytestmark = pytest.mark.django_db


def _status_changes(model: str, pk: int) -> list[tuple[str, str, str]]:
    entries = AuditEntry.objects.filter(model=model, object_id=str(pk)).order_by("seq")
    return [
        (e.actor_label, *e.changes["status"])
        for e in entries
        if e.action == "update" and "status" in e.changes
    ]


def test_every_status_change_of_sheets_and_the_period_leaves_an_audit_row(org):
    period = small_campaign(org).periods.get(key="2026-01")
    office = org.user("office")
    first = period_score(period=period, actor=office)
    second = period_score(period=period, actor=office)
    period_publish(period=period, actor=office, force=True)
    correction = period_score(period=period, actor=office, reason="补录擂台比武成绩")
    period_publish(period=period, actor=office)

    sheet = "scoring.scoresheet"
    assert _status_changes(sheet, first.pk) == [("office", "preview", "superseded")]
    assert _status_changes(sheet, second.pk) == [
        ("office", "preview", "published"),
        ("office", "published", "superseded"),
    ]
    assert _status_changes(sheet, correction.pk) == [("office", "preview", "published")]
    assert _status_changes("campaigns.period", period.pk) == [
        ("office", "open", "preview"),
        ("office", "preview", "published"),
    ]
    assert verify_publications() == []


def test_a_move_the_table_does_not_allow_is_refused_and_changes_nothing(org):
    period = small_campaign(org).periods.get(key="2026-01")
    sheet = period_score(period=period, actor=org.user("office"))
    transition(SHEET_FLOW, sheet, to=SheetStatus.SUPERSEDED, actor=org.user("office"))
    before = AuditEntry.objects.count()
    with pytest.raises(TransitionRefused) as refused:
        transition(SHEET_FLOW, sheet, to=SheetStatus.PUBLISHED, actor=org.user("office"))
    assert refused.value.message == _("This cannot go from “%(source)s” to “%(target)s”.") % {
        "source": SheetStatus.SUPERSEDED.label,
        "target": SheetStatus.PUBLISHED.label,
    }
    sheet.refresh_from_db()
    assert sheet.status == SheetStatus.SUPERSEDED and AuditEntry.objects.count() == before

    period.refresh_from_db()
    with pytest.raises(TransitionRefused):
        transition(PERIOD_FLOW, period, to=PeriodStatus.OPEN, actor=org.user("office"))
    period.refresh_from_db()
    assert period.status == PeriodStatus.PREVIEW


def test_the_table_lists_the_moves_available_now(org):
    period = small_campaign(org).periods.get(key="2026-01")
    assert allowed(PERIOD_FLOW, period) == [PeriodStatus.PREVIEW]
    sheet = period_score(period=period, actor=org.user("office"))
    assert allowed(SHEET_FLOW, sheet) == [SheetStatus.PUBLISHED, SheetStatus.SUPERSEDED]
    period_publish(period=period, actor=org.user("office"), force=True)
    sheet.refresh_from_db()
    period.refresh_from_db()
    assert allowed(SHEET_FLOW, sheet) == [SheetStatus.SUPERSEDED]
    assert allowed(PERIOD_FLOW, period) == []
