"""Narrowing a query of records to the subtrees of a few units.

Indicator sources count a record for its unit and every unit above it. Asked for a few
units (the live rankings re-score the units a new record touched), a source reads only the
records of those units' subtrees; asked for many, it reads them all (a filter naming most
units costs more than it saves).
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db.models import Q

from .models import Unit

FEW_UNITS = 500


def within_subtrees(field: str, unit_ids: Sequence[int]) -> Q:
    """Records whose unit ``field`` (e.g. "responsible_unit") is one of ``unit_ids`` or
    below one of them, when they are at most ``FEW_UNITS``; otherwise every record."""
    if len(unit_ids) > FEW_UNITS:
        return Q()
    paths = list(Unit.objects.filter(pk__in=list(unit_ids)).values_list("path", flat=True))
    below = Q(pk__in=[])
    for path in paths:
        below |= Q(path__startswith=path)
    ids = list(Unit.objects.filter(below).values_list("pk", flat=True)) if paths else []
    return Q(**{f"{field}__in": ids})
