"""Cursor pagination: a page of ``limit`` items and an opaque ``next_cursor`` that carries
the last item's sort key, so pages stay right while records are added (offsets would skip
or repeat them)."""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.db.models import Model, Q, QuerySet
from django.utils.translation import gettext as _
from ninja import Schema

from .errors import ApiRefusal

T = TypeVar("T")
M = TypeVar("M", bound=Model)

DEFAULT_LIMIT = 50
MAX_LIMIT = 200


class Page(Schema, Generic[T]):
    items: list[T]
    next_cursor: str | None = None


@dataclass(frozen=True)
class Slice(Generic[M]):
    items: list[M]
    next_cursor: str | None


def _encode(values: Sequence[Any]) -> str:
    plain = [v.isoformat() if isinstance(v, dt.date | dt.datetime) else v for v in values]
    return base64.urlsafe_b64encode(json.dumps(plain).encode()).decode().rstrip("=")


def _decode(cursor: str, count: int) -> list[Any]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        values = json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (binascii.Error, ValueError, UnicodeDecodeError):
        values = None
    if not isinstance(values, list) or len(values) != count:
        raise ApiRefusal(400, "bad_cursor", _("The cursor is not one this API gave out."))
    return values


def _after(order: Sequence[str], values: Sequence[Any]) -> Q:
    """Rows after ``values`` in ``order`` (all fields in the same direction)."""
    descending = order[0].startswith("-")
    names = [name.lstrip("-") for name in order]
    lookup = "lt" if descending else "gt"
    condition = Q()
    for index, name in enumerate(names):
        step = Q(**{f"{name}__{lookup}": values[index]})
        for earlier in range(index):
            step &= Q(**{names[earlier]: values[earlier]})
        condition |= step
    return condition


def cursor_slice(
    queryset: QuerySet[M],
    *,
    cursor: str | None,
    limit: int | None,
    order: Sequence[str] = ("-id",),
) -> Slice[M]:
    """One page of ``queryset`` in ``order`` (its last field must be unique, e.g. id)."""
    size = max(1, min(limit or DEFAULT_LIMIT, MAX_LIMIT))
    rows = queryset.order_by(*order)
    if cursor:
        values = _decode(cursor, len(order))
        try:
            rows = rows.filter(_after(order, values))
        except (ValueError, TypeError) as error:
            raise ApiRefusal(
                400, "bad_cursor", _("The cursor is not one this API gave out.")
            ) from error
    items = list(rows[: size + 1])
    more = len(items) > size
    items = items[:size]
    next_cursor = None
    if more:
        last = items[-1]
        next_cursor = _encode([_value(last, name.lstrip("-")) for name in order])
    return Slice(items=items, next_cursor=next_cursor)


def _value(obj: Any, path: str) -> Any:
    for part in path.split("__"):
        obj = getattr(obj, part)
    return obj
