"""`manage.py load_demo`: the Chengxiang demo organisation, its logins, idempotence, scope."""

from __future__ import annotations

import datetime as dt
import random
from io import StringIO

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import translation

from zhengxian.audit.models import AuditEntry
from zhengxian.audit.verification import verify_chain
from zhengxian.core.demo import ACTOR, DEMO_PASSWORD, builder_modules
from zhengxian.orgs.demo import DEMO_LOGINS, communities, grids, offices, plan
from zhengxian.orgs.models import Person, RoleAssignment, Unit, UnitKind, phone_validator
from zhengxian.orgs.roles import Role

User = get_user_model()


def load(*args: str) -> str:
    """The organisation part of the demo only: the other parts have tests of their own, and
    the whole demo is loaded end to end in zhengxian/campaigns/tests/test_demo.py."""
    out = StringIO()
    call_command("load_demo", "--only", "orgs", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def demo_output(db) -> str:
    return load("--today", "2026-03-20")


def login(username: str, password: str = DEMO_PASSWORD) -> tuple[Client, object]:
    """Logs in through the real login form (django-axes needs a request, so no client.login)."""
    client = Client()
    response = client.post(reverse("accounts:login"), {"username": username, "password": password})
    return client, response


def counts() -> dict[str, int]:
    return {
        "units": Unit.objects.count(),
        "people": Person.objects.count(),
        "users": User.objects.count(),
        "roles": RoleAssignment.objects.count(),
        "audit": AuditEntry.objects.count(),
    }


def test_plan_is_deterministic_and_well_formed():
    first, second = plan(random.Random(7)), plan(random.Random(7))
    assert first.people == second.people and first.units == second.units
    names = [p.name for p in first.people]
    usernames = [p.username for p in first.people]
    assert len(set(names)) == len(names)
    assert len(set(usernames)) == len(usernames)
    assert 200 <= len(first.people) <= 500
    for person in first.people:
        phone_validator(person.phone)
        assert 2 <= len(person.name) <= 3
    assert {username for username, _role in DEMO_LOGINS} <= set(usernames)
    assert plan(random.Random(8)).people != first.people


def test_builds_chengxiang_with_communities_grids_and_offices(demo_output):
    district = Unit.objects.get(code="XS", name="萧山区", kind=UnitKind.DISTRICT)
    cx = Unit.objects.get(code="CX", name="城厢街道", kind=UnitKind.SUBDISTRICT)
    assert cx.parent == district

    xianghu = Unit.objects.get(name="湘湖社区")
    assert xianghu.kind == UnitKind.COMMUNITY and xianghu.parent == cx
    community_units = communities()
    assert 10 <= len(community_units) <= 14
    assert all(u.parent == cx and u.kind == UnitKind.COMMUNITY for u in community_units)
    for community in community_units:
        community_grids = grids(community)
        assert 3 <= len(community_grids) <= 6
        assert community_grids[0].name == f"{community.name}第一网格"
        assert all(g.path.startswith(community.path) for g in community_grids)

    office_names = {u.name for u in offices()}
    assert len(office_names) >= 8
    assert {"党政办", "党建办", "纪检监察室", "征迁办"} <= office_names
    assert all(u.parent == cx for u in offices())

    assert not Unit.objects.filter(is_demo=False).exists()
    people = Person.objects.all()
    assert 200 <= people.count() <= 500
    assert not people.filter(is_demo=False).exists()
    assert not people.filter(user__isnull=True).exists()
    assert not User.objects.filter(must_change_password=True).exists()


def test_every_role_is_held_by_several_people_and_every_unit_is_staffed(demo_output):
    for role in Role:
        holders = Person.objects.filter(roles__role=role).distinct().count()
        assert holders >= 3, role

    cx = Unit.objects.get(code="CX")
    assert RoleAssignment.objects.filter(role=Role.OFFICE, unit=cx).count() >= 2
    for community in communities():
        leaders = Person.objects.filter(roles__role=Role.UNIT_LEADER, roles__unit=community)
        assert leaders.filter(unit=community, position="社区书记").exists(), community
        assert RoleAssignment.objects.filter(role=Role.CADRE, unit=community).count() >= 3
        for grid in grids(community):
            assert RoleAssignment.objects.filter(role=Role.CADRE, unit=grid).count() >= 2
    for office in offices():
        assert RoleAssignment.objects.filter(role=Role.UNIT_LEADER, unit=office).exists()
        assert Person.objects.filter(unit=office).count() >= 4


def test_every_write_is_audited_as_load_demo(demo_output):
    entries = AuditEntry.objects.filter(actor_label=ACTOR)
    created = set(entries.filter(action="create").values_list("model", "object_id"))
    for model, label in [(Unit, "orgs.unit"), (Person, "orgs.person"), (User, "accounts.user")]:
        for pk in model.objects.values_list("pk", flat=True):
            assert (label, str(pk)) in created
    assert entries.count() == AuditEntry.objects.count()
    assert verify_chain().ok


def test_prints_the_demo_logins_and_each_can_log_in(demo_output):
    assert len(DEMO_LOGINS) >= len(Role)
    assert {role for _username, role in DEMO_LOGINS} == set(Role)
    for username, role in DEMO_LOGINS:
        person = Person.objects.select_related("unit").get(user__username=username)
        line = next(line for line in demo_output.splitlines() if line.startswith(username + " "))
        assert DEMO_PASSWORD in line and person.name in line and person.unit.name in line
        with translation.override(settings.LANGUAGE_CODE):
            assert str(Role(role).label) in line
        assert set(person.roles.values_list("role", flat=True)) == {role}

        _client, response = login(username)
        assert response.status_code == 302, username
        assert response.url == reverse("home:home")

    _client, response = login("office", "wrong-password")
    assert response.status_code == 200

    xianghu = Unit.objects.get(name="湘湖社区")
    cx = Unit.objects.get(code="CX")
    office = Person.objects.get(user__username="office")
    assert office.unit.name == "党政办"
    assert office.roles.get().unit == cx
    leader = Person.objects.get(user__username="leader_xianghu")
    assert (leader.unit, leader.roles.get().unit) == (xianghu, xianghu)
    cadre = Person.objects.get(user__username="cadre_xianghu")
    assert (cadre.unit, cadre.roles.get().unit) == (xianghu, xianghu)
    gridder = Person.objects.get(user__username="gridder")
    assert gridder.unit.name == "湘湖社区第一网格"
    assert gridder.roles.get().unit == gridder.unit


def test_running_twice_changes_nothing(demo_output):
    before = counts()
    names = list(Person.objects.order_by("pk").values_list("name", "user__username", "unit_id"))
    output = load()
    assert counts() == before
    assert (
        list(Person.objects.order_by("pk").values_list("name", "user__username", "unit_id"))
        == names
    )
    assert "people created 0" in output and "units created 0" in output
    assert "roles created 0" in output


def test_a_missing_person_is_recreated_without_duplicating_the_rest(demo_output):
    before = counts()
    person = Person.objects.get(user__username="cadre_xianghu")
    RoleAssignment.objects.filter(person=person).delete()
    user = person.user
    person.delete()
    user.delete()
    load()
    after = counts()
    assert {k: after[k] for k in ("units", "people", "users", "roles")} == {
        k: before[k] for k in ("units", "people", "users", "roles")
    }
    assert Person.objects.get(user__username="cadre_xianghu").unit.name == "湘湖社区"


def test_cadre_of_xianghu_sees_only_xianghu_people(demo_output):
    xianghu = Unit.objects.get(name="湘湖社区")
    other = Person.objects.get(unit__name="湖头陈社区", position="社区书记")
    client, response = login("cadre_xianghu")
    assert response.status_code == 302

    response = client.get(reverse("orgs:person_list"))
    assert response.status_code == 200
    page = response.context["page"]
    expected = Person.objects.filter(unit__path__startswith=xianghu.path).count()
    assert page.paginator.count == expected
    assert all(p.unit.path.startswith(xianghu.path) for p in page.object_list)
    assert Person.objects.get(user__username="leader_xianghu").name in response.text
    assert other.name not in response.text
    assert "湖头陈社区" not in response.text


def test_today_option_defaults_to_the_clock(db, monkeypatch):
    from zhengxian.core import clock

    assert builder_modules()[0] == "zhengxian.orgs.demo"
    with pytest.raises(CommandError):
        load("--today", "20-03-2026")
    with pytest.raises(CommandError, match="Unknown demo part"):
        call_command("load_demo", "--only", "nonsense", stdout=StringIO())
    assert "Demo loaded for 2026-03-20" in load("--today", "2026-03-20")
    monkeypatch.setattr(clock, "today", lambda: dt.date(2025, 6, 1))
    assert "Demo loaded for 2025-06-01" in load()
