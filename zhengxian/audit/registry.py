"""Which models are audited, and the signal handlers that record their changes.

Signals are used here (and only here) because the log must catch every write, from any
service, the admin or a shell, without each caller remembering to call it. Bulk writes
that bypass signals call `services.record_change` themselves.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import models
from django.db.models.signals import post_delete, post_save, pre_save

from .serialise import secret_values, snapshot

UnitOf = Callable[[Any], Any]

_registry: dict[type[models.Model], UnitOf] = {}
_excluded: dict[type[models.Model], frozenset[str]] = {}
_personal: dict[type[models.Model], frozenset[str]] = {}


def _default_unit_of(instance: Any) -> Any:
    if instance._meta.label == "orgs.Unit":
        # A unit being created has no path until its id is known: its parent's scope owns it.
        return instance if instance.path else instance.parent
    return getattr(instance, "unit", None)


def unit_path_of(instance: Any) -> str:
    unit_of = _registry.get(type(instance), _default_unit_of)
    try:
        unit = unit_of(instance)
    except Exception:  # a half-built object (e.g. a missing relation) has no unit yet
        return ""
    return getattr(unit, "path", "") or ""


def audited(
    *model_classes: type[models.Model],
    unit_of: UnitOf | None = None,
    exclude: frozenset[str] = frozenset(),
    personal: frozenset[str] = frozenset(),
) -> None:
    """Records every create, update and delete of these models. Idempotent.

    ``exclude`` names fields derived from others (not logged, since they follow);
    ``personal`` names residents' personal data, logged only masked.
    """
    for model_class in model_classes:
        _registry[model_class] = unit_of or _default_unit_of
        _excluded[model_class] = frozenset(exclude)
        _personal[model_class] = frozenset(personal)
        uid = f"zhengxian-audit-{model_class._meta.label}"
        pre_save.connect(_remember_before, sender=model_class, dispatch_uid=uid + "-pre")
        post_save.connect(_record_save, sender=model_class, dispatch_uid=uid + "-post")
        post_delete.connect(_record_delete, sender=model_class, dispatch_uid=uid + "-del")


def _snapshot_of(model_class: type[models.Model], instance: Any) -> dict[str, Any]:
    return snapshot(
        instance,
        exclude=_excluded.get(model_class, frozenset()),
        personal=_personal.get(model_class, frozenset()),
    )


def _remember_before(
    sender: type[models.Model], instance: Any, raw: bool = False, **_: Any
) -> None:
    if raw or instance.pk is None or instance._state.adding:
        instance._audit_before = None
        instance._audit_secrets_before = {}
        return
    previous = sender._default_manager.filter(pk=instance.pk).first()
    instance._audit_before = _snapshot_of(sender, previous) if previous is not None else None
    instance._audit_secrets_before = secret_values(previous) if previous is not None else {}


def _record_save(
    sender: type[models.Model], instance: Any, created: bool, raw: bool = False, **_: Any
) -> None:
    if raw:
        return
    from .services import record_change

    after = _snapshot_of(sender, instance)
    before = None if created else getattr(instance, "_audit_before", None)
    # Secrets are masked on both sides, so only their raw values tell whether they changed.
    secrets_before = {} if created else getattr(instance, "_audit_secrets_before", {})
    changed_secrets = frozenset(
        name
        for name, value in secret_values(instance).items()
        if name in secrets_before and secrets_before[name] != value
    )
    record_change(instance=instance, before=before, after=after, changed_secrets=changed_secrets)
    instance._audit_before = after


def _record_delete(sender: type[models.Model], instance: Any, **_: Any) -> None:
    from .services import record_change

    record_change(
        instance=instance,
        before=_snapshot_of(sender, instance),
        after=None,
    )
