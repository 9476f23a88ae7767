"""A leaf fed by the mediation success rate names its records, the cases concluded, by their
query; a case's unit is its matter's responsible unit, one relation away. The score card
lists the cases, and a correction lists a case concluded since the publication (dated in
the period) for the unit that handles it."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from zhengxian.campaigns.services import campaign_load_file
from zhengxian.core.actors import SYSTEM
from zhengxian.matters import services
from zhengxian.matters.models import MediationOutcome
from zhengxian.scoring.services.compute import period_score
from zhengxian.scoring.services.publication import period_publish
from zhengxian.scoring.tests.factories import VISITS_CAMPAIGN
from zhengxian.scoring.tests.views.inputs_data import NOW

pytestmark = pytest.mark.django_db

MEDIATION_CAMPAIGN = (
    VISITS_CAMPAIGN.replace("code: visits-2026", "code: mediation-2026")
    .replace("code: visits\n", "code: mediation\n")
    .replace("source: visits_count", "source: mediation_success")
    .replace("{target: 3}", "{target: 1}")
)


def _at(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, 10, tzinfo=NOW.tzinfo)


def _case(org, title: str):
    with time_machine.travel(_at(dt.date(2026, 1, 5))):
        return services.mediation_case_create(
            actor=org.user("leader_a"),
            reporting_unit=org.community_a,
            title=title,
            category="neighbour",
            applicants=[("王某", "")],
            respondents=[("李某", "")],
            handling_unit=org.community_a,
            deadline=dt.date(2026, 2, 28),
        )


@pytest.fixture
def january(org):
    """January scored: 湘湖 concluded one case with an agreement (1 ÷ 1); a second case,
    filed the same day, is still open."""
    campaign = campaign_load_file(actor=SYSTEM, text=MEDIATION_CAMPAIGN, owner_unit=org.subdistrict)
    period = campaign.periods.get(key="2026-01")
    agreed = _case(org, "楼上漏水纠纷")
    with time_machine.travel(_at(dt.date(2026, 1, 10))):
        services.mediation_conclude(
            case=agreed,
            actor=org.user("leader_a"),
            outcome=MediationOutcome.AGREEMENT,
            agreement_text="双方同意分摊维修费用",
        )
    still_open = _case(org, "停车位纠纷")
    with time_machine.travel(NOW, tick=False):
        period_score(period=period, actor=org.user("office"))
    return period, agreed, still_open


def test_the_evidence_page_lists_the_cases_concluded_by_the_units_matters(client, org, january):
    period, agreed, still_open = january
    client.force_login(org.user("office"))

    with time_machine.travel(NOW, tick=False):
        url = reverse("scoring:leaf_evidence", args=[period.pk, org.community_a.pk, "mediation"])
        html = client.get(url).content.decode()

    assert html.count('data-testid="evidence-item"') == 1
    assert f'data-ref="matters.mediationcase:{agreed.pk}"' in html
    assert f'data-ref="matters.mediationcase:{still_open.pk}"' not in html


def test_a_correction_lists_a_case_concluded_in_the_period_since_publication(org, january):
    period, _agreed, still_open = january
    with time_machine.travel(NOW, tick=False):
        first = period_publish(period=period, actor=org.user("office"), force=True)
    with time_machine.travel(NOW + dt.timedelta(hours=2), tick=False):
        # Recorded after the publication, concluded (as the record says) in January.
        services.mediation_conclude(
            case=still_open,
            actor=org.user("leader_a"),
            outcome=MediationOutcome.REFERRED,
            referred_to="区人民法院",
            at=_at(dt.date(2026, 1, 28)),
        )
        correction = period_score(period=period, actor=org.user("office"), reason="更正")

    listed = {(r["ref"], r["change"], tuple(r["units"])) for r in correction.changed_records}
    assert listed == {(f"matters.mediationcase:{still_open.pk}", "edited", (org.community_a.pk,))}
    assert correction.pk != first.pk
