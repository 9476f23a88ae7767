"""Demo builder: a year of study, the 轮训, 青城学院, 一河四站 and 党建联建, with sign-ins.

From the seed: the 理论学习中心组 studies the 第一议题 (here monthly, for the twelve months
up to today); the leaders of every community and office study it each month of the
campaign year; the 青城学院 holds a sharing session for young cadres each month, hosted
by a different unit; the 党员干部轮训 "提振精气神 奋勇争一流" opens on 21 March at 市委党校萧山分校
(a "厢心力" alliance partner) and then trains the communities' cadres in weekly batches; the
"寻梦城河" brand's "一河四站" new-spring season adds up to 60,000 person-times; the "厢心力"
alliance holds joint events. Topics, station names and all head counts are invented.

Sessions that ended before noon of ``today`` are held (opened, signed in by most of the
roster, a few late, a few by hand, then closed); a few monthly studies were missed and
stay planned; the rest lie ahead, among them a 湘湖社区 study this afternoon, ready to open.
Writes go through the services; the plan is drawn from ``rng`` before the database is
read. The activities are built once, dated to the first load: when demo activities exist,
a later load (on any day) adds nothing.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from zhengxian.orgs.demo import COMMUNITIES, OFFICES, SUBDISTRICT_CODE
from zhengxian.orgs.models import Person, Unit
from zhengxian.orgs.roles import Role

from . import services
from .models import Activity, ActivityKind, Brand, ExpectedAttendee, Season, Session, SignIn
from .services import Audience, SessionPlan

User = get_user_model()

CX = SUBDISTRICT_CODE
PARTY_SCHOOL = "市委党校萧山分校"  # seed: the 轮训 venue and a "厢心力" alliance partner
TRAINING_SERIES = "提振精气神 奋勇争一流"  # seed: the 轮训's title
TOPICS = [
    "传达学习“提振精气神、奋勇争一流”大会精神",  # seed
    "学习党的二十大精神",
    "学习《中国共产党章程》",
    "学习作风建设有关规定",
    "学习基层治理有关文件",
    "学习安全生产有关文件",
    "学习“三争五赛”比学活动方案",  # seed: the campaign itself
]
SHARING_TOPICS = [
    "“三争五赛”主题分享会",
    "青年干部成长分享会",
    "基层工作方法分享会",
    "亚运服务经验分享会",
]
STATIONS = [  # 一河四站: invented station names along the 城河
    (f"{CX}-CH", "一河四站·城河站"),
    (f"{CX}-XH", "一河四站·湘湖站"),
    (f"{CX}-NM", "一河四站·南门站"),
    (f"{CX}-YC", "一河四站·育才站"),
]
SPRING_TOTAL = 60_000  # seed: "累计吸引6万人次参与"
ALLIANCE_PARTNERS = [
    PARTY_SCHOOL,
    "区人民医院（示例）",
    "区税务局（示例）",
    "辖区企业党组织（示例）",
]
REASONS = ["手机没电，现场登记", "扫码失败，现场登记", "未带手机，现场登记"]


@dataclass(frozen=True)
class AudienceSpec:
    unit_codes: tuple[str, ...] = ()
    role: str = ""
    subunits: bool = True
    young_cadres: bool = False  # 青城学院: a fixed group chosen by hand


@dataclass(frozen=True)
class SessionSpec:
    start: dt.datetime
    minutes: int
    place: str
    title: str = ""
    audience: AudienceSpec | None = None
    participants: int | None = None
    missed: bool = False  # was due and not held


@dataclass(frozen=True)
class ActivitySpec:
    kind: str
    title: str
    organiser: str
    sessions: tuple[SessionSpec, ...]
    audience: AudienceSpec = AudienceSpec()
    series: str = ""
    brand: str = ""
    alliance: str = ""
    partners: str = ""
    attend: float = 0.9


def moment(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def months_back(today: dt.date, count: int) -> list[tuple[int, int]]:
    """The ``count`` months up to and including today's, oldest first."""
    year, month = today.year, today.month
    months = []
    for _ in range(count):
        months.append((year, month))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return list(reversed(months))


def weekday_on_or_after(day: dt.date) -> dt.date:
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


def plan(today: dt.date, rng: random.Random) -> list[ActivitySpec]:
    specs: list[ActivitySpec] = []
    specs += _centre_group(today, rng)
    specs += _unit_studies(today, rng)
    specs += _sharing(today, rng)
    specs.append(_training(today))
    specs += _stations(today, rng)
    specs += _asian_games(today, rng)
    specs += _alliance(today, rng)
    return specs


def _centre_group(today: dt.date, rng: random.Random) -> list[ActivitySpec]:
    """理论学习中心组: the 第一议题 each month for the leadership, twelve months back."""
    specs = []
    for year, month in months_back(today, 12):
        date = weekday_on_or_after(dt.date(year, month, 3))
        topic = rng.choice(TOPICS)
        specs.append(
            ActivitySpec(
                kind=ActivityKind.FIRST_TOPIC,
                title=f"{year}年{month}月理论学习中心组第一议题：{topic}",
                organiser=CX,
                series="理论学习中心组",
                audience=AudienceSpec((CX,), Role.LEADERSHIP),
                sessions=(SessionSpec(moment(date, 8, 30), 90, "城厢街道办事处三楼会议室"),),
                attend=0.93,
            )
        )
    return specs


def _unit_studies(today: dt.date, rng: random.Random) -> list[ActivitySpec]:
    """Each community and office: its leaders study the 第一议题 once a month in the
    campaign year (at the unit's 班子 meeting)."""
    units = [f"{CX}-{suffix}" for suffix, _n, _note in COMMUNITIES + OFFICES]
    specs = []
    for year, month in months_back(today, today.month):
        for i, code in enumerate(units):
            date = weekday_on_or_after(dt.date(year, month, 4 + i % 10))
            start = moment(date, 16, 0)
            if code == f"{CX}-XH" and (year, month) == (today.year, today.month):
                start = moment(today, 14, 30)  # this afternoon: ready to open in the demo
            specs.append(
                ActivitySpec(
                    kind=ActivityKind.FIRST_TOPIC,
                    title=f"{year}年{month}月第一议题学习",
                    organiser=code,
                    audience=AudienceSpec((code,), Role.UNIT_LEADER, subunits=False),
                    sessions=(SessionSpec(start, 60, "本单位会议室", missed=rng.random() < 0.06),),
                )
            )
    return specs


def _sharing(today: dt.date, rng: random.Random) -> list[ActivitySpec]:
    """青城学院: a sharing session a month for young cadres, hosted in turn, to next month."""
    hosts = [f"{CX}-{suffix}" for suffix, _n, _note in COMMUNITIES[:6]] + [f"{CX}-DJB"]
    specs = []
    first, *_rest = months_back(today, 6)
    year, month = first
    for i in range(7):
        date = weekday_on_or_after(dt.date(year, month, 20))
        specs.append(
            ActivitySpec(
                kind=ActivityKind.SHARING,
                title=f"青城学院{year}年{month}月{rng.choice(SHARING_TOPICS)}",
                organiser=hosts[i % len(hosts)],
                series="青城学院",
                audience=AudienceSpec(young_cadres=True),
                sessions=(SessionSpec(moment(date, 14, 0), 120, "城厢街道党群服务中心青城学院"),),
                attend=0.85,
            )
        )
        year, month = (year, month + 1) if month < 12 else (year + 1, 1)
    return specs


def _training(today: dt.date) -> ActivitySpec:
    """The 轮训: the launch on 21 March at the party school, then weekly batches."""
    year = today.year
    launch = SessionSpec(
        moment(dt.date(year, 3, 21), 9, 0),
        180,
        PARTY_SCHOOL,
        title="启动仪式暨第一讲",
        audience=AudienceSpec((CX,), Role.UNIT_LEADER),
    )
    communities = [f"{CX}-{suffix}" for suffix, _n, _note in COMMUNITIES]
    batches = tuple(
        SessionSpec(
            moment(dt.date(year, 3, 28) + dt.timedelta(weeks=n), 9, 0),
            180,
            PARTY_SCHOOL,
            title=f"第{n + 1}期",
            audience=AudienceSpec(tuple(communities[3 * n : 3 * n + 3]), Role.CADRE),
        )
        for n in range(4)
    )
    return ActivitySpec(
        kind=ActivityKind.TRAINING,
        title=f"{year}年城厢街道“提振精气神 奋勇争一流”党员干部轮训",
        organiser=f"{CX}-DJB",
        series=TRAINING_SERIES,
        alliance="厢心力",
        partners=PARTY_SCHOOL,
        audience=AudienceSpec((CX,), Role.CADRE),
        sessions=(launch, *batches),
        attend=0.88,
    )


def spring_year(today: dt.date) -> int:
    return today.year if today >= dt.date(today.year, 2, 1) else today.year - 1


def _stations(today: dt.date, rng: random.Random) -> list[ActivitySpec]:
    """一河四站 新春季: four stations, four evenings each, 60,000 person-times in all."""
    year = spring_year(today)
    evenings = [
        dt.date(year, 2, 1) + dt.timedelta(days=3 * n + rng.randint(0, 2)) for n in range(16)
    ]
    weights = [rng.uniform(0.6, 1.4) for _ in evenings]
    counts = [int(SPRING_TOTAL * w / sum(weights)) for w in weights]
    counts[0] += SPRING_TOTAL - sum(counts)
    specs = []
    for s, (code, name) in enumerate(STATIONS):
        sessions = tuple(
            SessionSpec(
                moment(evenings[4 * n + s], 18, 30),
                150,
                name.split("·")[1],
                title=f"第{n + 1}场",
                participants=counts[4 * n + s],
            )
            for n in range(4)
        )
        specs.append(
            ActivitySpec(
                kind=ActivityKind.EVENT,
                title=f"“寻梦城河”{name}新春季活动",
                organiser=code,
                brand="xunmeng-chenghe",
                sessions=sessions,
            )
        )
    return specs


def _asian_games(today: dt.date, rng: random.Random) -> list[ActivitySpec]:
    """迎亚运 culture events (the preset scores them): three, in the weeks before today."""
    codes = [f"{CX}-{suffix}" for suffix, _n, _note in COMMUNITIES[:3]]
    return [
        ActivitySpec(
            kind=ActivityKind.EVENT,
            title=f"“迎亚运”文化进社区（{n + 1}）",
            organiser=codes[n],
            brand="ying-yayun",
            sessions=(
                SessionSpec(
                    moment(today - dt.timedelta(days=10 + 18 * n), 19, 0),
                    120,
                    "社区文化广场",
                    participants=rng.randint(300, 900),
                ),
            ),
        )
        for n in range(3)
    ]


def _alliance(today: dt.date, rng: random.Random) -> list[ActivitySpec]:
    """ "厢心力" 党建联建: each community a joint event every other month of the year."""
    specs = []
    for year, month in months_back(today, today.month):
        for i, (suffix, name, _note) in enumerate(COMMUNITIES):
            if (i + month) % 2:
                continue
            partner = rng.choice(ALLIANCE_PARTNERS)
            date = weekday_on_or_after(dt.date(year, month, 10 + i))
            specs.append(
                ActivitySpec(
                    kind=ActivityKind.ALLIANCE,
                    title=f"“厢心力”党建联建：{name}与{partner}共建活动（{month}月）",
                    organiser=f"{CX}-{suffix}",
                    alliance="厢心力",
                    partners=partner,
                    sessions=(
                        SessionSpec(
                            moment(date, 15, 0),
                            120,
                            f"{name}党群服务中心",
                            participants=rng.randint(20, 80),
                        ),
                    ),
                )
            )
    return specs


# -- building ----------------------------------------------------------------------------


def _brands(office: Any, units: dict[str, Unit], today: dt.date) -> int:
    made = 0
    wanted = [
        ("xunmeng-chenghe", "寻梦城河", "城厢街道文化品牌：城河沿线的“一河四站”系列活动。"),
        ("ying-yayun", "迎亚运", "“迎亚运”文化系列活动。"),
    ]
    existing = {b.code: b for b in Brand.objects.filter(code__in=[w[0] for w in wanted])}
    for code, name, description in wanted:
        if code not in existing:
            existing[code] = services.brand_create(
                actor=office,
                code=code,
                name=name,
                owner=units[CX],
                description=description,
                is_demo=True,
            )
            made += 1
    year = spring_year(today)
    brand = existing["xunmeng-chenghe"]
    if not Season.objects.filter(brand=brand, name=f"{year}年新春季").exists():
        services.season_create(
            actor=office,
            brand=brand,
            name=f"{year}年新春季",
            starts_on=dt.date(year, 2, 1),
            ends_on=dt.date(year, 3, 31),
        )
    return made


def _audience(
    spec: AudienceSpec | None, units: dict[str, Unit], young: tuple[Person, ...]
) -> Audience | None:
    if spec is None:
        return None
    return Audience(
        units=tuple(units[code] for code in spec.unit_codes),
        role=spec.role,
        include_subunits=spec.subunits,
        people=young if spec.young_cadres else (),
    )


def _young_cadres() -> tuple[Person, ...]:
    """Twelve 社工 and 科员, the same ones on every run (drawn by account name)."""
    pool = list(
        Person.objects.filter(is_demo=True, position__in=["社工", "科员"])
        .select_related("unit")
        .order_by("user__username")
    )
    return tuple(random.Random("青城学院").sample(pool, min(12, len(pool))))


def _hold(session: Session, spec: SessionSpec, activity: ActivitySpec, office: Any) -> int:
    """Opens, signs in most of the roster, closes. Returns the sign-ins made."""
    if activity.kind in (ActivityKind.EVENT, ActivityKind.ALLIANCE):
        services.session_record_held(
            session=session, actor=office, participants=spec.participants, at=session.ends_at
        )
        return 0
    services.session_open(
        session=session, actor=office, at=session.starts_at - dt.timedelta(minutes=10)
    )
    draw = random.Random(f"{activity.title}:{session.number}")
    roster = (
        ExpectedAttendee.objects.filter(session=session)
        .select_related("person__user")
        .order_by("person__user__username", "person_id")
    )
    by_hand = []
    made = 0
    for row in roster:
        if draw.random() >= activity.attend or row.person.user is None:
            continue
        late = draw.random() < 0.1
        offset = draw.randint(6, 25) if late else draw.randint(-15, 4)
        if draw.random() < 0.03:
            by_hand.append(row.person)
            continue
        at = session.starts_at + dt.timedelta(minutes=offset)
        services.sign_in(token=session.token, actor=row.person.user, at=at)
        made += 1
    services.session_close(session=session, actor=office, at=session.ends_at)
    for person in by_hand:
        services.sign_in_by_hand(
            session=session, person=person, reason=draw.choice(REASONS), actor=office
        )
        made += 1
    return made


def build(*, today: dt.date, rng: random.Random) -> dict[str, Any]:
    """Builds the demo's activities once: dated to the first load, later loads add nothing."""
    specs = plan(today, rng)
    if Activity.objects.filter(is_demo=True).exists():
        return {"activities": len(specs), "activities created": 0, "sign-ins created": 0}
    office = User.objects.get(username="office")
    units = {u.code: u for u in Unit.objects.filter(code__startswith=CX)}
    brands_made = _brands(office, units, today)
    brands = {b.code: b for b in Brand.objects.all()}
    young = _young_cadres()
    noon = moment(today, 12, 0)
    made = sessions_made = signed = 0
    for spec in specs:
        activity = services.activity_create(
            actor=office,
            kind=spec.kind,
            title=spec.title,
            organiser=units[spec.organiser],
            series=spec.series,
            brand=brands.get(spec.brand),
            alliance=spec.alliance,
            partners=spec.partners,
            audience=_audience(spec.audience, units, young) or Audience(),
            sessions=[
                SessionPlan(
                    starts_at=s.start,
                    ends_at=s.start + dt.timedelta(minutes=s.minutes),
                    place=s.place,
                    title=s.title,
                    audience=_audience(s.audience, units, young),
                )
                for s in spec.sessions
            ],
            is_demo=True,
        )
        made += 1
        for session, session_spec in zip(
            activity.sessions.order_by("number"), spec.sessions, strict=True
        ):
            sessions_made += 1
            if session.ends_at <= noon and not session_spec.missed:
                signed += _hold(session, session_spec, spec, office)
    return {
        "activities": len(specs),
        "activities created": made,
        "sessions created": sessions_made,
        "sign-ins created": signed,
        "brands created": brands_made,
        "sign-ins in all": SignIn.objects.count(),
    }
