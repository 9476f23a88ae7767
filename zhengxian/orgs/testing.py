"""Helpers for tests: build a small organisation with a user in every role."""

from __future__ import annotations

from dataclasses import dataclass, field

from zhengxian.core.actors import SYSTEM
from zhengxian.orgs.models import Person, Unit
from zhengxian.orgs.roles import Role
from zhengxian.orgs.services import person_create, unit_create

PASSWORD = "test-pass-123"


@dataclass
class OrgFixture:
    district: Unit
    subdistrict: Unit
    community_a: Unit
    community_b: Unit
    grid_a: Unit
    grid_b: Unit
    office: Unit
    people: dict[str, Person] = field(default_factory=dict)

    def user(self, key: str):
        return self.people[key].user


def make_person(
    username: str, unit: Unit, roles: list[tuple[str, Unit]], name: str | None = None
) -> Person:
    person, _ = person_create(
        actor=SYSTEM,
        name=name or username,
        unit=unit,
        username=username,
        password=PASSWORD,
        roles=roles,
    )
    return person


def build_org() -> OrgFixture:
    district = unit_create(actor=SYSTEM, code="XS", name="萧山区", kind="district", parent=None)
    sub = unit_create(actor=SYSTEM, code="CX", name="城厢街道", kind="subdistrict", parent=district)
    a = unit_create(actor=SYSTEM, code="CX-XH", name="湘湖社区", kind="community", parent=sub)
    b = unit_create(actor=SYSTEM, code="CX-HT", name="湖头陈社区", kind="community", parent=sub)
    grid_a = unit_create(actor=SYSTEM, code="CX-XH-G1", name="湘湖第一网格", kind="grid", parent=a)
    grid_b = unit_create(
        actor=SYSTEM, code="CX-HT-G1", name="湖头陈第一网格", kind="grid", parent=b
    )
    office = unit_create(actor=SYSTEM, code="CX-DZB", name="党政办", kind="office", parent=sub)
    org = OrgFixture(district, sub, a, b, grid_a, grid_b, office)
    org.people = {
        "office": make_person("office", office, [(Role.OFFICE, sub)], "办公室干事"),
        "evaluator": make_person("evaluator", office, [(Role.EVALUATOR, sub)], "考评员小周"),
        "leadership": make_person("leader", office, [(Role.LEADERSHIP, sub)], "街道领导"),
        "leader_a": make_person("leader_a", a, [(Role.UNIT_LEADER, a)], "湘湖书记"),
        "cadre_a": make_person("cadre_a", a, [(Role.CADRE, a)], "湘湖干部"),
        "cadre_b": make_person("cadre_b", b, [(Role.CADRE, b)], "湖头陈干部"),
        "grid_a": make_person("grid_a", grid_a, [(Role.CADRE, grid_a)], "网格员甲"),
        "project_lead": make_person(
            "project_lead", office, [(Role.PROJECT_LEAD, sub)], "包联领导老陈"
        ),
        "supervisor": make_person("supervisor", office, [(Role.SUPERVISOR, sub)], "纪检干部"),
        "viewer_b": make_person("viewer_b", b, [(Role.VIEWER, b)], "湖头陈观察员"),
        "nobody": make_person("nobody", a, [], "无角色"),
    }
    return org


def add_communities_with_accounts(parent: Unit, count: int) -> None:
    """``count`` communities 测试社区N under ``parent``, each with one person 测试人员N with an
    account, through the services (so audited and with passwords): for the few dozen a
    test needs to cross the search box threshold."""
    for i in range(count):
        unit = unit_create(
            actor=SYSTEM, code=f"T{i}", name=f"测试社区{i}", kind="community", parent=parent
        )
        make_person(f"many{i}", unit, [], f"测试人员{i}")


def bulk_units(
    parent: Unit, count: int, *, prefix: str, kind: str = "grid", people: int = 0
) -> list[Unit]:
    """``count`` children of ``parent`` (code ``prefix-i``, name ``prefix单位i``) with
    ``people`` active people each, written in bulk (the services' one-by-one writes, audit
    included, would make a big tree slow to build)."""
    units = Unit.objects.bulk_create(
        Unit(code=f"{prefix}-{i}", name=f"{prefix}单位{i}", kind=kind, parent=parent)
        for i in range(count)
    )
    for unit in units:
        unit.path, unit.depth = f"{parent.path}{unit.pk}/", parent.depth + 1
    Unit.objects.bulk_update(units, ["path", "depth"])
    Person.objects.bulk_create(
        Person(name=f"{unit.code}-人员{n}", unit=unit) for unit in units for n in range(people)
    )
    return units
