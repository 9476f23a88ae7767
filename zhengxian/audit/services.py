from __future__ import annotations

from typing import Any

from django.db import models, transaction

from zhengxian.core import clock

from .chain import canonical_entry, entry_hash
from .context import current_actor
from .models import Action, AuditEntry, ChainHead
from .registry import unit_path_of
from .serialise import SECRET_MARK, diff


def _actor_fields(actor: Any) -> tuple[int | None, str]:
    if actor is None:
        return None, "system"
    if isinstance(actor, str):
        return None, actor[:150]
    return actor.pk, actor.get_username()[:150]


def record_change(
    *,
    instance: models.Model,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    actor: Any = None,
    changed_secrets: frozenset[str] = frozenset(),
) -> AuditEntry | None:
    """Appends one entry for a change of ``instance``; nothing when no field changed.

    ``changed_secrets`` names masked fields whose value changed: masked on both sides, the
    diff cannot see it, yet the change itself must be on record.
    """
    if before is None and after is None:
        return None
    changes = diff(before, after)
    if before is not None and after is not None and changed_secrets:
        masked = {name: [SECRET_MARK, SECRET_MARK] for name in changed_secrets}
        changes = dict(sorted({**changes, **masked}.items()))
    if before is not None and after is not None:
        if not changes:
            return None
        action = Action.UPDATE
    else:
        action = Action.CREATE if before is None else Action.DELETE
    actor_id, actor_label = _actor_fields(actor if actor is not None else current_actor())
    return _append(
        actor_id=actor_id,
        actor_label=actor_label,
        action=action,
        model=instance._meta.label_lower,
        object_id=str(instance.pk if instance.pk is not None else (before or {}).get("id")),
        object_repr=str(instance)[:200],
        unit_path=unit_path_of(instance),
        changes=changes,
    )


def _append(**fields: Any) -> AuditEntry:
    # The head row is locked so that concurrent writers append one after another and the
    # chain never forks; the lock is held until the surrounding transaction commits.
    with transaction.atomic():
        head, _ = ChainHead.objects.select_for_update(of=("self",)).get_or_create(pk=1)
        seq = head.seq + 1
        at = clock.now()
        canonical = canonical_entry(seq=seq, at=at, **fields)
        digest = entry_hash(head.hash, canonical)
        entry = AuditEntry.objects.create(
            seq=seq, at=at, prev_hash=head.hash, hash=digest, **fields
        )
        ChainHead.objects.filter(pk=1).update(seq=seq, hash=digest)
    return entry
