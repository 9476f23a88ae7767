"""Role grants and account control: who may hand out which roles, and whose account a user
may take over. Through the pages a user takes, and through the services directly (the path
of imports, commands and the API)."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext as _

from zhengxian.audit.models import AuditEntry
from zhengxian.core.actors import SYSTEM
from zhengxian.core.errors import NotAllowed
from zhengxian.orgs import services
from zhengxian.orgs.grants import GRANTABLE_BY
from zhengxian.orgs.importing.testing import person_row, unit_row, upload, xlsx
from zhengxian.orgs.models import Person, RoleAssignment
from zhengxian.orgs.roles import Role
from zhengxian.orgs.testing import PASSWORD, make_person
from zhengxian.orgs.tests.import_page import post_import


def roles_of(person: Person) -> set[tuple[str, int]]:
    return set(RoleAssignment.objects.filter(person=person).values_list("role", "unit_id"))


def add_role(client, person: Person, role: str, unit):
    return client.post(
        reverse("orgs:person_role_add", args=[person.pk]), {"role": role, "unit": unit.pk}
    )


def role_events(outcome: str) -> list[AuditEntry]:
    """The grant and revocation events of users (the fixture's own grants left out)."""
    events = AuditEntry.objects.filter(action__in=["grant", "revoke"], outcome=outcome)
    return list(events.exclude(actor_label__startswith="system").order_by("-seq"))


# ---------------------------------------------------------------------------------------
# The attack: a unit leader makes themselves (or a friend) judge of their own community
# ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.EVALUATOR, Role.OFFICE, Role.UNIT_LEADER, Role.SUPERVISOR])
def test_unit_leader_cannot_grant_themselves_a_wider_role_over_their_community(role, org, login):
    leader = org.people["leader_a"]
    before = roles_of(leader)

    response = add_role(login("leader_a"), leader, role, org.community_a)

    assert response.status_code == 403
    assert escape(_("Nobody may grant or revoke their own roles.")) in response.content.decode()
    assert roles_of(leader) == before


@pytest.mark.parametrize("role", [Role.EVALUATOR, Role.OFFICE, Role.LEADERSHIP, Role.SUPERVISOR])
def test_unit_leader_cannot_grant_a_cadre_of_their_unit_a_wider_role(role, org, login):
    cadre = org.people["cadre_a"]

    response = add_role(login("leader_a"), cadre, role, org.community_a)

    assert response.status_code == 403
    assert "湘湖社区" in response.content.decode()
    assert roles_of(cadre) == {(Role.CADRE, org.community_a.pk)}
    refused = role_events("refused")
    assert len(refused) == 1
    assert refused[0].actor_label == "leader_a"
    assert refused[0].changes["role"] == role
    assert refused[0].object_id == str(cadre.pk)


def test_unit_leader_grants_cadre_and_viewer_inside_their_unit(org, login):
    newcomer = org.people["nobody"]
    client = login("leader_a")

    add_role(client, newcomer, Role.CADRE, org.grid_a)
    response = add_role(client, newcomer, Role.VIEWER, org.community_a)

    assert response.status_code == 302
    assert roles_of(newcomer) == {(Role.CADRE, org.grid_a.pk), (Role.VIEWER, org.community_a.pk)}
    granted = role_events("success")
    assert [e.changes["role"] for e in granted] == [Role.VIEWER, Role.CADRE]
    assert {e.actor_label for e in granted} == {"leader_a"}


def test_office_grants_an_evaluator_role_to_someone_else(org, login):
    clerk = org.people["cadre_b"]

    response = add_role(login("office"), clerk, Role.EVALUATOR, org.subdistrict)

    assert response.status_code == 302
    assert (Role.EVALUATOR, org.subdistrict.pk) in roles_of(clerk)


def test_office_cannot_grant_itself_a_role(org, login):
    office = org.people["office"]
    before = roles_of(office)

    response = add_role(login("office"), office, Role.EVALUATOR, org.subdistrict)

    assert response.status_code == 403
    assert roles_of(office) == before


def test_office_cannot_grant_a_role_above_its_own_scope(org):
    with pytest.raises(NotAllowed):
        services.role_assign(
            actor=org.user("office"),
            person=org.people["cadre_b"],
            role=Role.EVALUATOR,
            unit=org.district,
        )

    assert (Role.EVALUATOR, org.district.pk) not in roles_of(org.people["cadre_b"])
    services.role_assign(  # the same grant over the office's own sub-district goes through
        actor=org.user("office"),
        person=org.people["cadre_b"],
        role=Role.EVALUATOR,
        unit=org.subdistrict,
    )
    assert (Role.EVALUATOR, org.subdistrict.pk) in roles_of(org.people["cadre_b"])


def test_the_role_form_offers_a_unit_leader_only_cadre_and_viewer(org, login):
    page = login("leader_a").get(reverse("orgs:person_detail", args=[org.people["nobody"].pk]))
    form = page.context["role_form"]

    assert [value for value, _label in form.fields["role"].choices] == [Role.CADRE, Role.VIEWER]


def test_the_role_form_is_not_shown_on_ones_own_page(org, login):
    page = login("office").get(reverse("orgs:person_detail", args=[org.people["office"].pk]))

    assert page.context["role_form"] is None
    assert 'action="/orgs/people/' not in page.content.decode().split('data-testid="roles"')[1]
    other = login("office").get(reverse("orgs:person_detail", args=[org.people["cadre_a"].pk]))
    assert other.context["role_form"] is not None  # on another person's page it is there
    assert 'action="/orgs/people/' in other.content.decode().split('data-testid="roles"')[1]


# ---------------------------------------------------------------------------------------
# Revocation needs the right to grant
# ---------------------------------------------------------------------------------------


def test_unit_leader_cannot_revoke_an_evaluator_role_held_inside_their_unit(org, login):
    evaluator = make_person("judge_a", org.community_a, [(Role.EVALUATOR, org.community_a)])
    assignment = RoleAssignment.objects.get(person=evaluator)

    response = login("leader_a").post(
        reverse("orgs:person_role_remove", args=[evaluator.pk, assignment.pk])
    )

    assert response.status_code == 403
    assert RoleAssignment.objects.filter(pk=assignment.pk).exists()
    assert role_events("refused")[0].action == "revoke"


def test_unit_leader_revokes_a_cadre_role_in_their_unit_and_it_is_audited(org, login):
    assignment = RoleAssignment.objects.get(person=org.people["cadre_a"])

    response = login("leader_a").post(
        reverse("orgs:person_role_remove", args=[org.people["cadre_a"].pk, assignment.pk])
    )

    assert response.status_code == 302
    assert not RoleAssignment.objects.filter(pk=assignment.pk).exists()
    [event] = role_events("success")
    assert (event.action, event.actor_label, event.changes["role"]) == (
        "revoke",
        "leader_a",
        Role.CADRE,
    )


def test_nobody_revokes_their_own_role(org, login):
    leader = org.people["leader_a"]
    assignment = RoleAssignment.objects.get(person=leader)

    response = login("leader_a").post(
        reverse("orgs:person_role_remove", args=[leader.pk, assignment.pk])
    )

    assert response.status_code == 403
    assert RoleAssignment.objects.filter(pk=assignment.pk).exists()


def test_remove_buttons_show_only_for_roles_the_user_may_revoke(org, login):
    evaluator = make_person("judge_a", org.community_a, [(Role.EVALUATOR, org.community_a)])
    services.role_assign(actor=SYSTEM, person=evaluator, role=Role.CADRE, unit=org.community_a)

    page = login("leader_a").get(reverse("orgs:person_detail", args=[evaluator.pk]))

    removable = {a.role: flag for a, flag in page.context["assignments"]}
    assert removable == {Role.EVALUATOR: False, Role.CADRE: True}


# ---------------------------------------------------------------------------------------
# Services refuse the same, whoever calls them
# ---------------------------------------------------------------------------------------


def test_role_assign_service_refuses_a_self_grant(org):
    leader = org.people["leader_a"]

    with pytest.raises(NotAllowed):
        services.role_assign(
            actor=org.user("leader_a"), person=leader, role=Role.EVALUATOR, unit=org.community_a
        )

    assert roles_of(leader) == {(Role.UNIT_LEADER, org.community_a.pk)}
    services.role_assign(  # granted by someone else, the same role is given
        actor=org.user("office"), person=leader, role=Role.EVALUATOR, unit=org.community_a
    )
    assert (Role.EVALUATOR, org.community_a.pk) in roles_of(leader)


def test_person_create_refuses_a_role_the_actor_may_not_grant_and_saves_nothing(org):
    with pytest.raises(NotAllowed):
        services.person_create(
            actor=org.user("leader_a"),
            name="新考评员",
            unit=org.community_a,
            username="friend",
            roles=[(Role.CADRE, org.community_a), (Role.EVALUATOR, org.community_a)],
        )

    assert not Person.objects.filter(name="新考评员").exists()
    assert role_events("refused")[0].changes["role"] == Role.EVALUATOR


def test_person_create_by_a_unit_leader_with_a_cadre_role_works(org):
    person, _ = services.person_create(
        actor=org.user("leader_a"),
        name="新干部",
        unit=org.community_a,
        roles=[(Role.CADRE, org.grid_a)],
    )

    assert roles_of(person) == {(Role.CADRE, org.grid_a.pk)}


def test_person_create_outside_the_actors_scope_is_refused(org):
    with pytest.raises(NotAllowed):
        services.person_create(actor=org.user("leader_a"), name="外人", unit=org.community_b)

    assert not Person.objects.filter(name="外人").exists()
    services.person_create(actor=org.user("office"), name="外人", unit=org.community_b)
    assert Person.objects.get(name="外人").unit == org.community_b  # inside the office's scope


def test_unit_services_check_the_actor(org):
    with pytest.raises(NotAllowed):
        services.unit_create(
            actor=org.user("leader_a"),
            code="X1",
            name="新网格",
            kind="grid",
            parent=org.community_a,
        )
    with pytest.raises(NotAllowed):
        services.unit_update(actor=org.user("leader_a"), unit=org.grid_a, name="改名")
    with pytest.raises(NotAllowed):  # the office may not move a unit out of its scope
        services.unit_update(actor=org.user("office"), unit=org.grid_a, parent=org.district)
    with pytest.raises(NotAllowed):  # a top-level unit is for superusers
        services.unit_create(
            actor=org.user("office"), code="X2", name="别区", kind="district", parent=None
        )

    org.grid_a.refresh_from_db()
    assert org.grid_a.name == "湘湖第一网格" and org.grid_a.parent_id == org.community_a.pk
    unit = services.unit_create(
        actor=org.user("office"), code="X3", name="新社区", kind="community", parent=org.subdistrict
    )
    assert unit.path.startswith(org.subdistrict.path)
    services.unit_update(actor=org.user("office"), unit=org.grid_a, name="改名")
    org.grid_a.refresh_from_db()
    assert org.grid_a.name == "改名"  # the rename refused to the unit leader, by the office


# ---------------------------------------------------------------------------------------
# Account control: the 作风办 account sitting in 党政办
# ---------------------------------------------------------------------------------------


@pytest.fixture
def office_leader(org):
    """The head of 党政办, a unit leader over the unit where the office's clerks sit."""
    return make_person("head_dzb", org.office, [(Role.UNIT_LEADER, org.office)], "党政办主任")


def test_unit_leader_cannot_reset_the_password_of_an_office_account_in_their_unit(
    office_leader, org, client
):
    clerk = org.people["office"]
    client.force_login(office_leader.user)

    response = client.post(reverse("orgs:person_password_reset", args=[clerk.pk]))

    assert response.status_code == 403
    assert "您不能管理该账号" in response.content.decode()
    clerk.user.refresh_from_db()
    assert clerk.user.check_password(PASSWORD)
    assert not clerk.user.must_change_password


def test_unit_leader_cannot_deactivate_an_office_account_in_their_unit(office_leader, org, client):
    clerk = org.people["office"]
    client.force_login(office_leader.user)
    data = {"name": clerk.name, "unit": org.office.pk, "position": "", "phone": ""}

    form_page = client.get(reverse("orgs:person_edit", args=[clerk.pk]))
    response = client.post(reverse("orgs:person_edit", args=[clerk.pk]), data)

    assert form_page.status_code == 403
    assert response.status_code == 403
    clerk.refresh_from_db()
    clerk.user.refresh_from_db()
    assert clerk.is_active and clerk.user.is_active


def test_account_buttons_are_hidden_when_the_account_holds_a_wider_role(office_leader, org, client):
    client.force_login(office_leader.user)

    clerk = make_person("clerk_dzb", org.office, [], "党政办文员")  # no role: theirs to manage
    office = client.get(reverse("orgs:person_detail", args=[org.people["office"].pk]))
    evaluator = client.get(reverse("orgs:person_detail", args=[org.people["evaluator"].pk]))
    mine = client.get(reverse("orgs:person_detail", args=[clerk.pk]))
    assert (office.status_code, evaluator.status_code, mine.status_code) == (200, 200, 200)
    page, plain = office.content, evaluator.content

    assert (
        reverse("orgs:person_password_reset", args=[org.people["office"].pk]).encode() not in page
    )
    assert reverse("orgs:person_edit", args=[org.people["office"].pk]).encode() not in page
    assert reverse("orgs:person_edit", args=[org.people["evaluator"].pk]).encode() not in plain
    # The same buttons show on the page of a plain member of the unit.
    assert reverse("orgs:person_password_reset", args=[clerk.pk]).encode() in mine.content
    assert reverse("orgs:person_edit", args=[clerk.pk]).encode() in mine.content


def test_unit_leader_resets_the_password_of_a_cadre_of_their_unit(org, login):
    cadre = org.people["cadre_a"]

    response = login("leader_a").post(
        reverse("orgs:person_password_reset", args=[cadre.pk]), follow=True
    )

    assert response.status_code == 200
    assert any("cadre_a" in str(m) for m in get_messages(response.wsgi_request))
    cadre.user.refresh_from_db()
    assert cadre.user.must_change_password


def test_unit_leader_deactivates_a_cadre_of_their_unit(org, login):
    cadre = org.people["cadre_a"]
    data = {"name": cadre.name, "unit": org.community_a.pk, "position": "", "phone": ""}

    response = login("leader_a").post(reverse("orgs:person_edit", args=[cadre.pk]), data)

    assert response.status_code == 302
    cadre.user.refresh_from_db()
    assert not cadre.user.is_active


def test_nobody_manages_their_own_account_through_the_people_pages(org, login):
    leader = org.people["leader_a"]

    response = login("leader_a").post(reverse("orgs:person_password_reset", args=[leader.pk]))

    assert response.status_code == 403
    leader.user.refresh_from_db()
    assert not leader.user.must_change_password


def test_person_update_service_refuses_an_account_with_a_wider_role(office_leader, org):
    with pytest.raises(NotAllowed):
        services.person_update(
            actor=office_leader.user, person=org.people["office"], is_active=False
        )
    with pytest.raises(NotAllowed):
        services.person_reset_password(actor=office_leader.user, person=org.people["office"])
    clerk = org.people["office"]
    clerk.user.refresh_from_db()
    assert clerk.is_active and not clerk.user.must_change_password
    # Another member of the office, who may grant its role, manages the same account.
    colleague = make_person("office_2", org.subdistrict, [(Role.OFFICE, org.subdistrict)])
    services.person_reset_password(actor=colleague.user, person=clerk)
    clerk.user.refresh_from_db()
    assert clerk.user.must_change_password


# ---------------------------------------------------------------------------------------
# The Excel import grants roles through the same table
# ---------------------------------------------------------------------------------------


@pytest.fixture
def office_grants_cadres_only(monkeypatch):
    """A sub-district whose table keeps evaluator grants for the district (the table is data)."""
    monkeypatch.setitem(GRANTABLE_BY, Role.OFFICE, frozenset({Role.CADRE, Role.VIEWER}))


@pytest.mark.parametrize("role_unit", ["CX-XH", "CX-NEW"])
def test_an_import_row_granting_a_role_the_importer_may_not_grant_is_a_row_problem(
    role_unit, office_grants_cadres_only, org, login
):
    data = xlsx(
        units=[unit_row("CX-NEW", "新社区", "社区", "CX")],
        people=[
            person_row("甲", "CX-XH", 角色="干部"),
            person_row("乙", "CX-XH", 角色="考评员", 角色范围单位编码=role_unit),
        ],
    )
    before = (Person.objects.count(), RoleAssignment.objects.count())

    response = login("office").post(
        reverse("orgs:import"), {"file": upload(data)}, headers={"Accept-Language": "en"}
    )

    outcome = response.context["outcome"]
    assert outcome.result is None
    problems = {(p.sheet, p.row, p.column): p.message for p in outcome.problems}
    assert problems == {
        ("人员", 3, "角色"): f"You may not grant the role Evaluator over {role_unit}."
    }
    assert (Person.objects.count(), RoleAssignment.objects.count()) == before


def test_an_import_granting_allowed_roles_over_a_new_unit_works(
    office_grants_cadres_only, org, login
):
    data = xlsx(
        units=[unit_row("CX-NEW", "新社区", "社区", "CX")],
        people=[person_row("甲", "CX-NEW", 角色="干部", 角色范围单位编码="CX-NEW")],
    )

    imported = post_import(login("office"), data)

    assert imported.result.roles_assigned == 1
    assert Person.objects.get(name="甲").roles.get().role == Role.CADRE
