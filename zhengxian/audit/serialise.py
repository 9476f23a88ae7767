"""Turns a model instance into plain JSON values, the form in which changes are logged."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from typing import Any

from django.db import models

from zhengxian.core.masking import mask_personal

# Never logged: they change on every login or save and say nothing about the data.
SKIPPED_FIELDS = frozenset({"last_login", "updated_at", "created_at"})
# Logged only as "changed": the value itself must not leave the table.
SECRET_FIELDS = frozenset({"password", "token"})
SECRET_MARK = "******"


def plain(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, Decimal | uuid.UUID | float):
        return str(value)
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in sorted(value.items())}
    if isinstance(value, list | tuple | set | frozenset):
        return [plain(v) for v in value]
    if hasattr(value, "name") and hasattr(value, "storage"):  # a FieldFile
        return value.name or None
    return str(value)


def snapshot(
    instance: models.Model,
    *,
    exclude: frozenset[str] = frozenset(),
    personal: frozenset[str] = frozenset(),
) -> dict[str, Any]:
    """Plain values of ``instance``; ``personal`` fields (residents' phones, ID numbers) are
    kept masked, so the log never holds what a retention purge removes from the table."""
    values: dict[str, Any] = {}
    for field in instance._meta.concrete_fields:
        if field.name in SKIPPED_FIELDS or field.name in exclude:
            continue
        value = getattr(instance, field.attname)
        if field.name in SECRET_FIELDS:
            values[field.attname] = SECRET_MARK
        elif field.name in personal:
            values[field.attname] = mask_personal(plain(value))
        else:
            values[field.attname] = plain(value)
    return values


def secret_values(instance: models.Model) -> dict[str, Any]:
    """The raw values of the secret fields, to compare in memory only (never logged)."""
    return {
        field.attname: getattr(instance, field.attname)
        for field in instance._meta.concrete_fields
        if field.name in SECRET_FIELDS
    }


def diff(before: dict[str, Any] | None, after: dict[str, Any] | None) -> dict[str, list[Any]]:
    """{field: [before, after]} for the fields that differ; one side is None on create/delete."""
    before = before or {}
    after = after or {}
    changes: dict[str, list[Any]] = {}
    for name in sorted(set(before) | set(after)):
        old, new = before.get(name), after.get(name)
        if old != new:
            changes[name] = [old, new]
    return changes
