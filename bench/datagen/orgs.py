"""The unit tree, people, their roles and (only where work is recorded) their accounts.

Ids are chosen here, so each unit's materialised path is known before it is written (as
`bench/score_period.py` sets ``path`` for its units). Accounts have an unusable password
and are bulk-inserted: one per grid (the gridder who logs visits on a phone), per leader of
a community, office or sub-district, and the sub-district's campaign office and evaluator.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model

from zhengxian.orgs.models import Person, RoleAssignment, Unit
from zhengxian.orgs.roles import Role

from . import names
from .context import Context, SubdistrictInfo, UnitInfo

POSITIONS = {
    "grid": ["网格长", "专职网格员", "兼职网格员", "网格指导员"],
    "community": ["党委书记", "居委会主任", "副书记", "社工", "委员"],
    "office": ["主任", "副主任", "科员", "干事"],
    "subdistrict": ["党工委书记", "办事处主任", "副主任", "纪工委书记", "作风办主任", "考评员"],
    "district": ["区委书记", "区长", "副区长", "督查室主任"],
}


def build(ctx: Context) -> None:
    rng = ctx.rng("orgs")
    scale = ctx.scale
    units = ctx.table(
        Unit, ("id", "code", "name", "kind", "parent_id", "path", "depth", "sort_order"), "units"
    )

    def add(kind: str, code: str, name: str, parent: UnitInfo | None, order: int) -> UnitInfo:
        uid = units.ids()
        path = f"{parent.path if parent else '/'}{uid}/"
        depth = parent.path.count("/") - 1 if parent else 0
        info = UnitInfo(uid, kind, code, name, parent.id if parent else None, path)
        info.diligence = rng.uniform(0.5, 1.5)
        units.add((uid, code, name, kind, info.parent, path, depth, order))
        ctx.units[uid] = info
        return info

    prefix = f"B{ctx.seed}"
    province = scale.districts > 0
    root = add("district", prefix, "省" if province else "萧山区", None, 0)
    ctx.root = root.id
    districts = [
        add("district", f"{prefix}D{d:02d}", f"{names.place(rng)}区", root, d)
        for d in range(1, scale.districts + 1)
    ] or [root]
    for district in districts:
        for s in range(1, rng.randint(*scale.subdistricts) + 1):
            code = f"{district.code}S{s:02d}"
            street = "城厢街道" if scale.name == "street" else f"{names.place(rng)}街道"
            sub = add("subdistrict", code, street, district, s)
            sub.subdistrict = sub.id
            info = SubdistrictInfo(sub.id)
            ctx.subdistricts.append(info)
            ctx.sub_by_id[sub.id] = info
            for c in range(1, rng.randint(*scale.communities) + 1):
                village = rng.random() < 0.3
                name = f"{names.place(rng)}{'村' if village else '社区'}"
                com = add("community", f"{code}C{c:02d}", name, sub, c)
                com.subdistrict, com.community = sub.id, com.id
                info.communities.append(com.id)
                for g in range(1, rng.randint(*scale.grids) + 1):
                    grid = add("grid", f"{code}C{c:02d}G{g}", f"{name}第{g}网格", com, g)
                    grid.subdistrict, grid.community = sub.id, com.id
                    info.grids.append(grid.id)
            for o, office in enumerate(names.OFFICES[: rng.randint(*scale.offices)], start=1):
                off = add("office", f"{code}O{o}", office, sub, 100 + o)
                off.subdistrict = sub.id
                info.offices.append(off.id)
    units.flush()
    people(ctx, rng)


def people(ctx: Context, rng) -> None:  # type: ignore[no-untyped-def]
    User = get_user_model()
    persons = ctx.table(Person, ("id", "user_id", "name", "unit_id", "position", "phone"), "people")
    roles = ctx.table(RoleAssignment, ("id", "person_id", "role", "unit_id"), "roles")
    users = ctx.table(User, ("id", "username", "password", "date_joined", "is_active"), "users")
    total = sum(sum(ctx.scale.people[u.kind]) // 2 for u in ctx.units.values())
    ctx.progress.expect("people", total)
    ctx.progress.expect("roles", total)
    password = "!bench-unusable"
    stamp = ctx.created_stamp

    def account(label: str) -> int:
        uid = users.ids()
        users.add((uid, f"{label}", password, stamp, True))
        return uid

    root_user = account(f"b{ctx.seed}-office")
    ctx.root_user = root_user
    subs = {s.id: s for s in ctx.subdistricts}
    for unit in ctx.units.values():
        n = rng.randint(*ctx.scale.people[unit.kind])
        first = persons.ids(n)
        unit.people = range(first, first + n)
        ctx.person_unit.append((first, unit.id))
        kind = unit.kind
        for i, pid in enumerate(unit.people):
            user = None
            position = POSITIONS[kind][min(i, len(POSITIONS[kind]) - 1)]
            if i == 0 and kind in ("community", "office", "subdistrict", "grid"):
                user = account(f"b{ctx.seed}-{unit.code}")
                unit.user, unit.leader = user, pid
            elif unit.id == ctx.root and i == 0:
                user = root_user
            sub = subs.get(unit.id)
            if sub is not None and i in (4, 5):  # 作风办 and 考评员 of the sub-district
                user = account(f"b{ctx.seed}-{unit.code}-{'office' if i == 4 else 'eval'}")
                if i == 4:
                    sub.office_user = user
                else:
                    sub.evaluator_user = user
            persons.add((pid, user, names.person(rng), unit.id, position, names.phone(rng)))
            role = _role(kind, i, unit.id == ctx.root)
            roles.add((roles.ids(), pid, role, unit.id))
            if sub is not None and i == 3:
                sub.supervisors.append(pid)
            if sub is not None and i in (6, 7):
                sub.supervisors.append(pid)
    ctx.flush()


def _role(kind: str, i: int, is_root: bool) -> str:
    if is_root or kind == "district":
        return Role.OFFICE if i == 0 else Role.LEADERSHIP if i < 4 else Role.VIEWER
    if kind == "subdistrict":
        return {
            0: Role.LEADERSHIP,
            1: Role.LEADERSHIP,
            2: Role.PROJECT_LEAD,
            3: Role.SUPERVISOR,
            4: Role.OFFICE,
            5: Role.EVALUATOR,
            6: Role.SUPERVISOR,
            7: Role.SUPERVISOR,
        }.get(i, Role.CADRE)
    return Role.UNIT_LEADER if i == 0 and kind != "grid" else Role.CADRE
