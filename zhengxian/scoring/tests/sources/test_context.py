"""Sources run in the engine's decimal context, never in the caller's."""

from __future__ import annotations

import decimal
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

import pytest

from zhengxian.engine.sources import ParamSpec, registry
from zhengxian.engine.types import LeafSpec, MethodSpec, RawValue
from zhengxian.scoring.services.gather import gather_inputs
from zhengxian.scoring.tests.factories import small_campaign

pytestmark = pytest.mark.django_db


class TwoThirds:
    """A rate source as the built-in ones are written: plain Decimal division."""

    name = "two_thirds"
    label = "Two thirds"
    kind = "rate"
    params: Mapping[str, ParamSpec] = {}

    def compute(
        self, *, period: Any, unit_ids: Sequence[int], params: Mapping[str, Any]
    ) -> Mapping[int, RawValue]:
        value = Decimal(2) / Decimal(3)
        return {unit: RawValue(value, Decimal(2), Decimal(3)) for unit in unit_ids}


LEAF = LeafSpec(
    code="L",
    name="L",
    weight=Decimal(10),
    source="two_thirds",
    method=MethodSpec(name="target", params={"target": 1}),
)


@pytest.mark.parametrize(
    ("prec", "rounding"), [(3, decimal.ROUND_HALF_EVEN), (28, decimal.ROUND_DOWN), (5, "")]
)
def test_a_source_computes_the_same_value_whatever_the_callers_context(
    org, prec: int, rounding: str
) -> None:
    period = small_campaign(org).periods.get(key="2026-01")
    unit = org.community_a.pk
    with registry.register_temporarily(TwoThirds):
        expected = gather_inputs(period=period, leaves=[LEAF], unit_ids=[unit]).raw["L"][unit]
        with decimal.localcontext() as context:
            context.prec = prec
            context.rounding = rounding or decimal.ROUND_FLOOR
            got = gather_inputs(period=period, leaves=[LEAF], unit_ids=[unit]).raw["L"][unit]
    assert got == expected
    assert got.value == Decimal("0.6666666666666666666666666667")
