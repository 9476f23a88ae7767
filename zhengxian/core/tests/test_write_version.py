"""A version followed by a model is renewed at every write, and once more when the
transaction commits: once per transaction, however many rows it writes."""

from __future__ import annotations

import pytest
from django.db import connection, transaction

from zhengxian.core.actors import SYSTEM
from zhengxian.orgs.services import unit_create
from zhengxian.projects.kept import CHART as VERSION  # follows Unit among others

# Real transactions: the test's own would hold every renewal on commit from the fixtures.
pytestmark = pytest.mark.django_db(transaction=True)


def _pending_renewals() -> int:
    return sum(1 for entry in connection.run_on_commit if entry[1] == VERSION._renew)


def _grid(org, code: str) -> None:
    unit_create(actor=SYSTEM, code=code, name=f"网格{code}", kind="grid", parent=org.community_a)


def test_many_writes_in_one_transaction_renew_the_version_once_on_commit(org):
    before = VERSION.current()
    with transaction.atomic():
        for n in range(3):
            _grid(org, f"T{n}")
        in_transaction = VERSION.current()
        assert in_transaction != before  # at once: the writer's next read is fresh
        assert _pending_renewals() == 1
    assert VERSION.current() != in_transaction  # and again on commit


def test_a_renewal_rolled_back_with_its_savepoint_is_registered_again(org):
    with transaction.atomic():
        try:
            with transaction.atomic():
                _grid(org, "T9")
                assert _pending_renewals() == 1
                raise RuntimeError("roll the savepoint back")
        except RuntimeError:
            pass
        assert _pending_renewals() == 0
        _grid(org, "T8")
        assert _pending_renewals() == 1
        in_transaction = VERSION.current()
    assert VERSION.current() != in_transaction
