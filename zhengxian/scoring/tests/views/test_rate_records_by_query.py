"""A leaf fed by a rate (matters closed on time) names its records, the matters due, by
their query: the score card lists them, and a correction after publication lists a matter
closed since then as edited for its unit, although the set of matters due is the same (the
numerator moved)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from zhengxian.campaigns.services import campaign_load_file
from zhengxian.core.actors import SYSTEM
from zhengxian.engine.sources import registry
from zhengxian.matters.tests.factories import act, file_matter
from zhengxian.matters.workflow import Action
from zhengxian.scoring.services.compute import period_score
from zhengxian.scoring.services.publication import period_publish
from zhengxian.scoring.tests.factories import VISITS_CAMPAIGN
from zhengxian.scoring.tests.views.inputs_data import NOW

pytestmark = pytest.mark.django_db

# One leaf fed by the rate of matters closed on time.
ON_TIME_CAMPAIGN = (
    VISITS_CAMPAIGN.replace("code: visits-2026", "code: on-time-2026")
    .replace("code: visits\n", "code: on-time\n")
    .replace("source: visits_count", "source: matters_closed_on_time")
    .replace("{target: 3}", "{target: 1}")
)


def _on(day: dt.date):
    return time_machine.travel(dt.datetime(day.year, day.month, day.day, 10, tzinfo=NOW.tzinfo))


def _due_in_january(org, *, deadline: dt.date, resolved: dt.date, closed: bool):
    with _on(dt.date(2026, 1, 5)):
        matter = file_matter(org)
        matter = act(org, matter, Action.ASSIGN, "leader_a", deadline=deadline)
        matter = act(org, matter, Action.ACCEPT, "leader_a")
    with _on(resolved):
        matter = act(org, matter, Action.RESOLVE, "leader_a")
        if closed:
            matter = act(org, matter, Action.RATE, "cadre_a")
            matter = act(org, matter, Action.CLOSE, "cadre_a")
    return matter


@pytest.fixture
def january(org):
    """January scored: 湘湖 has two matters due, one closed on time, one resolved on time
    but not yet closed (1 ÷ 2)."""
    campaign = campaign_load_file(actor=SYSTEM, text=ON_TIME_CAMPAIGN, owner_unit=org.subdistrict)
    period = campaign.periods.get(key="2026-01")
    closed = _due_in_january(
        org, deadline=dt.date(2026, 1, 20), resolved=dt.date(2026, 1, 10), closed=True
    )
    waiting = _due_in_january(
        org, deadline=dt.date(2026, 1, 25), resolved=dt.date(2026, 1, 12), closed=False
    )
    with time_machine.travel(NOW, tick=False):
        period_score(period=period, actor=org.user("office"))
    return period, closed, waiting


def test_the_evidence_page_lists_the_matters_due(client, org, january):
    period, closed, waiting = january
    client.force_login(org.user("office"))

    with time_machine.travel(NOW, tick=False):
        url = reverse("scoring:leaf_evidence", args=[period.pk, org.community_a.pk, "on-time"])
        html = client.get(url).content.decode()

    assert html.count('data-testid="evidence-item"') == 2
    for matter in (closed, waiting):
        assert f'data-ref="matters.matter:{matter.pk}"' in html
    assert 'data-testid="evidence-changed"' not in html


def test_a_correction_lists_a_due_matter_closed_since_publication_as_edited(org, january):
    period, _closed, waiting = january
    with time_machine.travel(NOW, tick=False):
        first = period_publish(period=period, actor=org.user("office"), force=True)
    a = org.community_a.pk
    on_time = registry.get("matters_closed_on_time")
    scored = on_time.compute(period=period, unit_ids=[a], params={})[a]
    assert (scored.numerator, scored.denominator, scored.records.count) == (1, 2, 2)
    with time_machine.travel(NOW + dt.timedelta(hours=2), tick=False):
        act(org, waiting, Action.RATE, "cadre_a")
        act(org, waiting, Action.CLOSE, "cadre_a")
        correction = period_score(period=period, actor=org.user("office"), reason="更正")

    listed = {(r["ref"], r["change"], tuple(r["units"])) for r in correction.changed_records}
    assert listed == {(f"matters.matter:{waiting.pk}", "edited", (a,))}
    assert correction.pk != first.pk
