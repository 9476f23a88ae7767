"""A small, hand-worked data set for the circular tests (a plain builder, not a fixture).

Five communities compete in 社区组 of the small campaign; with no records, every leaf but the
manual assessment gives its full 20 points, so a community's total is 60 + its assessment.

| community    | January       | February                         | movement |
|--------------|---------------|----------------------------------|----------|
| 江寺社区 JS  |  60 (5)       | 100 (1)                          | up 4     |
| 湘湖社区 XH  | 100 (1)       |  98 (2): 90 appealed, 30 → 38    | down 1   |
| 城北社区 CB  |  70 (4)       |  95 (3)                          | up 1     |
| 湖头陈社区 HT |  90 (2)       |  80 (4)                          | down 2   |
| 城南社区 CN  |  80 (3)       |  65 (5)                          | down 2   |

党政办 competes alone in 科室组 with 60 both months. Red and black lists of 2: red JS, XH;
black CN, HT. Tiers 好 ≥ 96, 较好 ≥ 90, 一般 ≥ 70, 较差: JS 好, XH 好, CB 较好, HT 一般,
CN 较差 (XH was 较好 before its appeal). Two matters of 湘湖社区 fell due on 10 February and
are still open: overdue at the end of February, not of January.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal as D

import time_machine

from zhengxian.campaigns.models import Campaign, Period
from zhengxian.core.actors import SYSTEM, system_actor
from zhengxian.matters.tests.factories import act, file_matter
from zhengxian.matters.workflow import Action
from zhengxian.orgs.models import Unit
from zhengxian.orgs.services import unit_create
from zhengxian.orgs.testing import OrgFixture
from zhengxian.scoring.services.appeals import appeal_decide, appeal_file
from zhengxian.scoring.services.assessments import manual_assess
from zhengxian.scoring.services.compute import period_score
from zhengxian.scoring.services.publication import period_publish
from zhengxian.scoring.tests.factories import small_campaign

OFFICE = system_actor("office")
TIERS = [
    {"name": "好", "min": "96"},
    {"name": "较好", "min": "90"},
    {"name": "一般", "min": "70"},
    {"name": "较差"},
]
JANUARY = {"XH": "40", "HT": "30", "CN": "20", "CB": "10"}
FEBRUARY = {"JS": "40", "CB": "35", "XH": "30", "HT": "20", "CN": "5"}


@dataclass
class CircularData:
    campaign: Campaign
    jan: Period
    feb: Period
    mar: Period  # not scored
    units: dict[str, Unit]


def build_circular_data(org: OrgFixture, *, mode: str = "full") -> CircularData:
    units = {"XH": org.community_a, "HT": org.community_b}
    for key, name in (("CN", "城南社区"), ("CB", "城北社区"), ("JS", "江寺社区")):
        units[key] = unit_create(
            actor=SYSTEM, code=f"CX-{key}", name=name, kind="community", parent=org.subdistrict
        )
    campaign = small_campaign(org)
    Campaign.objects.filter(pk=campaign.pk).update(publication_mode=mode, tiers=TIERS, list_size=2)
    campaign.refresh_from_db()
    jan, feb, mar = (campaign.periods.get(key=k) for k in ("2026-01", "2026-02", "2026-03"))
    assessment = campaign.nodes.get(code="assessment")
    evaluator = org.user("evaluator")

    def assess(period: Period, points: dict[str, str]) -> None:
        for key, value in points.items():
            manual_assess(
                period=period,
                leaf=assessment,
                unit=units[key],
                points=D(value),
                comment="考评",
                actor=evaluator,
            )

    assess(jan, JANUARY)
    period_score(period=jan, actor=OFFICE)
    period_publish(period=jan, actor=OFFICE, force=True)
    assess(feb, FEBRUARY)
    preview = period_score(period=feb, actor=OFFICE)
    appeal = appeal_file(
        sheet=preview,
        unit=units["XH"],
        leaf=assessment,
        text="漏计了两次结对走访",
        actor=org.user("leader_a"),
    )
    appeal_decide(
        appeal=appeal,
        accept=True,
        reason="补充材料属实",
        actor=evaluator,
        corrected_points=D("38"),
    )
    period_publish(period=feb, actor=OFFICE, force=True)
    with time_machine.travel(dt.datetime(2026, 2, 2, 10, tzinfo=dt.UTC), tick=False):
        for title in ("湘湖家园3幢门口路灯坏了", "湘湖路口井盖松动"):
            matter = file_matter(org, title=title)
            act(org, matter, Action.ASSIGN, "leader_a", deadline=dt.date(2026, 2, 10))
    feb.refresh_from_db()
    return CircularData(campaign, jan, feb, mar, units)
