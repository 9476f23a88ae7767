"""The version of the attendance figures: a new one after every committed write to what they
count (sign-ins, roster rows, sessions), so per-unit counts kept under the old version are
never read again. The cache holds it: the database in production, shared by every app
server, so a sign-in on one server drops the counts kept by all."""

from __future__ import annotations

import uuid
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save

from zhengxian.core.signals import records_written

KEY = "activities:attendance-version"


def attendance_version() -> str:
    version = cache.get(KEY)
    if version is None:
        # Never a value counts were kept under before (the cache may have been cleared).
        cache.add(KEY, uuid.uuid4().hex, None)
        version = cache.get(KEY)
    return str(version)


def _new_version() -> None:
    cache.set(KEY, uuid.uuid4().hex, None)


def _bump(**_kwargs: Any) -> None:
    # At once (the writer's next page shows the write), and again after the commit: a
    # request that counted in between, without the uncommitted row, kept its figures under
    # a version that is then never read again.
    _new_version()
    transaction.on_commit(_new_version)


def connect_version() -> None:
    from .models import ExpectedAttendee, Session, SignIn

    for model in (SignIn, ExpectedAttendee, Session):
        post_save.connect(_bump, sender=model, dispatch_uid=f"attendance-version-save-{model}")
        post_delete.connect(_bump, sender=model, dispatch_uid=f"attendance-version-del-{model}")
        records_written.connect(_bump, sender=model, dispatch_uid=f"attendance-version-{model}")
