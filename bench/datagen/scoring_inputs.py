"""What people enter for the campaign: rater panels' ratings (居民考官团, 两代表一委员), the
judging panel (擂台比武), manual assessments, checklist items (红色业委会 / 红色物业) and a few
approved bonus and penalty items. Rows go straight to the units that compete."""

from __future__ import annotations

from decimal import Decimal

from zhengxian.scoring.models import (
    Adjustment,
    ChecklistItem,
    ManualAssessment,
    PanelScore,
    Rater,
    Rating,
)

from . import names
from .campaign import competing_units
from .context import Context

RESIDENTS_PER_SUBDISTRICT, DEPUTIES_PER_SUBDISTRICT = 20, 8
RATINGS = {"residents": 6, "deputies": 3}
PANEL_MONTHS = (3, 6, 9, 12)
CHECKLIST = ["红色业委会创建", "红色物业创建", "业委会党组织全覆盖", "物业服务党建联建"]


def build(ctx: Context) -> None:
    rng = ctx.rng("scoring")
    periods = ctx.facts["periods"]
    units = competing_units(ctx)
    n_units = len(units)
    ctx.progress.expect("ratings", n_units * 12 * sum(RATINGS.values()))
    ctx.progress.expect("panel_scores", n_units * len(PANEL_MONTHS) * 5)
    ctx.progress.expect("manual_assessments", int(n_units * 12 * 0.9))
    raters_t = ctx.table(Rater, ("id", "panel_id", "name", "note", "token"), "raters")
    ratings = ctx.table(
        Rating,
        ("id", "period_id", "panel_id", "rater_id", "unit_id", "score", "comment"),
        "ratings",
    )
    panel = ctx.table(
        PanelScore, ("id", "period_id", "panel", "judge_id", "unit_id", "score"), "panel_scores"
    )
    manual = ctx.table(
        ManualAssessment,
        ("id", "period_id", "leaf_id", "unit_id", "points", "comment", "assessed_by_id"),
        "manual_assessments",
    )
    items = ctx.table(
        ChecklistItem,
        ("id", "campaign_id", "checklist", "unit_id", "name", "done_on", "done_month"),
        "checklist_items",
    )
    adjustments = ctx.table(
        Adjustment,
        (
            "id",
            "period_id",
            "unit_id",
            "kind",
            "points",
            "reason",
            "status",
            "requested_by_id",
            "decided_by_id",
            "decided_at",
        ),
        "adjustments",
    )
    pools: dict[int, dict[str, list[int]]] = {}
    for sub in ctx.subdistricts:
        pools[sub.id] = {}
        for code, size in (
            ("residents", RESIDENTS_PER_SUBDISTRICT),
            ("deputies", DEPUTIES_PER_SUBDISTRICT),
        ):
            first = raters_t.ids(size)
            pools[sub.id][code] = list(range(first, first + size))
            for rid in pools[sub.id][code]:
                note = (
                    "居民"
                    if code == "residents"
                    else rng.choice(["人大代表", "党代表", "政协委员"])
                )
                raters_t.add(
                    (
                        rid,
                        ctx.facts["rater_panels"][code],
                        names.person(rng),
                        note,
                        f"b{ctx.seed}r{rid:036d}",
                    )
                )
    leaf = ctx.facts["manual_leaves"]["conduct-assessment"]
    for month in ctx.months:
        period = periods[f"{ctx.year}-{month:02d}"]
        key = ctx.key(month)
        decided = ctx.stamp.at(ctx.day(rng, month), 16 * 60)
        for unit_id in units:
            unit = ctx.units[unit_id]
            sub = ctx.sub_by_id[unit.subdistrict]  # type: ignore[index]
            quality = unit.diligence
            for code, n in RATINGS.items():
                for rater in rng.sample(pools[unit.subdistrict][code], n):
                    score = max(1, min(5, round(rng.gauss(2.6 + quality * 1.5, 0.8))))
                    ratings.add(
                        (
                            ratings.ids(),
                            period,
                            ctx.facts["rater_panels"][code],
                            rater,
                            unit_id,
                            score,
                            "",
                        )
                    )
                ctx.count(key, n)
            if month in PANEL_MONTHS:
                judges = ctx.units[ctx.units[unit.subdistrict].parent].people  # the district's
                for judge in rng.sample(judges, min(len(judges), rng.randint(5, 7))):
                    score = (
                        Decimal(max(600, min(1000, round(rng.gauss(700 + quality * 150, 50))))) / 10
                    )
                    panel.add((panel.ids(), period, "arena", judge, unit_id, str(score)))
                    ctx.count(key)
            if rng.random() < 0.9:
                points = Decimal(max(0, min(300, round(rng.gauss(150 + quality * 90, 40))))) / 100
                manual.add(
                    (
                        manual.ids(),
                        period,
                        leaf,
                        unit_id,
                        str(points),
                        "对照六大作风建设专项行动评定",
                        sub.evaluator_user,
                    )
                )
                ctx.count(key)
            roll = rng.random()
            if roll < 0.03:
                kind, reason = ("bonus", "获上级表彰") if roll < 0.02 else ("penalty", "被上级通报")
                adjustments.add(
                    (
                        adjustments.ids(),
                        period,
                        unit_id,
                        kind,
                        str(Decimal(rng.randint(1, 6)) / 2),
                        reason,
                        "approved",
                        sub.evaluator_user,
                        sub.office_user,
                        decided,
                    )
                )
    for sub in ctx.subdistricts:
        for unit_id in sub.communities:
            for name in CHECKLIST[: rng.randint(2, 4)]:
                month = rng.choice([None, *ctx.months]) if rng.random() < 0.85 else None
                day = ctx.day(rng, month) if month else None
                items.add(
                    (
                        items.ids(),
                        ctx.facts["campaign_id"],
                        "red-committee-property",
                        unit_id,
                        name,
                        day.isoformat() if day else None,
                        ctx.key(month) if month else None,
                    )
                )
    ctx.flush()
