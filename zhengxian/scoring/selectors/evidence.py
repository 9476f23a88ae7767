"""The records behind one unit's points on a leaf, a page at a time.

Most sources list the references of their records in the stored score; a source that counts
many records per unit (the visit count) names them by its query instead (a ``RecordSet``),
and the records are found again here with the source's ``record_query``, by id. The set
stored at scoring time has a count and a sum of ids: when the query finds another set now
(records added, deleted or moved since), ``changed`` says so and the page shows both counts.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import Any, overload

from django.db.models import Count, QuerySet, Sum

from zhengxian.campaigns.models import Period
from zhengxian.engine.evidence import evidence_ref
from zhengxian.engine.sources import UnknownSource, registry
from zhengxian.engine.types import RecordSet


@dataclass(frozen=True)
class LeafEvidence:
    """A sequence of references (``len`` and slices, so a ``Paginator`` pages it)."""

    refs: tuple[str, ...]
    records: RecordSet | None
    period: Period
    unit_id: int

    @property
    def scored_count(self) -> int:
        """How many records the points were computed from."""
        return self.records.count if self.records is not None else len(self.refs)

    @cached_property
    def _query(self) -> QuerySet[Any] | None:
        if self.records is None:
            return None
        try:
            source = registry.get(self.records.source)
        except UnknownSource:  # a plug-in removed since: the stored count still says how many
            return None
        return source.record_query(  # type: ignore[attr-defined, no-any-return]
            period=self.period, unit_ids=[self.unit_id], params=self.records.params
        )

    @cached_property
    def _now(self) -> tuple[int, int]:
        if self._query is None:
            return len(self.refs), 0
        found = self._query.aggregate(count=Count("pk"), id_sum=Sum("pk"))
        return found["count"], int(found["id_sum"] or 0)  # numeric (Decimal) on PostgreSQL

    @property
    def changed(self) -> bool:
        """The query finds another set of records now than at scoring."""
        if self.records is None:
            return False
        return self._now != (self.records.count, self.records.id_sum)

    def __len__(self) -> int:
        return self._now[0]

    def __iter__(self) -> Iterator[str]:
        return iter(self[:])

    @overload
    def __getitem__(self, index: int) -> str: ...
    @overload
    def __getitem__(self, index: slice) -> list[str]: ...
    def __getitem__(self, index: int | slice) -> str | list[str]:
        if self.records is None:
            return list(self.refs[index]) if isinstance(index, slice) else self.refs[index]
        if self._query is None:
            raise IndexError(index)
        model = self.records.model
        ids = self._query.values_list("pk", flat=True)
        if isinstance(index, slice):
            return [evidence_ref(model, pk) for pk in ids[index]]
        return evidence_ref(model, ids[index])


def evidence_of(line: Any, period: Period, unit_id: int) -> LeafEvidence:
    """The evidence of a score card's leaf line (``refs`` and ``records`` as stored)."""
    return LeafEvidence(
        refs=tuple(line.evidence), records=line.records, period=period, unit_id=unit_id
    )
