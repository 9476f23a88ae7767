"""Matters through the closed loop, as the workflow would have left them at the year's end.

Each matter gets a fate drawn once — closed on time, closed late, reopened then closed,
left open (overdue once its deadline passed), returned, escalated — and the history rows
(`MatterTransition`) and stored month keys that fate implies: ``due_month`` from the
deadline, ``resolved_*`` from `resolve`, ``rated_month`` and ``satisfaction`` from `rate`,
``closed_*`` and ``resolution=solved`` from `close`. A date past the year's end has not
happened yet, so a matter reported in December may still be open.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from zhengxian.matters.models import Matter, MatterTransition

from .context import Context

DEADLINE_DAYS = {
    "visit": (3, 7, 7, 15, 15, 30),
    "petition": (30, 60),
    "hotline": (3, 7, 7),
    "rectification": (15, 30, 30),
    "supervision": (15, 30),
    "mediation": (15, 30, 30),
}
CATEGORIES = {
    "environment": ["楼道堆放杂物", "垃圾分类点异味", "河道漂浮物", "绿化带杂草丛生"],
    "traffic": ["小区门口乱停车", "路灯不亮", "人行道破损", "非机动车乱停放"],
    "safety": ["电动车楼道充电", "消防通道被占", "老旧电线隐患", "窨井盖缺失"],
    "facilities": ["健身器材损坏", "电梯频繁故障", "屋顶漏水", "雨污管道堵塞"],
    "livelihood": ["高龄津贴申领咨询", "居家养老服务需求", "低保救助申请", "就业帮扶需求"],
    "enterprise": ["企业用工需求", "厂房租赁问题", "政策申报咨询", "融资对接需求"],
    "property": ["物业服务不到位", "维修基金使用", "业委会选举问题", "停车收费争议"],
    "dispute": ["邻里噪音纠纷", "房屋租赁纠纷", "工资拖欠纠纷", "装修漏水纠纷"],
}
FIELDS = (
    "id",
    "title",
    "description",
    "category",
    "origin",
    "rectification_kind",
    "action_code",
    "state",
    "reporting_unit_id",
    "dispatch_unit_id",
    "responsible_unit_id",
    "reported_by_id",
    "assigned_by_id",
    "requester_name",
    "requester_phone",
    "place",
    "target_unit_id",
    "enterprise_id",
    "site_id",
    "visit_id",
    "supervision_day_id",
    "reported_on",
    "reported_month",
    "deadline",
    "due_month",
    "resolved_on",
    "resolved_month",
    "closed_on",
    "closed_month",
    "satisfaction",
    "rated_month",
    "resolution",
    "reopen_count",
)
HISTORY = ("id", "matter_id", "action", "from_state", "to_state", "actor_id", "note", "extra", "at")


def key(day: dt.date | None) -> int | None:
    return day.year * 100 + day.month if day else None


def iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


@dataclass
class Filed:
    id: int
    resolved_on: dt.date | None


class MatterWriter:
    def __init__(self, ctx: Context, rng: random.Random) -> None:
        self.ctx, self.rng = ctx, rng
        self.matters = ctx.table(Matter, FIELDS, "matters")
        self.history = ctx.table(MatterTransition, HISTORY, "matter_history")

    def file(
        self,
        *,
        origin: str,
        reported_on: dt.date,
        reporting: int,
        responsible: int,
        reporter: int,
        assigner: int,
        category: str | None = None,
        rectification_kind: str = "",
        action_code: str = "",
        requester: tuple[str, str] = ("", ""),
        place: str = "",
        target_unit: int | None = None,
        enterprise: int | None = None,
        site: int | None = None,
        visit: int | None = None,
        supervision_day: int | None = None,
    ) -> Filed:
        ctx, rng = self.ctx, self.rng
        category = category or rng.choice(list(CATEGORIES))
        title = rng.choice(CATEGORIES.get(category, CATEGORIES["livelihood"]))
        handler = ctx.units[responsible].user or assigner
        diligence = ctx.units[responsible].diligence
        deadline = reported_on + dt.timedelta(days=rng.choice(DEADLINE_DAYS[origin]))
        assigned = min(
            reported_on + dt.timedelta(days=0 if rng.random() < 0.6 else 1), ctx.year_end
        )
        mid = self.matters.ids()
        steps: list[tuple[str, str, str, int, dt.date]] = [
            ("report", "", "reported", reporter, reported_on)
        ]
        state, dispatch, resolved, rated, closed = "reported", reporting, None, None, None
        satisfaction, resolution, reopened = None, "", 0
        fate = rng.random() * (1.6 - diligence * 0.4)  # diligent units do better
        end = ctx.year_end
        if fate > 0.985:  # escalated before anyone took it
            state, dispatch = "escalated", ctx.units[reporting].parent or reporting
            steps.append(("escalate", "reported", "escalated", assigner, assigned))
            responsible_out: int | None = responsible
        else:
            steps.append(("assign", "reported", "assigned", assigner, assigned))
            responsible_out = responsible
            state = "assigned"
            if fate > 0.97 and assigned + dt.timedelta(days=2) <= end:  # sent back
                steps.append(
                    ("return", "assigned", "returned", handler, assigned + dt.timedelta(days=2))
                )
                state, responsible_out = "returned", None
            else:
                accepted = assigned + dt.timedelta(days=rng.randint(0, 2))
                if accepted <= end:
                    steps.append(("accept", "assigned", "in_progress", handler, accepted))
                    state = "in_progress"
                    span = (deadline - reported_on).days
                    if fate < 0.80:
                        resolved = reported_on + dt.timedelta(days=rng.randint(1, max(span, 1)))
                    elif fate < 0.89:
                        resolved = deadline + dt.timedelta(days=rng.randint(1, 25))
                    elif fate < 0.92:
                        resolved, reopened = (
                            reported_on + dt.timedelta(days=rng.randint(1, max(span, 1))),
                            1,
                        )
                    # else: left open; overdue once the deadline passed
                    resolved = max(resolved, accepted) if resolved else None
                    if resolved and resolved > end:
                        resolved, reopened = None, 0
            if resolved:
                steps.append(("resolve", "in_progress", "resolved", handler, resolved))
                state = "resolved"
                rated = resolved + dt.timedelta(days=rng.randint(0, 3))
                if reopened and rated + dt.timedelta(days=10) <= end:
                    steps.append(("rate", "resolved", "rated", reporter, rated))
                    steps.append(("reopen", "rated", "in_progress", reporter, rated))
                    resolved = rated + dt.timedelta(days=rng.randint(3, 10))
                    steps.append(("resolve", "in_progress", "resolved", handler, resolved))
                    rated = resolved + dt.timedelta(days=rng.randint(0, 3))
                else:
                    reopened = 0
                if rated <= end:
                    mean = 3.3 + diligence
                    satisfaction = max(1, min(5, round(rng.gauss(mean, 0.9))))
                    steps.append(("rate", "resolved", "rated", reporter, rated))
                    state = "rated"
                    closed = rated + dt.timedelta(days=rng.randint(0, 3))
                    if closed <= end and satisfaction >= 3:
                        steps.append(("close", "rated", "closed", reporter, closed))
                        state, resolution = "closed", "solved"
                    else:
                        closed = None
                else:
                    rated = None
        name, phone = requester
        self.matters.add(
            (
                mid,
                title,
                f"{title}，请尽快协调处理。",
                category,
                origin,
                rectification_kind,
                action_code,
                state,
                reporting,
                dispatch,
                responsible_out,
                reporter,
                None if state == "escalated" else assigner,
                name,
                phone,
                place,
                target_unit,
                enterprise,
                site,
                visit,
                supervision_day,
                iso(reported_on),
                key(reported_on),
                iso(deadline),
                key(deadline),
                iso(resolved),
                key(resolved),
                iso(closed),
                key(closed),
                satisfaction,
                key(rated),
                resolution,
                reopened,
            )
        )
        ctx.count(key(reported_on) or 0, len(steps) + 1)
        minute = 9 * 60
        for action, before, after, actor, day in steps:
            minute = minute + rng.randint(5, 90) if minute < 17 * 60 else 9 * 60
            self.history.add(
                (
                    self.history.ids(),
                    mid,
                    action,
                    before,
                    after,
                    actor,
                    "",
                    "{}",
                    ctx.stamp.at(day, minute),
                )
            )
        return Filed(mid, resolved)
