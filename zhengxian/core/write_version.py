"""A version renewed by every committed write to some models, for figures kept in the cache
under it: counts kept under an old version are never read again, so a write shows at once
without each reader checking what changed. The cache holds the version (the database cache in
production, shared by every app server), so a write on one server drops what all kept."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.cache import cache
from django.db import models, transaction
from django.db.models.signals import post_delete, post_save

from .signals import records_written

T = TypeVar("T")
_MISSING = object()


class WriteVersion:
    def __init__(self, key: str) -> None:
        self.key = key

    def current(self) -> str:
        version = cache.get(self.key)
        if version is None:
            # Never a value figures were kept under before (the cache may have been cleared).
            cache.add(self.key, uuid.uuid4().hex, None)
            version = cache.get(self.key)
        return str(version)

    def kept(self, key: str, count: Callable[[], T], *, seconds: int) -> T:
        """The figure kept under ``key`` and the current version, or ``count()`` now (and
        kept for at most ``seconds``, a safety for a write that bypasses the signals)."""
        full = f"{self.key}:{self.current()}:{key}"
        found = cache.get(full, _MISSING)
        if found is not _MISSING:
            return found  # type: ignore[no-any-return]
        value = count()
        cache.set(full, value, seconds)
        return value

    def _renew(self) -> None:
        cache.set(self.key, uuid.uuid4().hex, None)

    def bump(self, **_kwargs: Any) -> None:
        # At once (the writer's next page shows the write), and again after the commit: a
        # request that counted in between, without the uncommitted row, kept its figures
        # under a version that is then never read again.
        self._renew()
        if not self._renewal_pending():
            transaction.on_commit(self._renew)

    def _renewal_pending(self) -> bool:
        """Whether this transaction already renews the version on commit: an import saving
        a thousand rows renews it once then, not a thousand times. Read from the
        transaction's own list, which drops a renewal when its savepoint is rolled back."""
        connection = transaction.get_connection()
        return connection.in_atomic_block and any(
            func == self._renew for _ids, func, _robust in connection.run_on_commit
        )

    def follow(self, *watched: type[models.Model]) -> None:
        """Renews the version on every save and delete of these models, and on their bulk
        writes (``records_written``)."""
        for model in watched:
            uid = f"{self.key}:{model._meta.label_lower}"
            post_save.connect(self.bump, sender=model, dispatch_uid=f"{uid}:save", weak=False)
            post_delete.connect(self.bump, sender=model, dispatch_uid=f"{uid}:delete", weak=False)
            records_written.connect(self.bump, sender=model, dispatch_uid=f"{uid}:bulk", weak=False)
