"""Demo builder: a year of visits, matters, supervision days and mediation cases.

From 1 January of ``today``'s year up to ``today``, for the organisation of
``zhengxian.orgs.demo``:

- registers: about forty invented enterprises (some key, 重点企业) and the seed's sites
  (湖头陈工业园区南片征迁区块, the 安置房 sites of 湖头陈, 东湘, 南门 and 通惠路, 育才夜市,
  杜湖内河, 西湘里);
- visits (服务基层大走访) by every community's cadres and grid workers to households,
  enterprises, sites and communities, and by 经济发展办 and 城市建设办 to enterprises and
  sites; about a third raise a problem, filed as a matter;
- every matter is taken through the loop on realistic days: the community's leader assigns
  it (to the community or a grid) or escalates it to the sub-district, whose campaign office
  assigns it to an office; the unit accepts and resolves it, mostly in time, sometimes late;
  the reporting cadre rates it and closes it, or reopens it when the requester says it is
  only partly solved; now and then a unit returns a wrongly assigned matter. Only what
  falls on or before ``today`` happens, so recent matters are still reported, assigned or
  in progress and some are overdue;
- petitions (信访) and the 五破五提 rectification items of the spring;
- a supervision day (上提下沉固定监督日) in the middle of each month at three communities,
  with findings rectified by the inspected communities;
- mediation cases (厢心力·城和) in every community, with sessions and an outcome.

Every text is invented (households are "3幢2单元王阿姨" and the like). Everything is written
through the services, backdated with their ``at`` argument, so it is checked and audited.
The records feed the preset campaign's service and governance leaves, so this builder runs
before ``zhengxian.scoring.demo`` scores the months. Idempotent: when demo visits exist,
nothing is done (the builders run in one transaction, so there is never half a demo).
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Count, Q

from zhengxian.core.actors import system_actor
from zhengxian.orgs.demo import SUBDISTRICT_CODE, communities, grids, subdistrict
from zhengxian.orgs.models import Person, RoleAssignment, Unit
from zhengxian.orgs.roles import Role

from . import services
from .models import (
    Enterprise,
    Matter,
    MatterCategory,
    MatterState,
    MediationOutcome,
    Resolution,
    Site,
    SiteKind,
    TargetKind,
    Visit,
)
from .services import ProblemInput, VisitTarget
from .workflow import Action

FIVE_BREAKS = "five-breaks-five-raises"

# A residential estate per community (invented, after the community's name).
ESTATES = {
    "XH": "湘湖家园",
    "HTC": "湖头陈花园",
    "CH": "城河公寓",
    "DX": "东湘苑",
    "NM": "南门小区",
    "YC": "育才西苑",
    "XXL": "西湘里小区",
    "DH": "杜湖新村",
    "TH": "通惠苑",
    "XB": "休博园",
    "HM": "惠民小区",
    "YH": "银河小区",
}
# The seed's places, as sites of the register: (community suffix, name, kind).
SITES = [
    ("HTC", "湖头陈工业园区南片征迁区块", SiteKind.RELOCATION),
    ("HTC", "湖头陈安置房三、四期工地", SiteKind.CONSTRUCTION),
    ("DX", "东湘安置房二、三期工地", SiteKind.CONSTRUCTION),
    ("NM", "南门区块安置房工地", SiteKind.CONSTRUCTION),
    ("TH", "通惠路安置区工地", SiteKind.CONSTRUCTION),
    ("YC", "育才夜市", SiteKind.MARKET),
    ("DH", "杜湖内河", SiteKind.WATERWAY),
    ("XXL", "西湘里街区", SiteKind.PUBLIC),
]
_TRADES = [
    "精密机械",
    "电子科技",
    "纺织",
    "建材",
    "网络科技",
    "文化传媒",
    "物流",
    "食品",
    "汽车配件",
    "新材料",
]
_SURNAMES = "王陈张李沈徐周吴杨俞汪孙朱钱倪韩来楼施"

# (category, text) per target kind; {place} is the estate, building or site, {name} the enterprise.
PROBLEMS: dict[str, list[tuple[str, str]]] = {
    TargetKind.HOUSEHOLD: [
        (MatterCategory.FACILITIES, "{place}楼道声控灯坏了，晚上上下楼看不见"),
        (MatterCategory.FACILITIES, "{place}门口路灯不亮，老人晚上出行不安全"),
        (MatterCategory.FACILITIES, "{place}电梯经常故障停运，老人上下楼困难"),
        (MatterCategory.ENVIRONMENT, "{place}垃圾桶满溢，清运不及时，气味很大"),
        (MatterCategory.ENVIRONMENT, "{place}楼下绿化带被占用种菜"),
        (MatterCategory.SAFETY, "{place}楼道堆放杂物，存在消防隐患"),
        (MatterCategory.SAFETY, "{place}有住户把电动车推进楼道充电"),
        (MatterCategory.TRAFFIC, "{place}门口电动车乱停放，堵塞消防通道"),
        (MatterCategory.PROPERTY, "{place}物业保洁不到位，楼道长期无人打扫"),
        (MatterCategory.LIVELIHOOD, "独居老人希望申请居家养老上门服务"),
        (MatterCategory.LIVELIHOOD, "希望在小区附近增设老年食堂助餐点"),
    ],
    TargetKind.ENTERPRISE: [
        (MatterCategory.ENTERPRISE, "{name}反映用工难，希望帮助对接招聘渠道"),
        (MatterCategory.ENTERPRISE, "{name}希望了解稳岗补贴和研发费用加计扣除政策"),
        (MatterCategory.TRAFFIC, "{name}厂区门口道路破损，货车进出困难"),
        (MatterCategory.ENTERPRISE, "{name}员工子女入学需要协调"),
        (MatterCategory.FACILITIES, "{name}周边雨水管网堵塞，下雨厂区积水"),
    ],
    TargetKind.SITE: [
        (MatterCategory.ENVIRONMENT, "{place}夜间施工噪音扰民"),
        (MatterCategory.ENVIRONMENT, "{place}渣土车带泥上路，扬尘大"),
        (MatterCategory.SAFETY, "{place}围挡破损，存在安全隐患"),
        (MatterCategory.LIVELIHOOD, "{place}征迁户反映过渡安置费未按时发放"),
    ],
    TargetKind.COMMUNITY: [
        (MatterCategory.FACILITIES, "社区党群服务中心活动室空调损坏"),
        (MatterCategory.TRAFFIC, "社区周边停车位紧张，夜间乱停车"),
    ],
}
SUMMARIES: dict[str, list[str]] = {
    TargetKind.HOUSEHOLD: [
        "了解家庭生活情况，宣传防诈骗知识",
        "看望独居老人，了解健康和用餐情况",
        "走访了解居民对小区环境的意见",
    ],
    TargetKind.ENTERPRISE: [
        "了解企业生产经营和用工情况",
        "宣传惠企政策，听取企业诉求",
        "开年走访，了解企业全年发展计划",
    ],
    TargetKind.SITE: ["检查工地文明施工和安全措施", "了解项目进度和征迁户诉求"],
    TargetKind.COMMUNITY: ["听取社区工作汇报，协调解决难题", "调研社区治理和为民服务工作"],
}
PETITIONS = [
    "{place}住户反映小区停车位分配不公",
    "{place}居民反映楼上长期漏水，多次协商未果",
    "{place}居民反映加装电梯意见不统一",
]
FIVE_BREAKS_ITEMS = [
    "换届选举档案资料不完整",
    "居务监督委员会作用发挥不充分",
    "社区“两委”成员履职承诺未公开",
    "党员发展程序台账不规范",
]
FINDINGS = [
    "党务居务公开栏未及时更新",
    "便民服务窗口工作人员脱岗",
    "“三资”管理台账记录不完整",
    "办事流程未在服务大厅公示",
    "值班记录填写不规范",
]
DISPUTES = [
    ("neighbour", "楼上卫生间漏水致楼下天花板受损"),
    ("neighbour", "邻居在楼道堆放杂物引发争执"),
    ("family", "赡养老人费用分担纠纷"),
    ("property", "业主与物业公司物业费纠纷"),
    ("tenancy", "房屋租赁押金退还纠纷"),
    ("labour", "装修工人工资拖欠纠纷"),
    ("relocation", "征迁户对过渡安置房分配有异议"),
    ("consumer", "健身房预付卡退费纠纷"),
]


class Demo:
    def __init__(self, today: dt.date, rng: random.Random) -> None:
        self.today = today
        self.rng = rng
        self.tz = ZoneInfo(settings.TIME_ZONE)
        self.counts: dict[str, int] = defaultdict(int)
        self.last: dict[int, dt.datetime] = {}  # the time of each matter's latest step
        self.sub = subdistrict()
        self.communities = communities()
        self.units = {u.code: u for u in Unit.objects.filter(code__startswith=SUBDISTRICT_CODE)}
        rows = RoleAssignment.objects.filter(
            unit__code__startswith=SUBDISTRICT_CODE,
            person__is_active=True,
            person__user__isnull=False,
        ).select_related("person__user", "person__unit", "unit")
        self.holders: dict[tuple[int, str], list[Person]] = defaultdict(list)
        for row in rows.order_by("person_id"):
            self.holders[(row.unit_id, row.role)].append(row.person)
        self.office_user = Person.objects.get(user__username="office").user
        self.system = system_actor("load_demo")
        self.supervisor = Person.objects.select_related("user").get(user__username="supervisor")

    # -- helpers ----------------------------------------------------------------------------

    def at(self, day: dt.date, hour: int | None = None) -> dt.datetime:
        hour = hour if hour is not None else self.rng.randint(9, 17)
        return dt.datetime(
            day.year, day.month, day.day, hour, self.rng.randint(0, 59), tzinfo=self.tz
        )

    def unit(self, suffix: str) -> Unit:
        return self.units[f"{SUBDISTRICT_CODE}-{suffix}"]

    def leader(self, unit: Unit) -> Any:
        return self.holders[(unit.pk, Role.UNIT_LEADER)][0].user

    def cadres(self, unit: Unit) -> list[Person]:
        return self.holders[(unit.pk, Role.CADRE)]

    def days(self) -> list[dt.date]:
        start = dt.date(self.today.year, 1, 1)
        return [start + dt.timedelta(days=n) for n in range((self.today - start).days + 1)]

    def suffix(self, unit: Unit) -> str:
        return unit.code.removeprefix(f"{SUBDISTRICT_CODE}-")

    def household(self, community: Unit) -> str:
        estate = ESTATES.get(self.suffix(community), "小区")
        rng = self.rng
        building, entrance = rng.randint(1, 18), rng.randint(1, 4)
        who = rng.choice(_SURNAMES) + rng.choice(["阿姨", "大伯", "先生", "女士"])
        return f"{estate}{building}幢{entrance}单元{who}"

    # -- registers --------------------------------------------------------------------------

    def registers(self) -> None:
        self.enterprises: dict[int, list[Enterprise]] = defaultdict(list)
        for community in self.communities:
            place = community.name.removesuffix("社区")
            for trade in self.rng.sample(_TRADES, 3 if self.rng.random() < 0.6 else 4):
                company, _created = services.enterprise_get_or_create(
                    actor=self.system,
                    name=f"杭州{place}{trade}有限公司",
                    unit=community,
                    is_key=self.rng.random() < 0.3,
                    is_demo=True,
                )
                self.enterprises[community.pk].append(company)
                self.counts["enterprises"] += 1
        self.sites: dict[int, list[Site]] = defaultdict(list)
        for suffix, name, kind in SITES:
            community = self.unit(suffix)
            site, _created = services.site_get_or_create(
                actor=self.system, name=name, unit=community, kind=kind, is_demo=True
            )
            self.sites[community.pk].append(site)
            self.counts["sites"] += 1

    # -- visits and the matters they raise --------------------------------------------------

    def visits(self) -> None:
        office_visitors = [
            (self.unit("JFB"), TargetKind.ENTERPRISE),
            (self.unit("CJB"), TargetKind.SITE),
        ]
        for day in self.days():
            if day.weekday() >= 5:
                continue
            for community in self.communities:
                if self.rng.random() < 0.2:
                    self.community_visit(community, day)
            for unit, kind in office_visitors:
                if self.rng.random() < 0.15:
                    self.office_visit(unit, kind, day)

    def community_visit(self, community: Unit, day: dt.date) -> None:
        rng = self.rng
        grid_units = grids(community) if rng.random() < 0.4 else []
        unit = rng.choice(grid_units) if grid_units else community
        people = self.cadres(unit) or self.cadres(community)
        if not people:
            return
        visitor = rng.choice(people)
        visitors = [visitor]
        if rng.random() < 0.2:
            visitors.append(self.holders[(community.pk, Role.UNIT_LEADER)][0])
        kind = rng.choices(
            [TargetKind.HOUSEHOLD, TargetKind.ENTERPRISE, TargetKind.SITE], weights=[70, 20, 10]
        )[0]
        if kind == TargetKind.ENTERPRISE and self.enterprises[community.pk]:
            target = VisitTarget(kind=kind, enterprise=rng.choice(self.enterprises[community.pk]))
            place = target.enterprise.name  # type: ignore[union-attr]
        elif kind == TargetKind.SITE and self.sites[community.pk]:
            target = VisitTarget(kind=kind, site=rng.choice(self.sites[community.pk]))
            place = target.site.name  # type: ignore[union-attr]
        else:
            kind = TargetKind.HOUSEHOLD
            household = self.household(community)
            target = VisitTarget(kind=kind, unit=community, household=household)
            place = household.split("单元")[0] + "单元"
        self.log_visit(visitor, unit, visitors, target, kind, place, day)

    def office_visit(self, unit: Unit, kind: str, day: dt.date) -> None:
        rng = self.rng
        people = self.cadres(unit)
        if not people:
            return
        community = rng.choice(self.communities)
        if kind == TargetKind.SITE and any(self.sites.values()):
            community = rng.choice([c for c in self.communities if self.sites[c.pk]])
            site = rng.choice(self.sites[community.pk])
            target, place = VisitTarget(kind=kind, site=site), site.name
        else:
            company = rng.choice(self.enterprises[community.pk])
            target, place = (
                VisitTarget(kind=TargetKind.ENTERPRISE, enterprise=company),
                company.name,
            )
        visitor = rng.choice(people)
        self.log_visit(visitor, unit, [visitor], target, target.kind, place, day)

    def log_visit(
        self,
        visitor: Person,
        unit: Unit,
        visitors: list[Person],
        target: VisitTarget,
        kind: str,
        place: str,
        day: dt.date,
    ) -> None:
        problems = []
        if self.rng.random() < 0.35:
            category, text = self.rng.choice(PROBLEMS[kind])
            problems.append(
                ProblemInput(text=text.format(place=place, name=place), category=category)
            )
        when = self.at(day)
        result = services.visit_create(
            actor=visitor.user,
            unit=unit,
            visited_on=day,
            target=target,
            summary=self.rng.choice(SUMMARIES[kind]),
            visitors=visitors,
            problems=problems,
            at=when,
            is_demo=True,
        )
        self.counts["visits"] += 1
        for matter in result.matters:
            self.counts["matters"] += 1
            self.follow(matter, visitor.user, day)

    # -- the loop ---------------------------------------------------------------------------

    def follow(
        self, matter: Matter, requester: Any, day: dt.date, *, handler_unit: Unit | None = None
    ) -> None:
        """Takes ``matter`` through its loop on realistic days, as far as ``today``."""
        rng = self.rng
        community = (
            matter.reporting_unit
            if matter.reporting_unit.kind == "community"
            else matter.reporting_unit.parent
        )
        dispatcher = (
            self.leader(community)
            if community and community.kind == "community"
            else self.office_user
        )
        day += dt.timedelta(days=rng.choice([0, 1, 1, 2]))
        if not self.step(matter, day):
            return
        if handler_unit is None and rng.random() < 0.12 and dispatcher != self.office_user:
            matter = self.act(matter, Action.ESCALATE, dispatcher, day, note="需街道统筹协调")
            day += dt.timedelta(days=1)
            if not self.step(matter, day):
                return
            dispatcher = self.office_user
            handler_unit = self.unit(rng.choice(["CJB", "ZLB", "MSB", "JFB"]))
        if handler_unit is None and matter.reporting_unit.kind == "office":
            # an office's own visit: the office handles it, or the community where it lies
            handler_unit = matter.reporting_unit if rng.random() < 0.5 else matter.target_unit
        if handler_unit is None:
            grid_units = grids(community) if community else []
            handler_unit = (
                rng.choice(grid_units) if grid_units and rng.random() < 0.3 else community
            )
        deadline = day + dt.timedelta(days=rng.choice([5, 7, 7, 10, 15]))
        matter = self.act(
            matter, Action.ASSIGN, dispatcher, day, responsible_unit=handler_unit, deadline=deadline
        )
        handler = self.handler(handler_unit)
        if rng.random() < 0.05:
            day += dt.timedelta(days=1)
            if not self.step(matter, day):
                return
            matter = self.act(
                matter, Action.RETURN, handler, day, note="不属于本单位职责，请重新交办"
            )
            day += dt.timedelta(days=1)
            if not self.step(matter, day):
                return
            if dispatcher != self.office_user:
                handler_unit = community  # the community takes back what its grid returned
            else:
                handler_unit = self.unit("MSB" if handler_unit == self.unit("ZLB") else "ZLB")
            handler = self.handler(handler_unit)
            matter = self.act(
                matter,
                Action.ASSIGN,
                dispatcher,
                day,
                responsible_unit=handler_unit,
                deadline=deadline,
            )
        day += dt.timedelta(days=rng.choice([0, 1, 1, 2]))
        if not self.step(matter, day):
            return
        matter = self.act(matter, Action.ACCEPT, handler, day)
        for _round in range(3):
            late = rng.random() < 0.15
            span = max((deadline - day).days, 1)
            day += dt.timedelta(days=span + rng.randint(1, 6) if late else rng.randint(1, span))
            if not self.step(matter, day):
                return
            matter = self.act(matter, Action.RESOLVE, handler, day, note="已现场处置，并向群众反馈")
            day += dt.timedelta(days=rng.randint(0, 3))
            if not self.step(matter, day):
                return
            stars = rng.choices([5, 4, 3, 2, 1], weights=[50, 30, 12, 5, 3])[0]
            matter = self.act(matter, Action.RATE, requester, day, satisfaction=stars)
            day += dt.timedelta(days=rng.randint(0, 2))
            if not self.step(matter, day):
                return
            if stars >= 3 or rng.random() < 0.5:
                self.act(matter, Action.CLOSE, requester, day)
                return
            matter = self.act(
                matter,
                Action.REOPEN,
                requester,
                day,
                resolution=Resolution.PARTLY_SOLVED,
                note="群众反映问题只解决了一部分",
            )

    def step(self, matter: Matter, day: dt.date) -> bool:
        """Whether the next step's day has come (nothing happens after ``today``)."""
        return day <= self.today

    def handler(self, unit: Unit | None) -> Any:
        for candidate in [unit, unit.parent if unit else None]:
            people = self.holders.get((candidate.pk, Role.UNIT_LEADER)) if candidate else None
            if people:
                return people[0].user
        return self.office_user

    def act(
        self, matter: Matter, action: str, actor: Any, day: dt.date, note: str = "", **extra: Any
    ) -> Matter:
        """One step, at a time of ``day`` after the matter's previous step."""
        when = self.at(day)
        previous = (
            self.last.get(matter.pk)
            or matter.history.order_by("-at").values_list("at", flat=True).first()
        )
        if previous is not None and when <= previous:
            when = previous + dt.timedelta(minutes=self.rng.randint(5, 90))
        self.last[matter.pk] = when
        self.counts[f"transitions: {action}"] += 1
        return services.matter_transition(
            matter=matter, action=action, actor=actor, note=note, at=when, **extra
        )

    # -- petitions, rectification, supervision, mediation --------------------------------------

    def petitions(self) -> None:
        for day in self.days():
            if day.day not in (8, 22) or day.weekday() >= 5:
                continue
            community = self.rng.choice(self.communities)
            text = self.rng.choice(PETITIONS).format(place=ESTATES.get(self.suffix(community), ""))
            matter = services.matter_create(
                actor=self.office_user,
                title=text[:40],
                description=text,
                category=MatterCategory.PROPERTY,
                origin="petition",
                reporting_unit=self.unit("ZLB"),
                target_unit=community,
                at=self.at(day),
                is_demo=True,
            )
            self.counts["petitions"] += 1
            self.follow(matter, self.office_user, day, handler_unit=community)

    def five_breaks(self) -> None:
        day = dt.date(self.today.year, 3, 20)
        if day > self.today:
            return
        for community in self.communities:
            for title in self.rng.sample(FIVE_BREAKS_ITEMS, 2):
                matter = services.matter_create(
                    actor=self.office_user,
                    title=title,
                    description=f"{community.name}：{title}",
                    category=MatterCategory.CONDUCT,
                    origin="rectification",
                    rectification_kind="special_action",
                    action_code=FIVE_BREAKS,
                    reporting_unit=self.unit("DJB"),
                    target_unit=community,
                    at=self.at(day),
                    is_demo=True,
                )
                self.counts["rectification items"] += 1
                self.follow(matter, self.office_user, day, handler_unit=community)

    def supervision_days(self) -> None:
        jjs = self.unit("JJS")
        for month in range(1, self.today.month + 1):
            day = dt.date(self.today.year, month, 15)
            while day.weekday() >= 5:
                day += dt.timedelta(days=1)
            if day > self.today:
                break
            inspected = self.rng.sample(self.communities, 3)
            record = services.supervision_day_create(
                actor=self.supervisor.user,
                unit=jjs,
                held_on=day,
                title=f"{month}月固定监督日",
                inspected_units=inspected,
                supervisors=[self.supervisor],
                at=self.at(day, 16),
                is_demo=True,
                notes="上提下沉，深入社区便民服务中心和监察联络站开展监督",
            )
            self.counts["supervision days"] += 1
            for unit in inspected:
                for title in self.rng.sample(FINDINGS, self.rng.randint(0, 2)):
                    matter = services.supervision_finding_create(
                        day=record,
                        actor=self.supervisor.user,
                        unit=unit,
                        title=title,
                        deadline=day + dt.timedelta(days=14),
                        at=self.at(day, 17),
                    )
                    self.counts["findings"] += 1
                    self.rectify(matter, unit, day)

    def rectify(self, matter: Matter, unit: Unit, day: dt.date) -> None:
        handler = self.handler(unit)
        steps = (
            (Action.ACCEPT, 1),
            (Action.RESOLVE, self.rng.randint(3, 18)),
            (Action.RATE, 1),
            (Action.CLOSE, 0),
        )
        for action, gap in steps:
            day += dt.timedelta(days=gap)
            if day > self.today:
                return
            if action == Action.RESOLVE:
                matter = self.act(matter, action, handler, day, note="已整改到位，相关台账已补齐")
            elif action == Action.RATE:
                matter = self.act(matter, action, self.supervisor.user, day, satisfaction=5)
            else:
                actor = handler if action == Action.ACCEPT else self.supervisor.user
                matter = self.act(matter, action, actor, day)

    def mediation(self) -> None:
        for day in self.days():
            if day.weekday() >= 5 or self.rng.random() > 0.25:
                continue
            community = self.rng.choice(self.communities)
            category, title = self.rng.choice(DISPUTES)
            leader = self.leader(community)
            case = services.mediation_case_create(
                actor=leader,
                reporting_unit=community,
                title=title,
                category=category,
                applicants=[(f"{self.rng.choice(_SURNAMES)}某", "")],
                respondents=[(f"{self.rng.choice(_SURNAMES)}某", "")],
                handling_unit=community,
                deadline=day + dt.timedelta(days=30),
                at=self.at(day),
                is_demo=True,
            )
            self.counts["mediation cases"] += 1
            session_day = day + dt.timedelta(days=self.rng.randint(1, 7))
            if session_day > self.today:
                continue
            services.mediation_session_add(
                case=case,
                actor=leader,
                held_on=session_day,
                place=f"{community.name}“厢心力·城和”调解室",
                mediators="社区调解员、网格员",
                summary="双方当面陈述，调解员释法说理",
                at=self.at(session_day),
            )
            end = session_day + dt.timedelta(days=self.rng.randint(0, 14))
            if end > self.today:
                continue
            outcome = self.rng.choices(list(MediationOutcome.values), weights=[82, 10, 8])[0]
            services.mediation_conclude(
                case=case,
                actor=leader,
                outcome=outcome,
                agreement_text="双方自愿达成调解协议，当场履行"
                if outcome == MediationOutcome.AGREEMENT
                else "",
                referred_to="萧山区人民法院诉前调解"
                if outcome == MediationOutcome.REFERRED
                else "",
                at=self.at(end),
            )
            matter = case.matter
            rate_day = end + dt.timedelta(days=1)
            if rate_day <= self.today:
                matter = self.act(
                    matter, Action.RATE, leader, rate_day, satisfaction=self.rng.choice([4, 5, 5])
                )
                self.act(matter, Action.CLOSE, leader, rate_day)

    # -- the last days: matters in every state, for the demo logins to act on -----------------

    def showcase(self) -> None:
        """A handful of recent matters in each community left in every state of the loop,
        some overdue and some due soon; 湘湖社区's are filed by ``cadre_xianghu``."""
        today = self.today
        cadre = Person.objects.select_related("user").get(user__username="cadre_xianghu")
        for community in [self.unit("XH"), *self.rng.sample(self.communities[1:], 3)]:
            people = self.cadres(community)
            reporter = cadre if community == self.unit("XH") else people[0]
            leader = self.leader(community)
            estate = ESTATES.get(self.suffix(community), "")
            plan = [
                ("reported", 1, None, f"{estate}5幢门口窨井盖松动，踩上去晃动"),
                ("assigned", 3, 5, f"{estate}东门岗亭外墙广告乱张贴"),
                ("overdue", 20, -6, f"{estate}12幢屋顶水箱漏水，楼道墙面发霉"),
                ("due_soon", 8, 2, f"{estate}小区健身器材损坏，存在安全隐患"),
                ("resolved", 9, 4, f"{estate}8幢楼下化粪池堵塞外溢"),
                ("rated", 12, 1, f"{estate}南门口共享单车乱停放，堵塞人行道"),
                ("returned", 4, 6, f"{estate}沿街商铺占道经营"),
                ("escalated", 2, None, f"{estate}周边道路夜间大货车通行噪音扰民"),
            ]
            for state, age, due_in, text in plan:
                day = today - dt.timedelta(days=age)
                when = self.at(day, 9)
                matter = services.matter_create(
                    actor=reporter.user,
                    title=text[:40],
                    description=text,
                    category=MatterCategory.FACILITIES,
                    origin="visit",
                    reporting_unit=community,
                    requester_name=f"{estate}{self.rng.choice(_SURNAMES)}阿姨",
                    target_unit=community,
                    at=when,
                    is_demo=True,
                )
                self.last[matter.pk] = when
                self.counts["matters"] += 1
                if state == "reported":
                    continue
                if state == "escalated":
                    self.act(matter, Action.ESCALATE, leader, day, note="涉及交通管理，需街道协调")
                    continue
                deadline = today + dt.timedelta(days=due_in or 7)
                if state == "returned":  # the sub-district assigned it; the community sends it back
                    matter = self.act(
                        matter, Action.ESCALATE, leader, day, note="涉及占道经营执法，需街道协调"
                    )
                    matter = self.act(
                        matter,
                        Action.ASSIGN,
                        self.office_user,
                        day,
                        responsible_unit=community,
                        deadline=deadline,
                    )
                    self.act(
                        matter,
                        Action.RETURN,
                        leader,
                        day + dt.timedelta(days=1),
                        note="属执法职责，请重新交办",
                    )
                    continue
                matter = self.act(
                    matter,
                    Action.ASSIGN,
                    leader,
                    day,
                    responsible_unit=community,
                    deadline=deadline,
                )
                if state == "assigned":
                    continue
                matter = self.act(matter, Action.ACCEPT, leader, day + dt.timedelta(days=1))
                if state in {"overdue", "due_soon"}:
                    continue
                matter = self.act(
                    matter,
                    Action.RESOLVE,
                    leader,
                    today - dt.timedelta(days=2),
                    note="已联系维修，现场处置完毕",
                )
                if state == "rated":
                    self.act(
                        matter,
                        Action.RATE,
                        reporter.user,
                        today - dt.timedelta(days=1),
                        satisfaction=4,
                    )


def build(*, today: dt.date, rng: random.Random) -> dict[str, Any]:
    if Visit.objects.filter(is_demo=True).exists():
        return {"skipped": "the demo's visits and matters exist"}
    demo = Demo(today, rng)
    demo.registers()
    demo.visits()
    demo.petitions()
    demo.five_breaks()
    demo.supervision_days()
    demo.mediation()
    demo.showcase()
    states = dict(
        Matter.objects.filter(Q(is_demo=True) | Q(supervision_day__is_demo=True))
        .values_list("state")
        .annotate(n=Count("id"))
    )
    return {
        **dict(sorted(demo.counts.items())),
        "matters by state": {s: states.get(s, 0) for s in MatterState.values},
    }
