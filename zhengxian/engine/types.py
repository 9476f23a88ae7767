"""Value types shared by the scoring engine, the sources and the campaign file.

Everything here is plain data with no database access, so the engine that turns raw values
into points can be tested, and reasoned about, without Django.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal

UnitId = int
MethodName = Literal["target", "relative", "rank", "bands", "manual"]
WhenEmpty = Literal["full", "zero", "group_mean"]


# RecordSet and RawValue are not frozen, like the engine's LeafScore (results.py): a
# province's period makes some 250,000 of each, and a frozen dataclass's __init__ (a guarded
# setattr per field) costs twice a plain one's. Treat them as values all the same: make a
# changed copy with dataclasses.replace(), never assign to a field.
@dataclass(slots=True)
class RecordSet:
    """The records behind a value named by the query that finds them, not listed one by one.

    A source that counts many records per unit (a province's 1.6 million visits of a month,
    counted again for every unit above their own) says which of its queries found them:
    ``source`` and its ``params`` for the unit and period the value belongs to. ``count``
    and ``id_sum`` (the sum of their primary keys) describe the set found at scoring time,
    so the drill-down, which runs the query again, can tell when the records have changed
    since, and a correction can tell which units' records did.
    """

    source: str
    params: Mapping[str, Any]
    model: str  # "app_label.model" of the records
    count: int
    id_sum: int

    @classmethod
    def from_canonical(cls, stored: Mapping[str, Any]) -> RecordSet:
        return cls(
            source=stored["source"],
            params=dict(stored.get("params") or {}),
            model=stored["model"],
            count=int(stored["count"]),
            id_sum=int(stored["id_sum"]),
        )


@dataclass(slots=True)
class RawValue:
    """What a source found for one unit in one period.

    ``value`` is None when the unit has no data for a rate (no denominator); the leaf's
    ``when_empty`` rule then decides its points. The records behind the value are either
    listed in ``evidence``, as ``"app_label.model:pk"`` strings, sorted, or named by the
    query that finds them in ``records`` (then ``evidence`` is empty).
    """

    value: Decimal | None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    evidence: tuple[str, ...] = ()
    records: RecordSet | None = None


def rate_value(
    numerator: Decimal | int,
    denominator: Decimal | int,
    evidence: tuple[str, ...] = (),
    records: RecordSet | None = None,
) -> RawValue:
    """A rate source's finding: numerator ÷ denominator, or no data (``value=None``) when the
    denominator is 0, so that the leaf's ``when_empty`` rule decides, never a division error
    or a silent 0."""
    numerator, denominator = Decimal(numerator), Decimal(denominator)
    return RawValue(
        value=numerator / denominator if denominator else None,
        numerator=numerator,
        denominator=denominator,
        evidence=evidence,
        records=records,
    )


@dataclass(frozen=True)
class MethodSpec:
    """How a leaf turns raw values into points (product.md, "Methods")."""

    name: MethodName
    params: Mapping[str, Any] = field(default_factory=dict)
    lower_is_better: bool = False
    when_empty: WhenEmpty = "full"


@dataclass(frozen=True)
class LeafSpec:
    code: str
    name: str
    weight: Decimal  # the leaf's maximum points M
    source: str  # a name in the source registry
    method: MethodSpec
    source_params: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class DimensionSpec:
    code: str
    name: str
    weight: Decimal  # equals the sum of the children's weights
    children: tuple[DimensionSpec | LeafSpec, ...]
