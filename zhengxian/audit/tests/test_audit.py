"""The audit log: what is written for each change, who is named, how tampering is found,
and who may read it."""

from __future__ import annotations

import datetime as dt
import itertools
import json

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.urls import reverse

from zhengxian.audit.immutable import triggers_suspended
from zhengxian.audit.models import AuditEntry, ChainHead
from zhengxian.audit.serialise import SECRET_MARK
from zhengxian.core.acting import acting_as
from zhengxian.core.actors import SYSTEM
from zhengxian.orgs import services
from zhengxian.orgs.models import Unit
from zhengxian.orgs.roles import Role
from zhengxian.orgs.testing import make_person

SHANGHAI = dt.timezone(dt.timedelta(hours=8))


def entries_about(instance) -> list[AuditEntry]:
    return list(
        AuditEntry.objects.filter(
            model=instance._meta.label_lower, object_id=str(instance.pk)
        ).order_by("seq")
    )


def last_entry() -> AuditEntry:
    return AuditEntry.objects.order_by("-seq").first()


def verify() -> str:
    from io import StringIO

    out = StringIO()
    call_command("verify_audit", stdout=out)
    return out.getvalue()


# ---------------------------------------------------------------------------------------
# What is written
# ---------------------------------------------------------------------------------------


def test_unit_create_update_and_delete_are_each_logged_with_actor_and_changed_fields(org):
    office = org.user("office")

    with acting_as(office):
        unit = services.unit_create(
            actor=SYSTEM, code="CX-NEW", name="新社区", kind="community", parent=org.subdistrict
        )
        services.unit_update(actor=SYSTEM, unit=unit, name="新城社区")
        unit_id = unit.pk
        Unit.objects.get(pk=unit_id).delete()

    created, updated, deleted = AuditEntry.objects.filter(
        model="orgs.unit", object_id=str(unit_id)
    ).order_by("seq")
    assert [e.action for e in (created, updated, deleted)] == ["create", "update", "delete"]
    assert {(e.actor_id, e.actor_label) for e in (created, updated, deleted)} == {
        (office.pk, "office")
    }
    assert created.changes["code"] == [None, "CX-NEW"]
    assert created.changes["name"] == [None, "新社区"]
    assert created.changes["parent_id"] == [None, org.subdistrict.pk]
    assert "path" not in created.changes and "depth" not in created.changes  # derived, not logged
    assert updated.changes == {"name": ["新社区", "新城社区"]}
    assert deleted.changes["name"] == ["新城社区", None]
    assert deleted.object_repr == "新城社区"


def test_unit_created_in_a_scope_is_logged_under_that_scope(org):
    unit = services.unit_create(
        actor=SYSTEM, code="CX-NEW", name="新社区", kind="community", parent=org.subdistrict
    )

    [created] = entries_about(unit)
    assert created.unit_path.startswith(org.subdistrict.path)


def test_person_create_update_and_delete_are_logged(org):
    leader = org.user("leader_a")

    with acting_as(leader):
        person, _ = services.person_create(
            actor=SYSTEM, name="新干部", unit=org.community_a, phone="13800000001"
        )
        services.person_update(actor=SYSTEM, person=person, phone="13800000002", position="网格长")
        person_id = person.pk
        person.delete()

    created, updated, deleted = AuditEntry.objects.filter(
        model="orgs.person", object_id=str(person_id)
    ).order_by("seq")
    assert (created.action, updated.action, deleted.action) == ("create", "update", "delete")
    assert created.actor_label == updated.actor_label == deleted.actor_label == "leader_a"
    assert created.changes["name"] == [None, "新干部"]
    assert created.changes["unit_id"] == [None, org.community_a.pk]
    assert updated.changes == {"phone": ["13800000001", "13800000002"], "position": ["", "网格长"]}
    assert deleted.changes["phone"] == ["13800000002", None]
    assert created.unit_path == org.community_a.path


def test_role_assign_and_remove_are_logged(org):
    person = org.people["cadre_a"]

    with acting_as(org.user("office")):
        assignment = services.role_assign(
            actor=SYSTEM, person=person, role=Role.VIEWER, unit=org.grid_a
        )
        assignment_id = assignment.pk
        services.role_remove(actor=SYSTEM, assignment=assignment)

    created, deleted = AuditEntry.objects.filter(
        model="orgs.roleassignment", object_id=str(assignment_id)
    ).order_by("seq")
    assert (created.action, deleted.action) == ("create", "delete")
    assert created.changes["role"] == [None, "viewer"]
    assert created.changes["person_id"] == [None, person.pk]
    assert created.changes["unit_id"] == [None, org.grid_a.pk]
    assert deleted.changes["role"] == ["viewer", None]
    assert created.unit_path == deleted.unit_path == org.grid_a.path
    assert created.actor_label == "office"


def test_saving_without_changes_writes_no_entry(org):
    before = AuditEntry.objects.count()

    services.person_update(actor=SYSTEM, person=org.people["cadre_a"], name="湘湖干部")

    assert AuditEntry.objects.count() == before


def test_changes_outside_a_request_or_command_are_logged_as_system(org):
    services.unit_update(actor=SYSTEM, unit=org.grid_a, name="湘湖一号网格")

    entry = last_entry()
    assert (entry.actor_id, entry.actor_label) == (None, "system")


def test_a_command_acting_as_a_label_is_logged_with_that_label(org):
    with acting_as("system:load_demo"):
        services.unit_update(actor=SYSTEM, unit=org.grid_a, name="湘湖一号网格")

    assert last_entry().actor_label == "system:load_demo"


def test_new_account_password_is_logged_only_as_masked(org):
    services.person_create(
        actor=SYSTEM, name="新干部", unit=org.community_a, username="xin", password="Secret-pass-9"
    )

    user_entry = AuditEntry.objects.get(model="accounts.user", action="create", object_repr="xin")
    assert user_entry.changes["password"] == [None, SECRET_MARK]
    logged = json.dumps([e.changes for e in AuditEntry.objects.all()], ensure_ascii=False)
    assert "Secret-pass-9" not in logged
    assert org.user("cadre_a").password not in logged


def test_password_reset_is_logged_as_a_masked_change(org):
    user = org.user("cadre_a")
    user.must_change_password = True  # already pending: only the password itself changes
    user.save()

    with acting_as(org.user("office")):
        temporary = services.person_reset_password(actor=SYSTEM, person=org.people["cadre_a"])

    entry = last_entry()
    assert (entry.model, entry.object_id, entry.action) == ("accounts.user", str(user.pk), "update")
    assert entry.changes == {"password": [SECRET_MARK, SECRET_MARK]}
    assert entry.actor_label == "office"
    user.refresh_from_db()
    logged = json.dumps(entry.changes)
    assert temporary not in logged and user.password not in logged


def test_entries_made_in_a_request_name_the_logged_in_user(org, login):
    person = org.people["cadre_a"]

    response = login("leader_a").post(
        reverse("orgs:person_edit", args=[person.pk]),
        {
            "name": person.name,
            "unit": person.unit_id,
            "position": "副书记",
            "phone": "",
            "is_active": "on",
        },
    )

    assert response.status_code == 302
    [entry] = [e for e in entries_about(person) if e.action == "update"]
    assert entry.actor_label == "leader_a"
    assert entry.actor_id == org.user("leader_a").pk
    assert entry.changes == {"position": ["", "副书记"]}
    assert entry.unit_path == org.community_a.path


# ---------------------------------------------------------------------------------------
# The chain
# ---------------------------------------------------------------------------------------


def test_entries_are_numbered_and_chained_from_the_genesis(org):
    entries = list(AuditEntry.objects.order_by("seq"))

    assert [e.seq for e in entries] == list(range(1, len(entries) + 1))
    assert entries[0].prev_hash == "0" * 64
    assert all(later.prev_hash == earlier.hash for earlier, later in itertools.pairwise(entries))
    head = ChainHead.objects.get(pk=1)
    assert (head.seq, head.hash) == (entries[-1].seq, entries[-1].hash)


def test_verify_audit_passes_on_an_intact_log(org):
    count = AuditEntry.objects.count()

    assert f"Audit chain intact: {count} entries." in verify()


def test_verify_audit_passes_on_an_empty_log(db):
    assert "Audit chain intact: 0 entries." in verify()


def test_verify_audit_names_an_entry_whose_changes_were_altered(org):
    target = AuditEntry.objects.get(
        model="orgs.person", object_id=str(org.people["cadre_b"].pk), action="create"
    )
    with triggers_suspended():  # the database refuses it; an owner could do it
        AuditEntry.objects.filter(pk=target.pk).update(changes={"name": [None, "别人"]})

    with pytest.raises(
        CommandError, match=rf"entry #{target.seq}: entry #{target.seq} was altered"
    ):
        verify()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("actor_label", "someone-else"),
        ("object_repr", "改过的名字"),
        ("unit_path", "/999/"),
        ("action", "delete"),
        ("ip", "10.9.9.9"),
        ("outcome", "failed"),
    ],
)
def test_verify_audit_names_an_entry_with_any_altered_field(field, value, org):
    target = AuditEntry.objects.order_by("seq")[5]
    with triggers_suspended():  # the database refuses it; an owner could do it
        AuditEntry.objects.filter(pk=target.pk).update(**{field: value})

    with pytest.raises(CommandError, match=rf"entry #{target.seq}\b"):
        verify()


def test_verify_audit_detects_a_time_shift(org):
    target = AuditEntry.objects.order_by("seq")[3]
    with triggers_suspended():  # the database refuses it; an owner could do it
        AuditEntry.objects.filter(pk=target.pk).update(at=target.at - dt.timedelta(days=1))

    with pytest.raises(CommandError, match=rf"entry #{target.seq} was altered"):
        verify()


def test_verify_audit_detects_a_rehashed_entry_by_its_successor(org):
    # a forger who recomputes the altered entry's own hash still breaks the next link
    from zhengxian.audit.chain import canonical_entry, entry_hash

    target = AuditEntry.objects.order_by("seq")[3]
    forged = {"name": [None, "伪造"]}
    canonical = canonical_entry(
        seq=target.seq,
        at=target.at,
        actor_id=target.actor_id,
        actor_label=target.actor_label,
        action=target.action,
        model=target.model,
        object_id=target.object_id,
        object_repr=target.object_repr,
        unit_path=target.unit_path,
        changes=forged,
    )
    with triggers_suspended():  # the database refuses it; an owner could do it
        AuditEntry.objects.filter(pk=target.pk).update(
            changes=forged, hash=entry_hash(target.prev_hash, canonical)
        )

    with pytest.raises(
        CommandError, match=rf"entry #{target.seq + 1} does not follow its predecessor"
    ):
        verify()


def test_verify_audit_names_a_deleted_middle_entry_as_missing(org):
    middle = AuditEntry.objects.count() // 2
    with triggers_suspended():  # the database refuses it; an owner could do it
        AuditEntry.objects.filter(seq=middle).delete()

    with pytest.raises(CommandError, match=rf"entry #{middle}: entry #{middle} is missing"):
        verify()


def test_verify_audit_detects_a_deleted_last_entry_through_the_chain_head(org):
    last = AuditEntry.objects.order_by("-seq").first().seq
    with triggers_suspended():  # the database refuses it; an owner could do it
        AuditEntry.objects.filter(seq=last).delete()

    with pytest.raises(
        CommandError, match=rf"entry #{last}: entries after #{last - 1} are missing"
    ):
        verify()


def test_an_existing_entry_cannot_be_saved_again(org):
    entry = last_entry()
    entry.changes = {"name": ["x", "y"]}

    with pytest.raises(RuntimeError, match="append-only"):
        entry.save()
    assert AuditEntry.objects.get(pk=entry.pk).changes != {"name": ["x", "y"]}


def test_an_entry_cannot_be_deleted(org):
    entry = last_entry()

    with pytest.raises(RuntimeError, match="append-only"):
        entry.delete()
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


# ---------------------------------------------------------------------------------------
# The audit page
# ---------------------------------------------------------------------------------------


def listed(response) -> list[AuditEntry]:
    assert response.status_code == 200
    return list(response.context["page"].object_list)


def test_audit_page_is_refused_to_a_cadre(org, login):
    assert login("cadre_a").get(reverse("audit:entry_list")).status_code == 403
    assert login("office").get(reverse("audit:entry_list")).status_code == 200


def test_audit_page_shows_the_office_the_latest_entries_first(org, login):
    services.unit_update(actor=SYSTEM, unit=org.grid_a, name="湘湖一号网格")

    response = login("office").get(reverse("audit:entry_list"))

    entries = listed(response)
    assert [e.seq for e in entries] == sorted((e.seq for e in entries), reverse=True)
    assert entries[0].action == "login"  # the office's own login, just before the page
    assert entries[1].object_repr == "湘湖一号网格"
    assert "湘湖一号网格" in response.text


def test_audit_page_filters_by_actor(org, login):
    with acting_as(org.user("evaluator")):
        services.unit_update(actor=SYSTEM, unit=org.grid_a, name="湘湖一号网格")
    client = login("leader_a")
    person = org.people["cadre_a"]
    client.post(
        reverse("orgs:person_edit", args=[person.pk]),
        {
            "name": person.name,
            "unit": person.unit_id,
            "position": "副书记",
            "phone": "",
            "is_active": "on",
        },
    )
    client.force_login(org.user("office"))

    entries = listed(client.get(reverse("audit:entry_list"), {"actor": "leader_a"}))

    assert [(e.actor_label, e.action, e.object_repr) for e in entries] == [
        ("leader_a", "update", "湘湖干部"),
        ("leader_a", "login", "leader_a"),
    ]


def test_audit_page_filters_by_object_type_and_object_id(org, login):
    person = org.people["cadre_a"]
    services.person_update(actor=SYSTEM, person=person, position="副书记")
    client = login("office")

    units = listed(client.get(reverse("audit:entry_list"), {"model": "orgs.unit"}))
    about_person = listed(
        client.get(reverse("audit:entry_list"), {"model": "orgs.person", "object_id": person.pk})
    )

    assert units and {e.model for e in units} == {"orgs.unit"}
    assert [e.action for e in about_person] == ["update", "grant", "create"]
    assert {(e.model, e.object_id) for e in about_person} == {("orgs.person", str(person.pk))}


def test_audit_page_filters_by_date(org, login):
    # half past midnight in Shanghai is still the 15th in UTC: the filter uses the local date
    with time_machine.travel(dt.datetime(2023, 3, 16, 0, 30, tzinfo=SHANGHAI), tick=False):
        services.unit_update(actor=SYSTEM, unit=org.grid_a, name="三月的网格")
    with time_machine.travel(dt.datetime(2023, 4, 2, 10, 0, tzinfo=SHANGHAI), tick=False):
        services.unit_update(actor=SYSTEM, unit=org.grid_a, name="四月的网格")
    client = login("office")
    url = reverse("audit:entry_list")

    march = listed(client.get(url, {"date_from": "2023-03-16", "date_to": "2023-03-16"}))
    day_before = listed(client.get(url, {"date_from": "2023-03-15", "date_to": "2023-03-15"}))
    spring = listed(client.get(url, {"date_from": "2023-03-01", "date_to": "2023-04-30"}))
    from_april = listed(client.get(url, {"date_from": "2023-04-01"}))

    assert [e.object_repr for e in march] == ["三月的网格"]
    assert day_before == []
    assert [e.object_repr for e in spring] == ["四月的网格", "三月的网格"]
    assert "三月的网格" not in [e.object_repr for e in from_april]
    assert "四月的网格" in [e.object_repr for e in from_april]


def test_office_sees_only_the_entries_of_its_own_scope(org, client):
    with acting_as("system:test"):
        xinjie = services.unit_create(
            actor=SYSTEM, code="XJ", name="新街街道", kind="subdistrict", parent=org.district
        )
        office2 = make_person("office2", xinjie, [(Role.OFFICE, xinjie)], "新街办事员")
        community = services.unit_create(
            actor=SYSTEM, code="XJ-C1", name="新街社区", kind="community", parent=xinjie
        )
        services.person_create(actor=SYSTEM, name="新街干部", unit=community)
        services.unit_update(actor=SYSTEM, unit=org.community_b, name="湖头陈新社区")

    client.force_login(org.user("office"))
    chengxiang = {e.object_repr for e in listed(client.get(reverse("audit:entry_list")))}
    client.force_login(office2.user)
    xinjie_seen = {e.object_repr for e in listed(client.get(reverse("audit:entry_list")))}

    assert {"湖头陈新社区", "湘湖社区", "湘湖干部"} <= chengxiang
    assert {"新街社区", "新街干部", "新街办事员"}.isdisjoint(chengxiang)
    assert {"新街社区", "新街干部", "新街办事员"} <= xinjie_seen
    assert {"湖头陈新社区", "湘湖干部", "湘湖社区"}.isdisjoint(xinjie_seen)
