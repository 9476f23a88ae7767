"""The database itself refuses to change or remove an audit entry (PostgreSQL and SQLite)."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from zhengxian.audit.immutable import installed, triggers_suspended
from zhengxian.audit.models import AuditEntry
from zhengxian.audit.verification import verify_chain


def first_entry() -> AuditEntry:
    return AuditEntry.objects.order_by("seq").first()


def test_the_triggers_are_installed_by_the_migrations(db):
    assert connection.vendor in {"sqlite", "postgresql"}
    assert installed(connection)


@pytest.mark.parametrize(
    "change",
    [
        lambda qs: qs.update(changes={"name": [None, "别人"]}),
        lambda qs: qs.update(outcome="success"),
        lambda qs: qs.delete(),
    ],
    ids=["update changes", "update outcome", "delete"],
)
def test_an_update_or_delete_through_the_orm_is_refused_by_the_database(change, org):
    target = first_entry()
    before = (AuditEntry.objects.count(), target.changes, target.hash)

    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        change(AuditEntry.objects.filter(pk=target.pk))

    target.refresh_from_db()
    assert (AuditEntry.objects.count(), target.changes, target.hash) == before
    assert verify_chain().ok


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE audit_auditentry SET actor_label = 'someone-else'",
        "DELETE FROM audit_auditentry",
    ],
)
def test_raw_sql_is_refused_too(sql, org):
    count = AuditEntry.objects.count()

    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql)

    assert AuditEntry.objects.count() == count
    assert verify_chain().ok


def test_appending_still_works(org):
    from zhengxian.audit.models import Action, Outcome
    from zhengxian.audit.services import record_event

    entry = record_event(kind=Action.EXPORT, outcome=Outcome.SUCCESS, model="x", object_id="1")

    assert AuditEntry.objects.order_by("-seq").first() == entry
    assert verify_chain().ok


def test_suspending_the_triggers_restores_them_afterwards(org):
    with triggers_suspended():
        assert not installed(connection)

    assert installed(connection)
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.all().delete()


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="PostgreSQL's own trigger and error code; runs in `make test-pg`",
)
def test_on_postgresql_the_refusal_is_an_insufficient_privilege_error(org):
    with pytest.raises(DatabaseError) as refused, transaction.atomic():
        AuditEntry.objects.filter(pk=first_entry().pk).update(actor_label="x")

    assert getattr(refused.value.__cause__, "sqlstate", None) == "42501"


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="TRUNCATE exists on PostgreSQL only; runs in `make test-pg`",
)
def test_on_postgresql_a_row_trigger_does_not_stop_truncate_which_the_grant_must(org):
    # Documents the limit the stricter grant closes (docs/deploy-security-notes.md).
    with transaction.atomic():
        sid = transaction.savepoint()
        with connection.cursor() as cursor:
            cursor.execute("TRUNCATE audit_auditentry")
            cursor.execute("SELECT count(*) FROM audit_auditentry")
            assert cursor.fetchone()[0] == 0
        transaction.savepoint_rollback(sid)


@pytest.mark.django_db(transaction=True)
def test_flush_empties_the_log_with_everything_else_and_keeps_the_triggers():
    from zhengxian.orgs.testing import build_org

    build_org()
    assert AuditEntry.objects.exists()

    call_command("flush", interactive=False, verbosity=0)

    assert not AuditEntry.objects.exists()
    assert installed(connection)
