"""A leaf fed by the visit count names its visits by their query instead of listing them:
the score card still lists every visit behind the points, says when they have changed since
scoring, and a correction after publication lists the visits added, edited and deleted."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
import time_machine
from django.urls import reverse

from zhengxian.matters.models import Visit
from zhengxian.scoring.models import ScoreSheet
from zhengxian.scoring.services import frozen
from zhengxian.scoring.services.compute import period_score
from zhengxian.scoring.services.publication import period_publish
from zhengxian.scoring.tests.factories import record_visit, visits_campaign
from zhengxian.scoring.tests.views.inputs_data import NOW

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def early_february() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def january(org):
    """January scored: 湘湖 with two visits of its own and one of its grid, 湖头陈 with one."""
    period = visits_campaign(org).periods.get(key="2026-01")
    visits = [
        record_visit(org, by="cadre_a", unit=org.community_a, day=dt.date(2026, 1, 5)),
        record_visit(org, by="cadre_a", unit=org.community_a, day=dt.date(2026, 1, 12)),
        record_visit(org, by="grid_a", unit=org.grid_a, day=dt.date(2026, 1, 19)),
        record_visit(org, by="cadre_b", unit=org.community_b, day=dt.date(2026, 1, 8)),
    ]
    record_visit(org, by="cadre_a", unit=org.community_a, day=dt.date(2026, 2, 2))  # February
    period_score(period=period, actor=org.user("office"))
    return period, visits


def _refs(visits: list[Visit]) -> list[str]:
    return [f"matters.visit:{visit.pk}" for visit in sorted(visits, key=lambda v: v.pk)]


def _evidence_page(client, org, period):
    client.force_login(org.user("office"))
    url = reverse("scoring:leaf_evidence", args=[period.pk, org.community_a.pk, "visits"])
    return client.get(url)


def test_the_evidence_page_lists_the_visits_counted_for_the_unit_and_its_grids(
    client, org, january
):
    period, visits = january

    page = _evidence_page(client, org, period)

    assert page.status_code == 200
    html = page.content.decode()
    assert [ref for ref in _refs(visits[:3]) if f'data-ref="{ref}"' in html] == _refs(visits[:3])
    assert f'data-ref="matters.visit:{visits[3].pk}"' not in html  # 湖头陈's
    assert html.count('data-testid="evidence-item"') == 3
    assert 'data-testid="evidence-changed"' not in html
    card = client.get(reverse("scoring:scorecard", args=[period.pk, org.community_a.pk]))
    assert "3 records" in card.content.decode() or "3 条" in card.content.decode()


def test_a_visit_recorded_after_scoring_shows_the_records_have_changed(client, org, january):
    period, _visits = january
    late = record_visit(org, by="cadre_a", unit=org.community_a, day=dt.date(2026, 1, 28))

    html = _evidence_page(client, org, period).content.decode()

    assert 'data-testid="evidence-changed"' in html
    assert f'data-ref="matters.visit:{late.pk}"' in html
    assert html.count('data-testid="evidence-item"') == 4


def _publish_january(org, period) -> ScoreSheet:
    return period_publish(period=period, actor=org.user("office"), force=True)


def _totals(sheet: ScoreSheet) -> dict[int, str]:
    return {row.unit_id: f"{row.total:f}" for row in sheet.unit_scores.all()}


@pytest.mark.parametrize("by_id", [True, False], ids=["looked-up-by-id", "scanned"])
def test_a_correction_lists_visits_added_edited_and_deleted_since_publication(
    org, january, monkeypatch, by_id
):
    # Many records edited since publication are found by scanning the leaf's records
    # instead of an id list; the same changes either way.
    monkeypatch.setattr(frozen, "FEW_TOUCHED", 10_000 if by_id else 0)
    period, visits = january
    first = _publish_january(org, period)
    added = record_visit(org, by="grid_a", unit=org.grid_a, day=dt.date(2026, 1, 30))
    edited = Visit.objects.get(pk=visits[0].pk)
    edited.summary = "补充走访记录"
    edited.save()
    Visit.objects.get(pk=visits[3].pk).delete()
    # 湘湖's February visit, never counted for January, deleted while 湘湖's January changed.
    Visit.objects.get(unit=org.community_a, month=202602).delete()
    untouched_other_month = record_visit(
        org, by="cadre_b", unit=org.community_b, day=dt.date(2026, 2, 3)
    )

    correction = period_score(period=period, actor=org.user("office"), reason="更正")

    assert _totals(correction) == _totals(first)
    assert not correction.includes_changed_records
    a, b = org.community_a.pk, org.community_b.pk
    listed = {(r["ref"], r["change"], tuple(r["units"])) for r in correction.changed_records}
    assert listed == {
        (f"matters.visit:{added.pk}", "added", (a,)),
        (f"matters.visit:{visits[0].pk}", "edited", (a,)),
        (f"matters.visit:{visits[3].pk}", "removed", (b,)),
    }
    assert all(r["leaves"] == ["visits"] for r in correction.changed_records)
    assert f"matters.visit:{untouched_other_month.pk}" not in str(correction.changed_records)


def test_a_correction_that_includes_the_changes_counts_the_visits_now(org, january):
    period, _visits = january
    first = _publish_january(org, period)
    record_visit(org, by="cadre_b", unit=org.community_b, day=dt.date(2026, 1, 30))

    correction = period_score(
        period=period, actor=org.user("office"), reason="补录", include_changed_records=True
    )

    before, after = _totals(first), _totals(correction)
    assert after[org.community_b.pk] > before[org.community_b.pk]
    assert after[org.community_a.pk] == before[org.community_a.pk]
