"""A small campaign over the test org, for service and page tests."""

from __future__ import annotations

import datetime as dt

from zhengxian.campaigns.models import Campaign
from zhengxian.campaigns.services import campaign_load_file
from zhengxian.core.actors import SYSTEM
from zhengxian.matters.models import Visit
from zhengxian.matters.services import VisitTarget, visit_create
from zhengxian.orgs.models import Unit
from zhengxian.orgs.testing import OrgFixture

SMALL_CAMPAIGN = """
format_version: 1
code: test-2026
name: 2026年测试比学活动
year: 2026
start: 2026-01-01
end: 2026-12-31
period: month
preview_days: 5
bonus_cap: 5
penalty_cap: 10
groups:
  - code: community
    name: 社区组
    unit_kinds: [community]
  - code: office
    name: 科室组
    unit_kinds: [office]
checklists: [red-property]
panels: [arena]
rater_panels: [residents]
indicators:
  - code: work
    name: 实干
    weight: 60
    children:
      - code: red-property
        name: 红色物业创建
        weight: 20
        source: checklist
        source_params: {checklist: red-property}
        method: {name: target, params: {target: 1}}
      - code: arena
        name: 擂台比武
        weight: 20
        source: panel
        source_params: {panel: arena}
        method: relative
      - code: residents
        name: 居民考官团评分
        weight: 20
        source: rating
        source_params: {panel: residents}
        method: {name: target, params: {target: 5}}
  - code: style
    name: 作风
    weight: 40
    children:
      - code: assessment
        name: 考评员评价
        weight: 40
        source: manual
        method: {name: manual, when_empty: zero}
"""


def small_campaign(org: OrgFixture) -> Campaign:
    return campaign_load_file(actor=SYSTEM, text=SMALL_CAMPAIGN, owner_unit=org.subdistrict)


# A campaign of one leaf fed by the visit count, whose records are named by their query
# (a RecordSet) rather than listed.
VISITS_CAMPAIGN = """
format_version: 1
code: visits-2026
name: 2026年走访比学活动
year: 2026
start: 2026-01-01
end: 2026-12-31
period: month
preview_days: 5
bonus_cap: 5
penalty_cap: 10
groups:
  - code: community
    name: 社区组
    unit_kinds: [community]
indicators:
  - code: work
    name: 实干
    weight: 100
    children:
      - code: visits
        name: 走访群众
        weight: 100
        source: visits_count
        method: {name: target, params: {target: 3}}
"""


def visits_campaign(org: OrgFixture) -> Campaign:
    return campaign_load_file(actor=SYSTEM, text=VISITS_CAMPAIGN, owner_unit=org.subdistrict)


def record_visit(org: OrgFixture, *, by: str, unit: Unit, day: dt.date) -> Visit:
    """A visit by the person ``by`` of ``unit`` to its own community on ``day``."""
    return visit_create(
        actor=org.user(by),
        unit=unit,
        visited_on=day,
        target=VisitTarget(kind="community", unit=unit),
        summary="入户走访，了解诉求",
        visitors=[org.people[by]],
    ).visit
