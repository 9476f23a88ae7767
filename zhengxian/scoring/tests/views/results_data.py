"""Two published months and a third in preview of the small campaign, for the result pages
(a plain builder, not a conftest fixture: this folder is shared with other page tests).

January: 湘湖 90.00 (rank 1), 湖头陈 20.00 (2). February: 湖头陈 93.00 (1, ▲1), 湘湖 51.00
(2, ▼1, a capped bonus). March: scored, in preview. 党政办 scores 60.00 alone in its group.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal as D

from zhengxian.campaigns.models import Campaign, Period
from zhengxian.core.actors import system_actor
from zhengxian.orgs.testing import OrgFixture
from zhengxian.scoring.models import ChecklistItem, PanelScore, Rater, RaterPanel, Rating
from zhengxian.scoring.services.assessments import (
    adjustment_decide,
    adjustment_request,
    manual_assess,
)
from zhengxian.scoring.services.compute import period_score
from zhengxian.scoring.services.publication import period_publish
from zhengxian.scoring.tests.factories import small_campaign

OFFICE = system_actor("office")


@dataclass
class Results:
    campaign: Campaign
    jan: Period
    feb: Period
    mar: Period
    item_a: ChecklistItem
    item_b: ChecklistItem


def _bonus(org: OrgFixture, period: Period, unit, kind: str, points: str) -> None:
    item = adjustment_request(
        period=period,
        unit=unit,
        kind=kind,
        points=D(points),
        reason="表彰",
        actor=org.user("evaluator"),
    )
    adjustment_decide(adjustment=item, approve=True, actor=org.user("office"))


def _judge(org: OrgFixture, period: Period, scores: dict[str, tuple[str, ...]]) -> None:
    units = {"a": org.community_a, "b": org.community_b}
    judges = [org.people["office"], org.people["evaluator"]]
    for key, values in scores.items():
        for judge, value in zip(judges, values, strict=True):
            PanelScore.objects.create(
                period=period, panel="arena", judge=judge, unit=units[key], score=D(value)
            )


def build_results(org: OrgFixture) -> Results:
    campaign = small_campaign(org)
    jan, feb, mar = (campaign.periods.get(key=k) for k in ("2026-01", "2026-02", "2026-03"))
    assessment = campaign.nodes.get(code="assessment")
    evaluator = org.user("evaluator")
    item_a = ChecklistItem.objects.create(
        campaign=campaign,
        checklist="red-property",
        unit=org.community_a,
        name="湘湖红色物业",
        done_on=dt.date(2026, 1, 10),
        done_month=202601,
        evidence_note="物业党支部成立",
    )
    item_b = ChecklistItem.objects.create(
        campaign=campaign,
        checklist="red-property",
        unit=org.community_b,
        name="湖头陈红色物业",
        done_on=dt.date(2026, 2, 10),
        done_month=202602,
    )
    # January: a 20 + 20 + 20 + 30 = 90; b 0 + 0 + 20 + 0 = 20.
    _judge(org, jan, {"a": ("90", "88"), "b": ("80", "78")})
    manual_assess(
        period=jan,
        leaf=assessment,
        unit=org.community_a,
        points=D("30"),
        comment="好",
        actor=evaluator,
    )
    period_score(period=jan, actor=OFFICE)
    period_publish(period=jan, actor=OFFICE, force=True)
    # February: a 20 + 0 + 16 + 10 + bonus 5 (7 claimed) = 51; b 20 + 20 + 20 + 35 − 2 = 93.
    _judge(org, feb, {"a": ("70", "70"), "b": ("95", "95")})
    panel = RaterPanel.objects.create(campaign=campaign, code="residents", name="居民考官团")
    rater = Rater.objects.create(panel=panel, name="王阿姨", token="t" * 43)
    Rating.objects.create(
        period=feb, panel=panel, rater=rater, unit=org.community_a, score=4, comment="服务热情"
    )
    manual_assess(
        period=feb,
        leaf=assessment,
        unit=org.community_a,
        points=D("10"),
        comment="一般",
        actor=evaluator,
    )
    manual_assess(
        period=feb,
        leaf=assessment,
        unit=org.community_b,
        points=D("35"),
        comment="很好",
        actor=evaluator,
    )
    _bonus(org, feb, org.community_a, "bonus", "4")
    _bonus(org, feb, org.community_a, "bonus", "3")
    _bonus(org, feb, org.community_b, "penalty", "2")
    period_score(period=feb, actor=OFFICE)
    period_publish(period=feb, actor=OFFICE, force=True)
    period_score(period=mar, actor=OFFICE)
    return Results(campaign, jan, feb, mar, item_a, item_b)


def export_json(client, period_id: int, *, preview: bool = False):
    """The JSON export as a user gets it: the button queues a job (run at once by the tests'
    backend) and its page hands out the file. The refusal's response when there is none."""
    from django.urls import reverse

    from zhengxian.jobs.models import Job

    data = {"preview": "1"} if preview else {}
    response = client.post(reverse("scoring:period_export", args=[period_id]), data)
    if response.status_code != 302:
        return response
    job = Job.objects.filter(kind="scoring.results_export").latest("pk")
    download = client.get(reverse("jobs:job_file", args=[job.pk]))
    return b"".join(download.streaming_content)


def grow_and_rescore(org: OrgFixture, results: Results, *, communities: int = 30) -> None:
    """Adds ``communities`` competing communities and scores March again: the second size
    of the result pages' constant-query tests."""
    from zhengxian.campaigns.services import campaign_sync_members
    from zhengxian.core.actors import SYSTEM
    from zhengxian.orgs.services import unit_create

    for i in range(communities):
        unit_create(
            actor=SYSTEM,
            code=f"EXTRA-{i}",
            name=f"新社区{i}",
            kind="community",
            parent=org.subdistrict,
        )
    campaign_sync_members(actor=SYSTEM, campaign=results.campaign)
    period_score(period=results.mar, actor=OFFICE)
