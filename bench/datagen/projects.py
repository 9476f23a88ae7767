"""Key projects (挂图作战) with tags, physical quantities, milestones on a plan curve and a
progress report a month; special actions (专项行动) with a task a month per owner unit.

Projects run across the year (most started the year before or early in it); milestones are
spread over the plan, each done on time, late or not yet as the owner unit's diligence
makes likely; reports follow the plan curve, a little ahead or behind. The stored colour
(green) is left for `manage.py refresh_project_status` to derive.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from zhengxian.projects.models import (
    ActionTask,
    Milestone,
    ProgressReport,
    Project,
    ProjectTag,
    Quantity,
    SpecialAction,
)
from zhengxian.projects.status import planned_progress

from . import names
from .context import Context

PER_SUBDISTRICT = 24
FIRST = (
    ("economy", "retained-land"),
    ("construction", "relocation"),
    ("construction", "resettlement"),
    ("construction", "old-community-renovation"),
    ("livelihood", None),
    ("economy", ""),
)
CATEGORIES = (
    ("economy", 0.3),
    ("construction", 0.3),
    ("livelihood", 0.2),
    ("governance", 0.1),
    ("party", 0.1),
)
TAGS = {
    "economy": [("retained-land", 0.3)],
    "construction": [
        ("relocation", 0.3),
        ("resettlement", 0.35),
        ("old-community-renovation", 0.35),
    ],
}
KIND_NAMES = {
    "economy": "科创园",
    "construction": "安置房",
    "livelihood": "民生实事",
    "governance": "平安建设",
    "party": "党建阵地",
}
ACTIONS = (
    ("five-breaks-five-raises", "社区组织换届“回头看”暨“五破五提”专项行动", ()),
    ("environment-rectification", "亚运环境整治攻坚行动", ("community",)),
    ("safe-asian-games", "“平安亚运”十二大专项行动", ("community", "office")),
    ("work-style-six", "六大作风建设专项行动", ()),
)
HUNDRED = Decimal(100)


def build(ctx: Context) -> None:
    rng = ctx.rng("projects")
    y = ctx.year
    projects = ctx.table(
        Project,
        (
            "id",
            "code",
            "name",
            "category",
            "unit_id",
            "lead_id",
            "planned_start",
            "planned_end",
            "planned_investment",
            "completed_investment",
            "location",
            "description",
            "is_public",
            "progress",
            "progress_on",
        ),
        "projects",
    )
    tags = ctx.table(ProjectTag, ("id", "project_id", "tag"), "project_tags")
    quantities = ctx.table(
        Quantity,
        ("id", "project_id", "name", "measure", "planned", "completed", "order"),
        "project_quantities",
    )
    milestones = ctx.table(
        Milestone,
        (
            "id",
            "project_id",
            "name",
            "planned_date",
            "actual_date",
            "planned_percent",
            "due_month",
            "done_month",
        ),
        "milestones",
    )
    reports = ctx.table(
        ProgressReport,
        (
            "id",
            "project_id",
            "reported_on",
            "month",
            "percent",
            "text",
            "issues",
            "investment",
            "author_id",
        ),
        "progress_reports",
    )
    cats, weights = zip(*CATEGORIES, strict=True)
    for sub in ctx.subdistricts:
        owners = sub.communities + sub.offices
        lead = ctx.units[sub.id].people[2]
        for n in range(PER_SUBDISTRICT):
            unit = ctx.units[rng.choice(owners)]
            # Every sub-district has a project of each kind the preset scores, then a mix.
            category, forced = FIRST[n] if n < len(FIRST) else (rng.choices(cats, weights)[0], None)
            pid = projects.ids()
            start = dt.date(y - 1, 7, 1) + dt.timedelta(days=rng.randint(0, 270))
            end = dt.date(y, 9, 1) + dt.timedelta(days=rng.randint(0, 300))
            amount = Decimal(rng.randint(200, 80000))
            curve = _curve(rng, y, start, end)
            quality = unit.diligence
            # milestones
            for k, (day, percent) in enumerate(curve):
                actual = None
                if day <= ctx.year_end:
                    roll = rng.random() * (1.5 - quality * 0.5)
                    if roll < 0.7:
                        actual = day - dt.timedelta(days=rng.randint(0, 10))
                    elif roll < 0.9:
                        actual = day + dt.timedelta(days=rng.randint(1, 30))
                    actual = (
                        max(actual, ctx.year_start) if actual and actual <= ctx.year_end else None
                    )
                milestones.add(
                    (
                        milestones.ids(),
                        pid,
                        f"节点{k + 1}：完成{percent}%",
                        day.isoformat(),
                        actual.isoformat() if actual else None,
                        str(percent),
                        _key(day),
                        _key(actual),
                    )
                )
                ctx.count(_key(day))
            # a report a month of the year, following the plan
            previous, completed, last_day = Decimal(0), Decimal(0), None
            for month in ctx.months:
                day = dt.date(y, month, 25)
                if day < start:
                    continue
                plan = planned_progress(day, start, end, curve)
                percent = min(
                    HUNDRED,
                    max(
                        previous,
                        (
                            plan * Decimal(str(round(rng.uniform(0.75, 1.0) + quality * 0.1, 2)))
                        ).quantize(Decimal("0.1")),
                    ),
                )
                invest = (amount * (percent - previous) / HUNDRED).quantize(Decimal("0.01"))
                reports.add(
                    (
                        reports.ids(),
                        pid,
                        day.isoformat(),
                        ctx.key(month),
                        str(percent),
                        "按计划推进",
                        "",
                        str(invest),
                        ctx.units[unit.id].leader,
                    )
                )
                ctx.count(ctx.key(month))
                previous, completed, last_day = percent, completed + invest, day
                if percent >= HUNDRED:
                    break
            public = category == "livelihood" and (n < len(FIRST) or rng.random() < 0.8)
            projects.add(
                (
                    pid,
                    f"B{ctx.seed}P{pid}",
                    f"{unit.name}{KIND_NAMES[category]}项目{n + 1}",
                    category,
                    unit.id,
                    lead,
                    start.isoformat(),
                    end.isoformat(),
                    str(amount),
                    str(completed),
                    f"{unit.name}",
                    "",
                    public,
                    str(previous),
                    last_day.isoformat() if last_day else None,
                )
            )
            for tag, share in TAGS.get(category, []):
                if tag == forced or (forced is None and rng.random() < share):
                    tags.add((tags.ids(), pid, tag))
                    if tag == "relocation":
                        quantities.add(
                            (quantities.ids(), pid, "征迁户数", "户", rng.randint(50, 600), 0, 0)
                        )
                    elif tag == "old-community-renovation":
                        quantities.add(
                            (
                                quantities.ids(),
                                pid,
                                "改造面积",
                                "平方米",
                                rng.randint(5000, 60000),
                                0,
                                0,
                            )
                        )
    actions(ctx)
    ctx.flush()


def _curve(rng, year: int, start: dt.date, end: dt.date) -> list[tuple[dt.date, Decimal]]:  # type: ignore[no-untyped-def]
    """6–10 checkpoints of the plan, inside the year (a multi-year project's earlier ones
    are not part of this year's records)."""
    n = rng.randint(6, 10)
    first = max(start, dt.date(year, 1, 10))
    last = min(end, dt.date(year, 12, 20))
    span = (last - first).days
    days = sorted(
        {
            first + dt.timedelta(days=span * (k + 1) // (n + 1) + rng.randint(-3, 3))
            for k in range(n)
        }
    )
    return [(day, Decimal(100 * (k + 1) // (len(days) + 1))) for k, day in enumerate(days)]


def _key(day: dt.date | None) -> int | None:
    return day.year * 100 + day.month if day else None


def actions(ctx: Context) -> None:
    rng = ctx.rng("actions")
    table = ctx.table(
        SpecialAction, ("id", "code", "name", "unit_id", "description"), "special_actions"
    )
    tasks = ctx.table(
        ActionTask,
        (
            "id",
            "action_id",
            "name",
            "unit_id",
            "deadline",
            "done_on",
            "note",
            "order",
            "due_month",
            "done_month",
        ),
        "action_tasks",
    )
    for code, name, kinds in ACTIONS:
        aid = table.ids()
        table.add((aid, code, name, ctx.root, name))
        if not kinds:
            continue
        owners = [u for u in ctx.units.values() if u.kind in kinds]
        for month in ctx.months:
            for unit in owners:
                deadline = ctx.day(rng, month)
                roll = rng.random() * (1.4 - unit.diligence * 0.4)
                done = None
                if roll < 0.8:
                    done = deadline - dt.timedelta(days=rng.randint(0, 7))
                elif roll < 0.93:
                    done = deadline + dt.timedelta(days=rng.randint(1, 20))
                done = max(done, ctx.year_start) if done and done <= ctx.year_end else None
                tasks.add(
                    (
                        tasks.ids(),
                        aid,
                        f"{month}月任务：{names.OFFICES[month % 5][:2]}专项整治",
                        unit.id,
                        deadline.isoformat(),
                        done.isoformat() if done else None,
                        "",
                        month,
                        ctx.key(month),
                        _key(done),
                    )
                )
                ctx.count(ctx.key(month))
