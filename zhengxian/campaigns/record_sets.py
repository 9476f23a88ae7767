"""For indicator sources whose values name their records by a query (docs/developing.md,
"Records named by their query"): a rate per unit counted by the database."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.db.models import Aggregate, QuerySet

from zhengxian.engine.types import RawValue, RecordSet, UnitId, rate_value
from zhengxian.orgs.rollup import counted_by_unit


def rates_by_unit(
    source: str,
    params: Mapping[str, Any],
    records: QuerySet[Any],
    unit_field: str,
    unit_ids: Sequence[UnitId],
    numerator: Aggregate,
) -> dict[UnitId, RawValue]:
    """A rate (or a mean) per unit: ``numerator`` (an aggregate of ``records``) ÷ how many
    ``records`` the unit has, both counted by the database per unit path in one ``GROUP
    BY``; the records are named by ``source``'s query. A unit without records is left out
    (nothing to divide by)."""
    counted = counted_by_unit(records, unit_field, unit_ids, extra={"numerator": numerator})
    model = records.model._meta.label_lower
    return {
        unit: rate_value(
            found.extra["numerator"],
            found.count,
            records=RecordSet(source, params, model, found.count, found.id_sum),
        )
        for unit, found in counted.items()
    }
