"""The registers (enterprises, sites), visits with their participants, and the matters the
visits raise (15 %). A grid's cadres visit households, enterprises and sites of their
community; an office's cadres visit the communities and enterprises of their sub-district."""

from __future__ import annotations

from zhengxian.matters.models import Enterprise, Site, Visit, VisitParticipant
from zhengxian.matters.services.registers import name_key

from . import names
from .context import Context, poisson
from .matters import MatterWriter

VISITS_PER_PERSON = 0.5  # a month
MATTER_SHARE = 0.15
TARGETS = (("household", 0.60), ("enterprise", 0.20), ("community", 0.15), ("site", 0.05))
SITE_KINDS = (
    ("construction", "工地"),
    ("market", "夜市"),
    ("waterway", "内河"),
    ("public", "广场"),
)
SUMMARIES = {
    "household": "入户走访，了解家庭情况和诉求",
    "enterprise": "走访企业，了解生产经营情况和困难",
    "community": "到社区调研，听取工作汇报",
    "site": "现场巡查，检查安全和环境情况",
}


def registers(ctx: Context) -> dict[int, tuple[list[int], list[int]]]:
    """{community id: (enterprise ids, site ids)}."""
    rng = ctx.rng("registers")
    enterprises = ctx.table(
        Enterprise,
        ("id", "name", "name_key", "credit_code", "unit_id", "address", "is_key", "created_by_id"),
        "enterprises",
    )
    sites = ctx.table(Site, ("id", "name", "name_key", "kind", "unit_id", "created_by_id"), "sites")
    out: dict[int, tuple[list[int], list[int]]] = {}
    for unit in ctx.units.values():
        if unit.kind != "community":
            continue
        seen: set[str] = set()
        ent_ids = []
        for n in range(rng.randint(10, 25)):
            name = names.enterprise(rng, unit.name[:2])
            if name in seen:
                name = name.replace("有限公司", f"{n}号有限公司")
            seen.add(name)
            eid = enterprises.ids()
            ent_ids.append(eid)
            credit = f"91330109{rng.randrange(10**10):010d}"
            enterprises.add(
                (
                    eid,
                    name,
                    name_key(name),
                    credit,
                    unit.id,
                    f"{unit.name}{n + 1}号",
                    rng.random() < 0.1,
                    unit.user,
                )
            )
        site_ids = []
        for kind, label in SITE_KINDS[: rng.randint(2, 4)]:
            sid = sites.ids()
            site_ids.append(sid)
            name = f"{unit.name}{label}"
            sites.add((sid, name, name_key(name), kind, unit.id, unit.user))
        out[unit.id] = (ent_ids, site_ids)
    ctx.flush()
    return out


def build(ctx: Context) -> None:
    regs = registers(ctx)
    rng = ctx.rng("visits")
    writer = MatterWriter(ctx, ctx.rng("visit-matters"))
    visits = ctx.table(
        Visit,
        (
            "id",
            "unit_id",
            "visited_on",
            "month",
            "target_kind",
            "target_unit_id",
            "enterprise_id",
            "site_id",
            "household",
            "summary",
            "recorded_by_id",
        ),
        "visits",
    )
    participants = ctx.table(
        VisitParticipant, ("id", "visit_id", "person_id"), "visit_participants"
    )
    visiting = [u for u in ctx.units.values() if u.kind in ("grid", "community", "office")]
    people = sum(len(u.people) for u in visiting)
    ctx.progress.expect("visits", int(people * VISITS_PER_PERSON * 12))
    ctx.progress.expect("visit_participants", int(people * VISITS_PER_PERSON * 12 * 1.25))
    kinds, weights = zip(*TARGETS, strict=True)
    for month in ctx.months:
        mkey = ctx.key(month)
        for unit in visiting:
            sub = ctx.sub_by_id[unit.subdistrict]  # type: ignore[index]
            n = poisson(
                rng, len(unit.people) * VISITS_PER_PERSON * ctx.weight(month) * unit.diligence
            )
            for _ in range(n):
                day = ctx.day(rng, month)
                target = rng.choices(kinds, weights)[0]
                community = unit.community or rng.choice(sub.communities)
                enterprise = site = None
                household = ""
                if target == "enterprise":
                    enterprise = rng.choice(regs[community][0])
                elif target == "site":
                    site = rng.choice(regs[community][1])
                elif target == "household":
                    household = f"{rng.randint(1, 30)}幢{rng.randint(1, 4)}单元{rng.randint(1, 18)}0{rng.randint(1, 4)}室"
                vid = visits.ids()
                visits.add(
                    (
                        vid,
                        unit.id,
                        day.isoformat(),
                        mkey,
                        target,
                        community,
                        enterprise,
                        site,
                        household,
                        SUMMARIES[target],
                        unit.user,
                    )
                )
                who = rng.sample(
                    unit.people, 2 if rng.random() < 0.25 and len(unit.people) > 1 else 1
                )
                for pid in who:
                    participants.add((participants.ids(), vid, pid))
                ctx.count(mkey, 1 + len(who))
                if rng.random() < MATTER_SHARE:
                    roll = rng.random()
                    if unit.kind == "office" or roll < 0.3:
                        responsible = rng.choice(sub.offices) if sub.offices else community
                    elif unit.kind == "grid" and roll < 0.5:
                        responsible = unit.id
                    else:
                        responsible = community
                    office = ctx.units[responsible].kind == "office"
                    assigner = sub.office_user if office else ctx.units[community].user
                    writer.file(
                        origin="visit",
                        reported_on=day,
                        reporting=unit.id,
                        responsible=responsible,
                        reporter=unit.user,
                        assigner=assigner or ctx.root_user,
                        category="enterprise" if target == "enterprise" else None,
                        requester=(names.person(rng), names.phone(rng))
                        if target == "household"
                        else ("", ""),
                        place=household,
                        target_unit=community,
                        enterprise=enterprise,
                        site=site,
                        visit=vid,
                    )
    ctx.flush()
