"""Study, training and events: activities, sessions, rosters (expected attendees) and
sign-ins; brands (寻梦城河, 迎亚运) and their events' participant counts; party-alliance
events (厢心力). Sessions are held (closed) or, now and then, cancelled or never opened."""

from __future__ import annotations

from zhengxian.activities.models import (
    Activity,
    Brand,
    ExpectedAttendee,
    Session,
    SignIn,
)

from .context import Context, UnitInfo

BRANDS = (("xunmeng-chenghe", "寻梦城河"), ("ying-yayun", "迎亚运"))
SHARING_MONTHS = (3, 6, 9, 12)
OFFICE_ALLIANCE_MONTHS = (3, 6, 9, 12)
COMMUNITY_ALLIANCE_MONTHS = (1, 3, 5, 7, 9, 11)


class Writer:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.rng = ctx.rng("activities")
        self.activities = ctx.table(
            Activity,
            (
                "id",
                "kind",
                "title",
                "series",
                "organiser_id",
                "brand_id",
                "alliance",
                "partners",
                "description",
                "created_by_id",
            ),
            "activities",
        )
        self.sessions = ctx.table(
            Session,
            (
                "id",
                "activity_id",
                "number",
                "title",
                "starts_at",
                "ends_at",
                "place",
                "month",
                "status",
                "opened_at",
                "closed_at",
                "token",
                "participants",
            ),
            "sessions",
        )
        self.expected = ctx.table(
            ExpectedAttendee,
            ("id", "session_id", "person_id", "unit_id", "month"),
            "expected_attendees",
        )
        self.sign_ins = ctx.table(
            SignIn,
            (
                "id",
                "session_id",
                "person_id",
                "unit_id",
                "month",
                "signed_at",
                "method",
                "reason",
                "recorded_by_id",
            ),
            "sign_ins",
        )

    def activity(
        self,
        kind: str,
        title: str,
        organiser: UnitInfo,
        *,
        series: str = "",
        brand: int | None = None,
        alliance: str = "",
        partners: str = "",
    ) -> int:
        aid = self.activities.ids()
        self.activities.add(
            (aid, kind, title, series, organiser.id, brand, alliance, partners, "", organiser.user)
        )
        return aid

    def session(
        self,
        aid: int,
        number: int,
        month: int,
        organiser: UnitInfo,
        roster: list[tuple[int, int]] = (),
        participants: int | None = None,
        held_share: float = 0.94,
    ) -> None:  # type: ignore[assignment]
        ctx, rng = self.ctx, self.rng
        day = ctx.day(rng, month)
        start = 14 * 60 + 30
        roll = rng.random()
        status = (
            "closed"
            if roll < held_share
            else "cancelled"
            if roll < held_share + 0.03
            else "planned"
        )
        sid = self.sessions.ids()
        at = ctx.stamp.at
        held = status == "closed"
        self.sessions.add(
            (
                sid,
                aid,
                number,
                f"第{number}次",
                at(day, start),
                at(day, start + 120),
                f"{organiser.name}会议室",
                ctx.key(month),
                status,
                at(day, start - 30) if held else None,
                at(day, start + 120) if held else None,
                f"b{ctx.seed}s{sid:040d}",
                participants if held else None,
            )
        )
        ctx.count(ctx.key(month))
        for person, unit in roster:
            self.expected.add((self.expected.ids(), sid, person, unit, ctx.key(month)))
            if held and rng.random() < 0.78 + ctx.units[unit].diligence * 0.12:
                late = rng.random() < 0.08
                minute = start + (rng.randint(6, 30) if late else -rng.randint(0, 25))
                manual = rng.random() < 0.05
                self.sign_ins.add(
                    (
                        self.sign_ins.ids(),
                        sid,
                        person,
                        unit,
                        ctx.key(month),
                        at(day, minute),
                        "manual" if manual else "qr",
                        "手机没电，现场登记" if manual else "",
                        organiser.user if manual else None,
                    )
                )
                ctx.count(ctx.key(month))
            ctx.count(ctx.key(month))


def build(ctx: Context) -> None:
    w = Writer(ctx)
    rng = w.rng
    y = ctx.year
    brands = ctx.table(Brand, ("id", "code", "name", "owner_id", "description"), "brands")
    brand_ids = []
    for code, name in BRANDS:
        bid = brands.ids()
        brands.add((bid, code, name, ctx.root, name))
        brand_ids.append(bid)
    competing = [u for u in ctx.units.values() if u.kind in ("community", "office")]
    ctx.progress.expect("sessions", len(competing) * 16 + len(ctx.subdistricts) * 12)
    ctx.progress.expect("expected_attendees", len(competing) * 12 * 8)
    for unit in competing:
        committee = [(p, unit.id) for p in unit.people[: rng.randint(6, 9)]]
        aid = w.activity("first_topic", f"{y}年“第一议题”学习", unit, series="理论学习中心组")
        for month in ctx.months:
            w.session(aid, month, month, unit, committee)
        aid = w.activity("sharing", f"{y}年青城学院“三争五赛”主题分享会", unit, series="青城学院")
        for n, month in enumerate(SHARING_MONTHS, start=1):
            w.session(aid, n, month, unit, held_share=0.9)
        alliance_months = (
            COMMUNITY_ALLIANCE_MONTHS if unit.kind == "community" else OFFICE_ALLIANCE_MONTHS
        )
        aid = w.activity(
            "alliance", f"{y}年“厢心力”党建联建", unit, alliance="厢心力", partners="辖区共建单位"
        )
        for n, month in enumerate(alliance_months, start=1):
            w.session(aid, n, month, unit, participants=rng.randint(15, 80))
        if unit.kind == "community":
            events = [
                w.activity("event", f"{y}年{name}系列活动", unit, brand=bid)
                for bid, (_c, name) in zip(brand_ids, BRANDS, strict=True)
            ]
            for month in ctx.months:
                for activity, share in zip(events, (0.6, 0.5), strict=True):
                    if rng.random() < share:
                        size = int(rng.randint(30, 300) * ctx.weight(month) * unit.diligence)
                        w.session(activity, month, month, unit, participants=size)
    for sub in ctx.subdistricts:
        organiser = ctx.units[sub.id]
        aid = w.activity("training", f"{y}年党员干部轮训", organiser, series="党员干部轮训")
        cadres = [(p, u) for u in sub.communities + sub.offices for p in ctx.units[u].people]
        for month in ctx.months:
            batch = cadres[month - 1 :: 12]
            w.session(aid, month, month, organiser, batch, held_share=0.97)
    ctx.flush()
