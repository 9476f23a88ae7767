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


@dataclass(frozen=True)
class RawValue:
    """What a source found for one unit in one period.

    ``value`` is None when the unit has no data for a rate (no denominator); the leaf's
    ``when_empty`` rule then decides its points. ``evidence`` holds references to the
    records behind the value, as ``"app_label.model:pk"`` strings, sorted.
    """

    value: Decimal | None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    evidence: tuple[str, ...] = ()


def rate_value(
    numerator: Decimal | int, denominator: Decimal | int, evidence: tuple[str, ...] = ()
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
