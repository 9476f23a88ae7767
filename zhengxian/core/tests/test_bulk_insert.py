"""Rows written by ``insert_rows`` read back as given, each under the id returned for it."""

from __future__ import annotations

import pytest
from django.db import connection

from zhengxian.core import clock
from zhengxian.core.bulk_insert import insert_rows, rows_per_insert
from zhengxian.core.models import Notification

pytestmark = pytest.mark.django_db

COLUMNS = (
    "recipient_id",
    "text",
    "url",
    "kind",
    "priority",
    "group",
    "group_label",
    "dedup_key",
    "created_at",
    "read_at",
)


def _row(user_id: int, index: int) -> tuple:
    now = connection.ops.adapt_datetimefield_value(clock.now())
    # read_at is NULL in every row: a column of nothing but NULLs still has its type.
    return (
        user_id,
        f"第{index}条通知",
        f"/n/{index}/",
        "general",
        index % 3,
        "",
        "",
        "",
        now,
        None,
    )


def test_ids_come_back_in_the_rows_order_across_statements(django_user_model):
    user = django_user_model.objects.create_user("reader")
    rows = [_row(user.pk, index) for index in range(2 * rows_per_insert(len(COLUMNS)) + 3)]
    ids = insert_rows(Notification, COLUMNS, rows, return_ids=True)
    assert len(ids) == len(rows) == len(set(ids))
    stored = Notification.objects.in_bulk(ids)
    assert [stored[pk].text for pk in ids] == [row[1] for row in rows]
    assert [stored[pk].priority for pk in ids] == [row[4] for row in rows]
    assert all(stored[pk].read_at is None and stored[pk].recipient_id == user.pk for pk in ids)


def test_without_ids_the_rows_are_written_and_nothing_is_read_back(django_user_model):
    user = django_user_model.objects.create_user("reader")
    assert insert_rows(Notification, COLUMNS, [_row(user.pk, 1), _row(user.pk, 2)]) == []
    assert sorted(Notification.objects.values_list("text", flat=True)) == ["第1条通知", "第2条通知"]
    assert insert_rows(Notification, COLUMNS, [], return_ids=True) == []
