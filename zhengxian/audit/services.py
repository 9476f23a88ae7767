from __future__ import annotations

from typing import Any

from django.db import models, transaction
from django.http import HttpRequest

from zhengxian.core import clock
from zhengxian.core.acting import current_actor, current_ip
from zhengxian.core.client_ip import client_ip

from .chain import canonical_entry, entry_hash
from .models import Action, AuditEntry, ChainHead, Outcome
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


def record_event(
    *,
    kind: str,
    outcome: str,
    actor: Any = None,
    ip: str | None = None,
    obj: models.Model | None = None,
    model: str = "",
    object_id: str = "",
    object_repr: str = "",
    unit_path: str | None = None,
    details: dict[str, Any] | None = None,
) -> AuditEntry:
    """Appends a security event (a login, a refusal, an export, a role grant) to the chain.

    ``actor`` and ``ip`` default to those of the current request. The object is ``obj`` or
    is named by ``model``/``object_id``/``object_repr``; ``unit_path`` (who may read the
    entry) defaults to the object's unit, else the actor's own unit.
    """
    actor = actor if actor is not None else current_actor()
    actor_id, actor_label = _actor_fields(actor)
    if obj is not None:
        model = model or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        object_repr = object_repr or str(obj)
    if unit_path is None:
        unit_path = (unit_path_of(obj) if obj is not None else "") or _own_unit_path(actor)
    return _append(
        actor_id=actor_id,
        actor_label=actor_label,
        action=kind,
        model=model[:100],
        object_id=object_id[:64],
        object_repr=object_repr[:200],
        unit_path=unit_path,
        changes=details or {},
        ip=(ip if ip is not None else current_ip())[:45],
        outcome=outcome,
    )


def _own_unit_path(actor: Any) -> str:
    if actor is None or isinstance(actor, str) or getattr(actor, "pk", None) is None:
        return ""
    # The person record (orgs) through the user's reverse relation: the log sits below orgs.
    person = getattr(actor, "person", None)
    unit = getattr(person, "unit", None) if person is not None else None
    return getattr(unit, "path", "") or ""


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


def record_export(
    request: HttpRequest,
    *,
    what: str,
    obj: models.Model | None = None,
    details: dict[str, Any] | None = None,
) -> AuditEntry:
    """One line for a download view: who exported ``what`` (e.g. "scoring.results.xlsx")."""
    return record_event(
        kind=Action.EXPORT,
        outcome=Outcome.SUCCESS,
        actor=request.user if request.user.is_authenticated else None,
        ip=client_ip(request),
        obj=obj,
        model=what if obj is None else "",
        object_repr=what if obj is None else "",
        details={"what": what, "path": request.get_full_path()[:500], **(details or {})},
    )


def record_denied(request: HttpRequest, *, reason: str = "") -> AuditEntry:
    """A refused page or action (403): who, from where, which address, and why."""
    user = request.user if request.user.is_authenticated else None
    return record_event(
        kind=Action.DENIED,
        outcome=Outcome.REFUSED,
        actor=user,
        ip=client_ip(request),
        model="url",
        object_id=request.method or "",
        object_repr=request.path[:200],
        details={"reason": reason} if reason else {},
    )
