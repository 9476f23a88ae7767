"""Demo builder: a year of the "三争五赛" campaign's scoring, entered after the campaign
builder (``zhengxian.campaigns.demo``) created the campaign of ``today``'s year.

It enters a year of inputs, month by month up to ``today``, through the scoring services (so
each write is checked and audited):

- checklist items per community (红色业委会 / 红色物业 creation, livelihood tasks), some done
  in various months, some not yet;
- evaluators' manual assessments, each with a comment: every month they take two of the
  manual leaves in turn and assess every unit on them (a leaf not assessed that month gives
  every unit its ``when_empty`` points, so the month stays fair);
- judging-panel scores (擂台比武, held at the end of each quarter) by the sub-district's
  evaluators, never of their own unit;
- the rater panels 居民考官团 (residents rate their own community) and 两代表一委员
  (deputies rate a few units), with their raters and, each month, ratings from most of them;
- a few bonus and penalty items, approved by the campaign office, and one still pending.

Every month before the last completed one is scored and published (early, ``force``); the
last completed month is scored and left in preview (公示), with one open appeal filed by
湘湖社区's leader (``leader_xianghu``); the current month stays open. Publication times
are the real time of the load. All people named here are invented (raters are "王女士" and
the like); the organisation comes from ``zhengxian.orgs.demo``.

Its generator is seeded as the campaign builder's was when that builder entered these
inputs itself (see ``hooks.py``), so the demo is the same as before the split.

Idempotent: when the campaign already has inputs or results, nothing is done.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from zhengxian.campaigns.demo import existing_campaign
from zhengxian.campaigns.models import Campaign, GroupMembership, IndicatorNode, Period
from zhengxian.core import clock
from zhengxian.core.actors import system_actor
from zhengxian.core.demo import ACTOR
from zhengxian.orgs import duties
from zhengxian.orgs.demo import XIANGHU_CODE, demo_person
from zhengxian.orgs.models import Person, Unit, UnitKind
from zhengxian.orgs.roles import Role

from .models import (
    Adjustment,
    AdjustmentKind,
    ChecklistItem,
    ManualAssessment,
    RaterPanel,
    ScoreSheet,
    SheetStatus,
)
from .services.appeals import appeal_file
from .services.assessments import adjustment_decide, adjustment_request, manual_assess
from .services.checklists import checklist_item_mark_done, checklist_items_create
from .services.compute import period_score
from .services.panels import (
    RatingEntry,
    is_own_unit,
    panel_score_enter,
    rater_add,
    rater_panel_create,
    ratings_submit,
)
from .services.publication import period_publish

RATER_PANEL_NAMES = {"residents": "居民考官团", "deputies": "两代表一委员"}
DEPUTY_NOTES = ("区人大代表", "区政协委员", "街道党代表", "区人大代表", "区政协委员", "街道党代表")
RESIDENTS_PER_COMMUNITY = 2
UNITS_PER_DEPUTY = 3
RATING_SHARE = 0.7  # of the raters, those who rate in a given month
JUDGES = 5
MANUAL_LEAVES_PER_MONTH = 2

# Checklist items per community, by checklist code; any other checklist gets one item
# named after its leaf.
CHECKLIST_ITEMS = {
    "red-committee-property": ("红色业委会创建", "红色物业创建"),
    "livelihood-tasks": (
        "老旧小区改造",
        "既有住宅加装电梯",
        "居家养老服务站点建设",
        "停车设施改造提升",
        "农贸市场改造提升",
    ),
}
LIVELIHOOD_TASKS_PER_COMMUNITY = 2
# The item 湘湖社区 appeals about: not marked done when the preview month was scored.
APPEALED_ITEM = "红色物业创建"
APPEALED_LEAF = "safety-red-committee"
APPEAL_TEXT = (
    "我社区“红色物业”已于本月底完成创建：物业服务企业党支部已成立并挂牌，"
    "材料已报送党建办，但本期清单未计入，申请复核。"
)

COMMENTS = {
    "high": ("工作扎实，成效明显，走在前列", "亮点突出，经验可复制推广", "按时高质量完成各项任务"),
    "mid": (
        "总体较好，个别环节还需加强",
        "推进有序，台账资料需进一步规范",
        "完成基本任务，创新举措不多",
    ),
    "low": ("推进偏慢，需限期整改", "部分任务滞后，已督促整改", "群众反映问题较多，需加大工作力度"),
}

# (unit code, kind, points, reason, which completed month: 0 = the first)
ADJUSTMENTS = (
    (XIANGHU_CODE, AdjustmentKind.BONUS, "2", "湘湖未来社区创建工作获省级通报表扬", 0),
    ("CX-CH", AdjustmentKind.BONUS, "1.5", "“寻梦城河”文化品牌活动获市级媒体专题报道", 1),
    ("CX-HTC", AdjustmentKind.PENALTY, "1", "固定监督日发现问题整改超期", 1),
    ("CX-DX", AdjustmentKind.PENALTY, "2", "安置房工地文明施工检查不合格，被区级通报", 2),
    ("CX-ZQB", AdjustmentKind.BONUS, "1", "湖头陈工业园区南片征迁节点提前完成", 2),
)
PENDING_ADJUSTMENT = ("CX-NM", AdjustmentKind.BONUS, "1", "亚运城市志愿服务工作获区级表彰")


class _Inputs:
    """Enters the demo's inputs for one campaign; counts what it creates."""

    def __init__(self, campaign: Campaign, today: dt.date, rng: random.Random) -> None:
        self.campaign = campaign
        self.today = today
        self.rng = rng
        self.counts: dict[str, int] = {}
        self.units = list(
            Unit.objects.filter(memberships__campaign=campaign, is_active=True).order_by(
                "sort_order", "code"
            )
        )
        self.communities = [unit for unit in self.units if unit.kind == UnitKind.COMMUNITY]
        # Each unit has a steady level, so that rankings look like a year, not noise.
        self.level = {unit.pk: rng.uniform(0.68, 0.96) for unit in self.units}
        self.evaluator = demo_person("evaluator").user
        self.office = demo_person("office").user
        self.system = system_actor(ACTOR)
        self._evaluators: list[Any] | None = None
        self.leaves = list(IndicatorNode.objects.filter(campaign=campaign, is_leaf=True))

    def assessor(self, unit: Unit) -> Any:
        """The demo evaluator, or for their own unit (党政办) an evaluator from outside it:
        nobody scores their own unit."""
        if not duties.is_own_unit(self.evaluator, unit):
            return self.evaluator
        if self._evaluators is None:
            people = Person.objects.filter(
                roles__role=Role.EVALUATOR,
                roles__unit__path__startswith=self.campaign.owner_unit.path,
                is_active=True,
                user__isnull=False,
            ).select_related("user")
            self._evaluators = [person.user for person in people.distinct().order_by("pk")]
        return next(user for user in self._evaluators if not duties.is_own_unit(user, unit))

    def count(self, what: str, n: int = 1) -> None:
        self.counts[what] = self.counts.get(what, 0) + n

    def value(self, unit: Unit) -> float:
        """This month's performance of ``unit`` in 0.4 … 1."""
        return min(1.0, max(0.4, self.level[unit.pk] + self.rng.gauss(0, 0.06)))

    def leaves_of(self, source: str) -> list[IndicatorNode]:
        return [leaf for leaf in self.leaves if leaf.source == source]

    def params_of(self, source: str, key: str) -> list[str]:
        seen: list[str] = []
        for leaf in self.leaves_of(source):
            value = (leaf.source_params or {}).get(key)
            if isinstance(value, str) and value not in seen:
                seen.append(value)
        return seen

    # -- checklists (whole campaign) ---------------------------------------------------

    def checklists(self) -> None:
        last_day = min(self.today, clock.today())
        for leaf in self.leaves_of("checklist"):
            code = str((leaf.source_params or {}).get("checklist", ""))
            names = CHECKLIST_ITEMS.get(code, (leaf.name,))
            if code == "livelihood-tasks":
                for community in self.communities:
                    for name in self.rng.sample(names, LIVELIHOOD_TASKS_PER_COMMUNITY):
                        self._items(code, name, [community])
            else:
                for name in names:
                    self._items(code, name, self.communities)
        items = ChecklistItem.objects.filter(campaign=self.campaign, done_on__isnull=True)
        for item in items.select_related("unit").order_by("pk"):
            if item.unit.code == XIANGHU_CODE and item.name == APPEALED_ITEM:
                continue  # the subject of the open appeal
            if self.rng.random() > self.level[item.unit_id]:
                continue  # not done yet
            span = (last_day - self.campaign.start).days
            if span < 0:
                continue
            done_on = self.campaign.start + dt.timedelta(days=self.rng.randint(0, span))
            checklist_item_mark_done(
                item=item,
                done_on=done_on,
                note=f"{item.name}已完成，材料已报送党建办。",
                actor=self.system,
            )
            self.count("checklist items done")

    def _items(self, code: str, name: str, units: list[Unit]) -> None:
        created = checklist_items_create(
            campaign=self.campaign, checklist=code, name=name, units=units, actor=self.system
        )
        self.count("checklist items", len(created))

    # -- per period ----------------------------------------------------------------------

    def manual(self, period: Period) -> None:
        """Evaluators take turns over the manual leaves: each month they assess every unit
        on two of them; a leaf not assessed gives every unit its ``when_empty`` points."""
        leaves = [leaf for leaf in self.leaves if leaf.method == "manual"]
        leaves.sort(key=lambda leaf: leaf.pk)
        if not leaves:
            return
        turn = [
            leaves[(period.index * MANUAL_LEAVES_PER_MONTH + k) % len(leaves)]
            for k in range(min(MANUAL_LEAVES_PER_MONTH, len(leaves)))
        ]
        for leaf in turn:
            for unit in self.units:
                value = self.value(unit)
                points = min(leaf.weight, _half_points(leaf.weight * Decimal(str(value))))
                band = "high" if value >= 0.88 else "mid" if value >= 0.72 else "low"
                comment = f"{self.rng.choice(COMMENTS[band])}（{period.label}）"
                manual_assess(
                    period=period,
                    leaf=leaf,
                    unit=unit,
                    points=points,
                    comment=comment,
                    actor=self.assessor(unit),
                )
                self.count("manual assessments")

    def judges(self) -> list[Person]:
        subdistrict_path = self.campaign.owner_unit.path
        people = Person.objects.filter(
            roles__role=Role.EVALUATOR,
            roles__unit__path__startswith=subdistrict_path,
            is_active=True,
        ).select_related("unit")
        return list(people.distinct().order_by("pk")[:JUDGES])

    def panels(self, period: Period, judges: list[Person]) -> None:
        """擂台比武 is held at the end of each quarter."""
        if period.end.month % 3:
            return
        for panel in self.params_of("panel", "panel"):
            for judge in judges:
                for unit in self.units:
                    if is_own_unit(judge, unit):
                        continue
                    score = Decimal(str(55 + 42 * self.value(unit))).quantize(Decimal("0.5"))
                    panel_score_enter(
                        period=period,
                        panel=panel,
                        judge=judge,
                        unit=unit,
                        score=score,
                        actor=self.assessor(unit),
                    )
                    self.count("panel scores")

    def rater_panels(self) -> dict[str, list[tuple[Any, Unit | None]]]:
        """{panel code: [(rater, the community a resident lives in, or None)]}."""
        raters: dict[str, list[tuple[Any, Unit | None]]] = {}
        for code in self.params_of("rating", "panel"):
            panel = rater_panel_create(
                campaign=self.campaign,
                code=code,
                name=RATER_PANEL_NAMES.get(code, code),
                actor=self.system,
            )
            self.count("rater panels")
            members: list[tuple[Any, Unit | None]] = []
            if code == "residents":
                for community in self.communities:
                    for _n in range(RESIDENTS_PER_COMMUNITY):
                        rater = rater_add(
                            panel=panel,
                            name=_polite_name(self.rng),
                            note=f"{community.name}居民",
                            actor=self.system,
                        )
                        members.append((rater, community))
            else:
                for note in DEPUTY_NOTES:
                    members.append(
                        (
                            rater_add(
                                panel=panel,
                                name=_polite_name(self.rng),
                                note=note,
                                actor=self.system,
                            ),
                            None,
                        )
                    )
            self.count("raters", len(members))
            raters[code] = members
        return raters

    def ratings(
        self, period: Period, raters: dict[str, list[tuple[Any, Unit | None]]], share: float = 1.0
    ) -> None:
        for members in raters.values():
            for rater, home in members:
                if self.rng.random() > share:
                    continue
                units = (
                    [home] if home is not None else self.rng.sample(self.units, UNITS_PER_DEPUTY)
                )
                entries = [
                    RatingEntry(unit=unit, score=_stars(self.value(unit), self.rng))
                    for unit in units
                ]
                ratings_submit(token=rater.token, period=period, entries=entries)
                self.count("ratings", len(entries))

    def adjustments(self, completed: list[Period], pending_in: Period | None) -> None:
        units = {unit.code: unit for unit in self.units}
        if completed:
            for code, kind, points, reason, month in ADJUSTMENTS:
                unit = units.get(code)
                if unit is None:
                    continue
                period = completed[min(month, len(completed) - 1)]
                item = adjustment_request(
                    period=period,
                    unit=unit,
                    kind=kind,
                    points=Decimal(points),
                    reason=reason,
                    actor=self.evaluator,
                )
                adjustment_decide(adjustment=item, approve=True, actor=self.office)
                self.count("bonus and penalty items")
        code, kind, points, reason = PENDING_ADJUSTMENT
        if pending_in is not None and code in units:
            adjustment_request(
                period=pending_in,
                unit=units[code],
                kind=kind,
                points=Decimal(points),
                reason=reason,
                actor=self.evaluator,
            )
            self.count("bonus and penalty items pending")


def _half_points(value: Decimal) -> Decimal:
    """Points an evaluator would give: to the half point."""
    return (value * 2).quantize(Decimal(1)) / 2


def _stars(value: float, rng: random.Random) -> int:
    return max(1, min(5, round(1 + 4 * value + rng.gauss(0, 0.5))))


_SURNAMES = "王陈张李沈徐周吴杨俞汪孙朱钱倪韩来楼施蔡何黄金方郑许胡"


def _polite_name(rng: random.Random) -> str:
    """王女士, 陈先生: how residents and deputies are addressed; no invented full names."""
    return rng.choice(_SURNAMES) + rng.choice(("先生", "女士"))


def _entered(campaign: Campaign) -> bool:
    """Whether the campaign already has inputs or results (a second run)."""
    return any(
        model.objects.filter(**lookup).exists()
        for model, lookup in (
            (ChecklistItem, {"campaign": campaign}),
            (RaterPanel, {"campaign": campaign}),
            (ManualAssessment, {"period__campaign": campaign}),
            (Adjustment, {"period__campaign": campaign}),
            (ScoreSheet, {"period__campaign": campaign}),
        )
    )


def build(*, today: dt.date, rng: random.Random) -> dict[str, Any]:
    campaign = existing_campaign(today.year)
    if campaign is None or _entered(campaign):
        return {"campaign": campaign.code if campaign else "-", "created": 0}

    periods = list(campaign.periods.order_by("index"))
    completed = [period for period in periods if period.end < today]
    current = next((p for p in periods if p.start <= today <= p.end), None)
    to_publish, preview = completed[:-1], (completed[-1] if completed else None)

    inputs = _Inputs(campaign, today, rng)
    inputs.checklists()
    judges = inputs.judges()
    raters = inputs.rater_panels()
    for period in completed:
        inputs.manual(period)
        inputs.panels(period, judges)
        inputs.ratings(period, raters, share=RATING_SHARE)
    if current is not None:
        inputs.ratings(current, raters, share=0.4)  # the month is under way
    inputs.adjustments(completed, pending_in=preview or current)

    for period in to_publish:
        period_score(period=period, actor=system_actor(ACTOR))
        period_publish(period=period, actor=system_actor(ACTOR), force=True)
    appeals = 0
    if preview is not None:
        sheet = period_score(period=preview, actor=system_actor(ACTOR))
        appeals = _file_appeal(campaign, sheet)

    summary: dict[str, Any] = {
        "campaign": campaign.code,
        "periods published": len(to_publish),
        "in preview": preview.label if preview else "-",
        "open appeals": appeals,
    }
    summary.update(inputs.counts)
    return summary


def _file_appeal(campaign: Campaign, sheet: Any) -> int:
    """湘湖社区's leader appeals the checklist leaf (or the first leaf) of the preview."""
    assert sheet.status == SheetStatus.PREVIEW
    leaves: Iterable[IndicatorNode] = campaign.nodes.filter(is_leaf=True).order_by("order", "pk")
    leaf = campaign.nodes.filter(code=APPEALED_LEAF).first() or next(iter(leaves), None)
    unit = Unit.objects.filter(code=XIANGHU_CODE).first()
    if (
        leaf is None
        or unit is None
        or not GroupMembership.objects.filter(campaign=campaign, unit=unit).exists()
    ):
        return 0
    leader = demo_person("leader_xianghu").user
    appeal_file(sheet=sheet, unit=unit, leaf=leaf, text=APPEAL_TEXT, actor=leader)
    return 1
