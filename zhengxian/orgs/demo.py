"""Demo builder: the organisation of Chengxiang Sub-district (城厢街道), Xiaoshan.

萧山区 → 城厢街道 → twelve communities (社区), each with three to six grids (网格), and eight
offices (科室), with about three hundred people holding every role, each with an account.

Names: the seed (a 2023 report on the sub-district's campaign) names 萧山区, 城厢街道 and
湘湖社区 (its 湘湖未来社区 and 湘湖党群服务中心). Every other community is invented for the
demo; most borrow a place name the seed mentions (湖头陈, 城河, 东湘, 南门, 育才, 西湘里, 杜湖,
通惠路, 休博路), which does not mean a community of that name exists. The offices follow the
usual set-up of a Zhejiang sub-district. Every person is invented, from a seeded generator
over common surnames and given-name characters; phone numbers are 1390000xxxx. Every unit
and person this builder creates is marked ``is_demo``.

The plan (what should exist) is computed from ``rng`` alone, before the database is read, so
the same seed gives the same names however much of the demo already exists; then only the
missing units, people and roles are created, through the services, so each write is audited.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.hashers import make_password
from django.db.models.functions import Lower

from zhengxian.core.actors import system_actor
from zhengxian.core.demo import DEMO_PASSWORD

from .models import Person, RoleAssignment, Unit, UnitKind
from .roles import Role
from .services import person_create, person_update, role_assign, unit_create

User = get_user_model()
ACTOR = system_actor("load_demo")

DISTRICT_CODE = "XS"
SUBDISTRICT_CODE = "CX"

# (code suffix, name, where the name comes from). Only 湘湖社区 is a community in the seed.
COMMUNITIES: list[tuple[str, str, str]] = [
    ("XH", "湘湖社区", "seed: 湘湖社区, 湘湖未来社区"),
    ("HTC", "湖头陈社区", "invented, after the seed's 湖头陈工业园区 and 湖头陈安置房"),
    ("CH", "城河社区", "invented, after the seed's 寻梦城河 brand"),
    ("DX", "东湘社区", "invented, after the seed's 东湘安置房"),
    ("NM", "南门社区", "invented, after the seed's 南门区块安置房"),
    ("YC", "育才社区", "invented, after the seed's 育才夜市 and 育才西苑"),
    ("XXL", "西湘社区", "invented, after the seed's 西湘里"),
    ("DH", "杜湖社区", "invented, after the seed's 杜湖内河"),
    ("TH", "通惠社区", "invented, after the seed's 通惠路安置区"),
    ("XB", "休博社区", "invented, after the seed's 休博路"),
    ("HM", "惠民社区", "invented"),
    ("YH", "银河社区", "invented"),
]

# (code suffix, name, note). Offices are the usual ones of a sub-district; none is in the seed
# by name except 作风办 (the campaign office, which sits in 党政办) and the 征迁 work.
OFFICES: list[tuple[str, str, str]] = [
    ("DZB", "党政办", "hosts 作风办, the campaign office"),
    ("DJB", "党建办", ""),
    ("JFB", "经济发展办", ""),
    ("CJB", "城市建设办", ""),
    ("ZLB", "社会治理办（平安办）", ""),
    ("MSB", "民生服务办", ""),
    ("JJS", "纪检监察室", "supervisors; the 社区监察联络站 report here"),
    ("ZQB", "征迁办", "the seed's 湖头陈工业园区南片 relocation"),
]

XIANGHU_CODE = f"{SUBDISTRICT_CODE}-XH"

# The memorable accounts printed by load_demo: one per role (two cadres: a community's and
# a grid's), all with DEMO_PASSWORD. The builder gives each exactly this one role.
DEMO_LOGINS: list[tuple[str, str]] = [
    ("office", Role.OFFICE),
    ("evaluator", Role.EVALUATOR),
    ("leader_xianghu", Role.UNIT_LEADER),
    ("cadre_xianghu", Role.CADRE),
    ("gridder", Role.CADRE),
    ("project_lead", Role.PROJECT_LEAD),
    ("supervisor", Role.SUPERVISOR),
    ("leadership", Role.LEADERSHIP),
    ("viewer", Role.VIEWER),
]

_NUMERALS = "一二三四五六七八九十"

# Common surnames of Xiaoshan and Zhejiang by rough frequency: a surname in the first string
# is drawn three times as often as one in the last.
_SURNAMES_BY_WEIGHT = {
    3: "王陈张李沈徐周吴杨",
    2: "俞汪孙朱钱倪韩来楼施蔡何黄金方郑许胡",
    1: "华余傅葛项潘丁邵高姚章莫任屠单田毛鲁戴顾",
}
_SURNAMES = [(c, w) for w, chars in _SURNAMES_BY_WEIGHT.items() for c in chars]

# Given-name characters, in two pools so that a name does not mix the usual styles.
_GIVEN_POOLS = (
    "伟强磊军洋勇杰涛明超刚建国辉斌宇浩凯鑫俊亮波峰飞志海林健铭轩诚毅力卫东达彬航睿哲杭晨阳文华平",
    "芳娜敏静丽艳娟秀霞英玲婷燕欣佳怡雨嘉琪颖思宁倩丹红梅琳慧萍云涵悦兰蕾瑶晓月洁春秋晨文华平",
)

# Real people named in the seed: never generated.
_BLOCKED_NAMES = frozenset({"张榕蓉"})


@dataclass(frozen=True)
class UnitSpec:
    code: str
    name: str
    kind: str
    parent_code: str | None
    sort_order: int
    note: str = ""


@dataclass(frozen=True)
class PersonSpec:
    username: str
    name: str
    unit_code: str
    position: str
    phone: str
    roles: tuple[tuple[str, str], ...]  # (role, scope unit code)


@dataclass
class Plan:
    """What the demo organisation should contain, in creation order."""

    rng: random.Random
    units: list[UnitSpec] = field(default_factory=list)
    people: list[PersonSpec] = field(default_factory=list)
    _names: set[str] = field(default_factory=lambda: set(_BLOCKED_NAMES))

    def unit(
        self, code: str, name: str, kind: str, parent: str | None, order: int, note: str = ""
    ) -> str:
        self.units.append(UnitSpec(code, name, kind, parent, order, note))
        return code

    def person(
        self, unit: str, position: str, roles: Sequence[tuple[str, str]], username: str = ""
    ) -> None:
        serial = len(self.people) + 1
        self.people.append(
            PersonSpec(
                username=username or f"cx{serial:04d}",
                name=self._new_name(),
                unit_code=unit,
                position=position,
                phone=f"1390000{serial:04d}",  # obviously fake, valid for the phone validator
                roles=tuple(roles),
            )
        )

    def _new_name(self) -> str:
        surnames, weights = zip(*_SURNAMES, strict=True)
        while True:
            surname = self.rng.choices(surnames, weights)[0]
            length = 2 if self.rng.random() < 0.65 else 1
            pool = self.rng.choice(_GIVEN_POOLS)
            name = surname + "".join(self.rng.choice(pool) for _ in range(length))
            if name not in self._names and len(set(name)) == len(name):
                self._names.add(name)
                return name


def plan(rng: random.Random) -> Plan:
    """The whole organisation, from ``rng`` alone (no database reads)."""
    p = Plan(rng)
    cx = SUBDISTRICT_CODE
    p.unit(DISTRICT_CODE, "萧山区", UnitKind.DISTRICT, None, 0, "seed")
    p.unit(cx, "城厢街道", UnitKind.SUBDISTRICT, DISTRICT_CODE, 0, "seed")

    communities = [
        p.unit(f"{cx}-{suffix}", name, UnitKind.COMMUNITY, cx, 10 + i, note)
        for i, (suffix, name, note) in enumerate(COMMUNITIES)
    ]
    offices = {
        suffix: p.unit(f"{cx}-{suffix}", name, UnitKind.OFFICE, cx, 100 + i, note)
        for i, (suffix, name, note) in enumerate(OFFICES)
    }
    grids: dict[str, list[str]] = {}
    for community, (_suffix, name, _note) in zip(communities, COMMUNITIES, strict=True):
        count = rng.randint(3, 6)
        grids[community] = [
            p.unit(
                f"{community}-G{n}", f"{name}第{_NUMERALS[n - 1]}网格", UnitKind.GRID, community, n
            )
            for n in range(1, count + 1)
        ]

    # The sub-district's leadership (班子); several also lead key projects (包联领导).
    p.person(cx, "党工委书记", [(Role.LEADERSHIP, cx)], username="leadership")
    p.person(cx, "党工委副书记、办事处主任", [(Role.LEADERSHIP, cx), (Role.PROJECT_LEAD, cx)])
    p.person(cx, "党工委副书记", [(Role.LEADERSHIP, cx), (Role.PROJECT_LEAD, cx)])
    p.person(cx, "人大工委主任", [(Role.LEADERSHIP, cx)])
    p.person(cx, "纪工委书记", [(Role.LEADERSHIP, cx), (Role.SUPERVISOR, cx)])
    p.person(cx, "党工委委员、副主任", [(Role.PROJECT_LEAD, cx)], username="project_lead")
    p.person(cx, "党工委委员、副主任", [(Role.LEADERSHIP, cx), (Role.PROJECT_LEAD, cx)])
    p.person(cx, "党工委委员、副主任", [(Role.LEADERSHIP, cx), (Role.PROJECT_LEAD, cx)])
    p.person(cx, "党工委委员、组织委员", [(Role.LEADERSHIP, cx)])
    p.person(cx, "武装部部长", [(Role.LEADERSHIP, cx), (Role.PROJECT_LEAD, cx)])

    # District observers who follow the campaign without taking part.
    p.person(DISTRICT_CODE, "区委组织部联络员", [(Role.VIEWER, cx)], username="viewer")
    p.person(DISTRICT_CODE, "区委督查室联络员", [(Role.VIEWER, cx)])

    # Offices: a head, a deputy and staff; the campaign office, evaluators and supervisors.
    for suffix, office in offices.items():
        p.person(office, "主任", [(Role.UNIT_LEADER, office)])
        p.person(office, "副主任", [(Role.CADRE, office)])
        if suffix == "DZB":
            p.person(office, "作风办主任", [(Role.OFFICE, cx), (Role.CADRE, office)])
            p.person(office, "作风办干事", [(Role.OFFICE, cx)], username="office")
            p.person(office, "作风办干事", [(Role.OFFICE, cx), (Role.CADRE, office)])
            p.person(office, "考评员", [(Role.EVALUATOR, cx)], username="evaluator")
        if suffix in {"DJB", "JFB", "ZLB"}:
            p.person(office, "考评员", [(Role.EVALUATOR, cx), (Role.CADRE, office)])
        if suffix == "JJS":
            p.person(office, "监察员", [(Role.SUPERVISOR, cx)], username="supervisor")
            p.person(office, "监察员", [(Role.SUPERVISOR, cx), (Role.CADRE, office)])
        for _ in range(rng.randint(3, 6)):
            roles = [(Role.CADRE, office)]
            if suffix == "JJS":
                roles.append((Role.SUPERVISOR, cx))
            p.person(office, "科员", roles)

    # Communities: 书记 and 主任 lead, cadres work, a 监察联络站 head supervises, the
    # 居务监督委员会 watches; each grid has a 网格长 and one or two 网格员.
    for community in communities:
        xianghu = community == XIANGHU_CODE
        p.person(
            community,
            "社区书记",
            [(Role.UNIT_LEADER, community)],
            username="leader_xianghu" if xianghu else "",
        )
        p.person(community, "社区主任", [(Role.UNIT_LEADER, community)])
        p.person(community, "副书记", [(Role.CADRE, community)])
        p.person(community, "副主任", [(Role.CADRE, community)])
        p.person(
            community, "监察联络站站长", [(Role.SUPERVISOR, community), (Role.CADRE, community)]
        )
        p.person(community, "居务监督委员会主任", [(Role.VIEWER, community)])
        for n in range(rng.randint(3, 5)):
            p.person(
                community,
                "社工",
                [(Role.CADRE, community)],
                username="cadre_xianghu" if xianghu and n == 0 else "",
            )
        for g, grid in enumerate(grids[community]):
            p.person(grid, "网格长", [(Role.CADRE, grid)])
            for n in range(rng.randint(1, 2)):
                p.person(
                    grid,
                    "网格员",
                    [(Role.CADRE, grid)],
                    username="gridder" if xianghu and g == 0 and n == 0 else "",
                )
    return p


def build(*, today: dt.date, rng: random.Random) -> dict[str, Any]:
    """Creates the units, people, accounts and roles of the plan that do not exist yet."""
    p = plan(rng)

    units = {u.code: u for u in Unit.objects.filter(code__in=[s.code for s in p.units])}
    new_units = 0
    for spec in p.units:
        if spec.code in units:
            continue  # an existing unit is kept as it is (it may have been edited since)
        parent = units[spec.parent_code] if spec.parent_code else None
        units[spec.code] = unit_create(
            actor=ACTOR,
            code=spec.code,
            name=spec.name,
            kind=spec.kind,
            parent=parent,
            sort_order=spec.sort_order,
            is_demo=True,
        )
        new_units += 1

    usernames = [s.username for s in p.people]
    users = {
        u.username.lower(): u
        for u in User.objects.annotate(lower=Lower("username"))
        .filter(lower__in=usernames)
        .select_related("person")
    }
    held = set(
        RoleAssignment.objects.filter(person__user__in=users.values()).values_list(
            "person_id", "role", "unit_id"
        )
    )

    # Argon2 takes ~50 ms a hash: hashing the shared demo password once and giving every
    # demo account the same hash string keeps a load of hundreds of accounts in seconds.
    # (Equal salts are acceptable here: all these accounts share one published password.)
    hashed: str | None = None
    new_people = new_roles = 0
    for person_spec in p.people:
        user: AbstractBaseUser | None = users.get(person_spec.username)
        person: Person | None = getattr(user, "person", None) if user is not None else None
        if person is None:
            if user is None:
                hashed = hashed or make_password(DEMO_PASSWORD)
                user = User(
                    username=person_spec.username, password=hashed, must_change_password=False
                )
                user.full_clean()
                user.save()
            # Roles are given below, so that one loop serves new and existing people.
            person, _temporary = person_create(
                actor=ACTOR,
                name=person_spec.name,
                unit=units[person_spec.unit_code],
                position=person_spec.position,
                phone=person_spec.phone,
                is_demo=True,
            )
            person = person_update(actor=ACTOR, person=person, user=user)
            new_people += 1
        for role, scope_code in person_spec.roles:
            scope = units[scope_code]
            if (person.pk, role, scope.pk) not in held:
                role_assign(actor=ACTOR, person=person, role=role, unit=scope)
                held.add((person.pk, role, scope.pk))
                new_roles += 1

    return {
        "units": len(p.units),
        "units created": new_units,
        "people": len(p.people),
        "people created": new_people,
        "roles": sum(len(s.roles) for s in p.people),
        "roles created": new_roles,
    }


# Lookups for later builders and for load_demo's table of logins.


def subdistrict() -> Unit:
    return Unit.objects.get(code=SUBDISTRICT_CODE)


def communities() -> list[Unit]:
    codes = [f"{SUBDISTRICT_CODE}-{suffix}" for suffix, _name, _note in COMMUNITIES]
    return list(Unit.objects.filter(code__in=codes).order_by("sort_order", "code"))


def offices() -> list[Unit]:
    codes = [f"{SUBDISTRICT_CODE}-{suffix}" for suffix, _name, _note in OFFICES]
    return list(Unit.objects.filter(code__in=codes).order_by("sort_order", "code"))


def grids(community: Unit | None = None) -> list[Unit]:
    parents = [community] if community is not None else communities()
    units = Unit.objects.filter(kind=UnitKind.GRID, parent__in=parents)
    return list(units.order_by("path"))


def demo_person(username: str) -> Person:
    return Person.objects.select_related("unit", "user").get(user__username=username)


@dataclass(frozen=True)
class DemoLogin:
    account: str
    password: str
    name: str
    unit: str
    role: str


def demo_logins() -> list[DemoLogin]:
    """The memorable demo accounts, one per role, as load_demo prints them."""
    people: dict[str, Person] = {}
    for found in Person.objects.select_related("unit", "user").filter(
        user__username__in=[username for username, _role in DEMO_LOGINS]
    ):
        if found.user is not None:  # always: the filter goes through the user
            people[found.user.username] = found
    rows = []
    for username, role in DEMO_LOGINS:
        person = people.get(username)
        if person is None:
            continue
        rows.append(
            DemoLogin(
                account=username,
                password=DEMO_PASSWORD,
                name=person.name,
                unit=person.unit.name,
                role=str(Role(role).label),
            )
        )
    return rows
