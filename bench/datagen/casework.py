"""Matters that do not come from visits: petitions (信访), hotline tickets (12345),
rectification items of 五破五提 (a special action), supervision days (上提下沉固定监督日)
with their inspected units, supervisors and findings, and mediation cases (厢心力·城和) with
parties, sessions and an outcome when the case concluded."""

from __future__ import annotations

import datetime as dt

from zhengxian.matters.models import (
    MediationCase,
    MediationParty,
    MediationSession,
    SupervisionDay,
    SupervisionDaySupervisor,
    SupervisionInspection,
)

from . import names
from .context import Context, poisson
from .matters import MatterWriter

PER_COMMUNITY = {"petition": 1.5, "hotline": 1.0, "rectification": 0.3, "mediation": 0.4}
MEDIATION_CATEGORIES = ("neighbour", "family", "property", "tenancy", "labour", "consumer")


def build(ctx: Context) -> None:
    rng = ctx.rng("casework")
    writer = MatterWriter(ctx, ctx.rng("casework-matters"))
    days = ctx.table(
        SupervisionDay,
        ("id", "held_on", "month", "unit_id", "title", "notes", "recorded_by_id"),
        "supervision_days",
    )
    inspections = ctx.table(
        SupervisionInspection, ("id", "day_id", "unit_id"), "supervision_inspections"
    )
    supervisors = ctx.table(
        SupervisionDaySupervisor, ("id", "day_id", "person_id"), "supervision_supervisors"
    )
    cases = ctx.table(
        MediationCase,
        (
            "id",
            "matter_id",
            "number",
            "category",
            "outcome",
            "agreement_text",
            "referred_to",
            "concluded_on",
            "concluded_month",
        ),
        "mediation_cases",
    )
    parties = ctx.table(
        MediationParty, ("id", "case_id", "side", "name", "phone"), "mediation_parties"
    )
    sessions = ctx.table(
        MediationSession,
        ("id", "case_id", "held_on", "place", "mediators", "summary", "recorded_by_id"),
        "mediation_sessions",
    )
    for month in ctx.months:
        w = ctx.weight(month)
        for sub in ctx.subdistricts:
            office_user = sub.office_user or ctx.root_user
            for community in sub.communities:
                unit = ctx.units[community]
                for origin, rate in PER_COMMUNITY.items():
                    for _ in range(poisson(rng, rate * w)):
                        day = ctx.day(rng, month)
                        responsible = community
                        if (
                            origin in ("petition", "hotline")
                            and sub.offices
                            and rng.random() < 0.25
                        ):
                            responsible = rng.choice(sub.offices)
                        extra = {}
                        if origin == "rectification":
                            extra = {
                                "rectification_kind": "special_action",
                                "action_code": "five-breaks-five-raises",
                            }
                        filed = writer.file(
                            origin=origin,
                            reported_on=day,
                            reporting=sub.id if origin != "mediation" else community,
                            responsible=responsible,
                            reporter=office_user if origin != "mediation" else unit.user,
                            assigner=office_user if origin != "mediation" else unit.user,
                            category="dispute"
                            if origin == "mediation"
                            else ("conduct" if origin == "rectification" else None),
                            requester=(names.person(rng), names.phone(rng))
                            if origin != "rectification"
                            else ("", ""),
                            target_unit=community,
                            **extra,
                        )
                        if origin == "mediation":
                            mediation(
                                ctx,
                                rng,
                                filed.id,
                                filed.resolved_on,
                                day,
                                unit,
                                cases,
                                parties,
                                sessions,
                            )
            supervision_day(ctx, rng, month, sub, days, inspections, supervisors, writer)
    ctx.flush()


def mediation(ctx, rng, matter_id, concluded, reported, unit, cases, parties, sessions):  # type: ignore[no-untyped-def]
    cid = cases.ids()
    outcome, agreement, referred = "", "", ""
    if concluded:
        roll = rng.random()
        outcome = "agreement" if roll < 0.85 else "referred" if roll < 0.95 else "withdrawn"
        agreement = "双方自愿达成调解协议" if outcome == "agreement" else ""
        referred = "区人民法院" if outcome == "referred" else ""
    cases.add(
        (
            cid,
            matter_id,
            f"B{ctx.seed}-{ctx.year}-{cid:07d}",
            rng.choice(MEDIATION_CATEGORIES),
            outcome,
            agreement,
            referred,
            concluded.isoformat() if concluded else None,
            concluded.year * 100 + concluded.month if concluded else None,
        )
    )
    for side in ("applicant", "respondent"):
        parties.add((parties.ids(), cid, side, names.person(rng), names.phone(rng)))
    last = concluded or min(reported + dt.timedelta(days=10), ctx.year_end)
    for n in range(rng.randint(1, 2)):
        held = reported + dt.timedelta(days=((last - reported).days * (n + 1)) // 2)
        sessions.add(
            (
                sessions.ids(),
                cid,
                held.isoformat(),
                f"{unit.name}调解室",
                "调解员",
                "双方陈述，调解员释法说理",
                unit.user,
            )
        )
    ctx.count(reported.year * 100 + reported.month, 4)


def supervision_day(ctx, rng, month, sub, days, inspections, supervisors, writer):  # type: ignore[no-untyped-def]
    held = ctx.day(rng, month)
    mkey = ctx.key(month)
    did = days.ids()
    office_user = sub.office_user or ctx.root_user
    days.add(
        (
            did,
            held.isoformat(),
            mkey,
            sub.id,
            f"{month}月固定监督日",
            "上提下沉，督查作风建设",
            office_user,
        )
    )
    pool = sub.communities + sub.offices
    for person in sub.supervisors[: rng.randint(2, 3)]:
        supervisors.add((supervisors.ids(), did, person))
    for unit_id in rng.sample(pool, min(len(pool), rng.randint(6, 10))):
        inspections.add((inspections.ids(), did, unit_id))
        for _ in range(rng.choice((0, 0, 1, 1, 1, 2, 3))):
            writer.file(
                origin="supervision",
                reported_on=held,
                reporting=sub.id,
                responsible=unit_id,
                reporter=office_user,
                assigner=office_user,
                category="conduct",
                rectification_kind="supervision_day",
                supervision_day=did,
            )
        ctx.count(mkey)
