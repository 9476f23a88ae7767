"""Small builders for the engine tests (plain functions, no fixtures, no Django)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from zhengxian.engine.compute import PeriodResult, score_period
from zhengxian.engine.types import (
    DimensionSpec,
    LeafSpec,
    MethodName,
    MethodSpec,
    RawValue,
    WhenEmpty,
)


def leaf(
    code: str = "L",
    method: MethodName = "target",
    *,
    weight: str = "10",
    params: Mapping[str, Any] | None = None,
    lower_is_better: bool = False,
    when_empty: WhenEmpty = "full",
) -> LeafSpec:
    if params is None:
        params = {"target": Decimal("1")} if method == "target" else {}
    return LeafSpec(
        code=code,
        name=code,
        weight=Decimal(weight),
        source="test",
        method=MethodSpec(
            name=method, params=params, lower_is_better=lower_is_better, when_empty=when_empty
        ),
    )


def dimension(code: str, *children: DimensionSpec | LeafSpec) -> DimensionSpec:
    return DimensionSpec(
        code=code,
        name=code,
        weight=sum((child.weight for child in children), Decimal(0)),
        children=children,
    )


def values(**by_unit: str | None) -> dict[int, RawValue]:
    """values(u1="0.5", u2=None) → {1: RawValue(0.5), 2: RawValue(None)}."""
    return {
        int(key.removeprefix("u")): RawValue(value=None if v is None else Decimal(v))
        for key, v in by_unit.items()
    }


def score(
    tree: Sequence[DimensionSpec | LeafSpec],
    *,
    groups: Mapping[str, Sequence[int]],
    raw: Mapping[str, Mapping[int, RawValue]] | None = None,
    manual: Mapping[str, Mapping[int, Decimal]] | None = None,
    bonus: Mapping[int, Decimal] | None = None,
    penalty: Mapping[int, Decimal] | None = None,
    bonus_cap: str = "5",
    penalty_cap: str = "5",
) -> PeriodResult:
    return score_period(
        tree=tree,
        groups=groups,
        raw=raw or {},
        manual=manual or {},
        bonus=bonus or {},
        penalty=penalty or {},
        bonus_cap=Decimal(bonus_cap),
        penalty_cap=Decimal(penalty_cap),
    )


def score_leaf(
    spec: LeafSpec, raw: Mapping[int, RawValue], *, units: Sequence[int] | None = None
) -> dict[int, str]:
    """Score one leaf for one group and return each unit's points as a string."""
    groups = {"g": sorted(units if units is not None else raw)}
    result = score([spec], groups=groups, raw={spec.code: raw})
    return points(result, spec.code)


def points(result: PeriodResult, code: str) -> dict[int, str]:
    return {unit.unit: f"{unit.leaves[code].points:f}" for unit in result.units}
