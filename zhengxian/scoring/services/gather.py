"""Collects one period's inputs for the engine: raw values, manual points, adjustments.

Each distinct (source, parameters) pair is computed once for all units with set-based
queries, so the number of queries depends on the campaign, never on the number of units.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Sum

from zhengxian.campaigns.models import Period
from zhengxian.engine.evidence import evidence_ref
from zhengxian.engine.rounding import scoring_context
from zhengxian.engine.shared_reads import shared_reads
from zhengxian.engine.sources import registry
from zhengxian.engine.types import LeafSpec, RawValue, UnitId
from zhengxian.scoring.models import (
    Adjustment,
    AdjustmentKind,
    AdjustmentStatus,
    LeafOverride,
    ManualAssessment,
)

MANUAL_SOURCES = frozenset({"manual"})
# Sources whose values people enter for the campaign rather than records of work (减负).
ENTERED_SOURCES = MANUAL_SOURCES | {"panel", "rating"}


@dataclass(frozen=True)
class PeriodInputs:
    raw: Mapping[str, Mapping[UnitId, RawValue]]
    manual: Mapping[str, Mapping[UnitId, Decimal]]
    bonus: Mapping[UnitId, Decimal]
    penalty: Mapping[UnitId, Decimal]
    overrides: Mapping[str, Mapping[UnitId, Decimal]]


def gather_inputs(
    *, period: Period, leaves: Iterable[LeafSpec], unit_ids: Sequence[UnitId]
) -> PeriodInputs:
    leaves = list(leaves)
    with shared_reads():
        raw = _raw_values(period, leaves, unit_ids)
    raw.update(
        manual_evidence(period, [leaf.code for leaf in leaves if leaf.source in MANUAL_SOURCES])
    )
    return PeriodInputs(
        raw=raw,
        manual=_manual_points(period, leaves, unit_ids),
        bonus=adjustments_of(period, AdjustmentKind.BONUS, unit_ids),
        penalty=adjustments_of(period, AdjustmentKind.PENALTY, unit_ids),
        overrides=overrides_of(period, unit_ids),
    )


def _raw_values(
    period: Period, leaves: list[LeafSpec], unit_ids: Sequence[UnitId]
) -> dict[str, Mapping[UnitId, RawValue]]:
    computed: dict[tuple[str, str], Mapping[UnitId, RawValue]] = {}
    raw: dict[str, Mapping[UnitId, RawValue]] = {}
    wanted = set(unit_ids)
    for leaf in leaves:
        if leaf.source in MANUAL_SOURCES:
            continue
        params = dict(leaf.source_params)
        key = (leaf.source, json.dumps(params, sort_keys=True, default=str))
        if key not in computed:
            # The engine's context, not the caller's: a rate 2 ÷ 3 is the same 28 digits
            # whatever a command or view set with decimal.getcontext().
            with scoring_context():
                values = registry.get(leaf.source).compute(
                    period=period, unit_ids=unit_ids, params=params
                )
            computed[key] = {unit: value for unit, value in values.items() if unit in wanted}
        raw[leaf.code] = computed[key]
    return raw


def _manual_points(
    period: Period, leaves: list[LeafSpec], unit_ids: Sequence[UnitId]
) -> dict[str, dict[UnitId, Decimal]]:
    codes = [leaf.code for leaf in leaves if leaf.method.name == "manual"]
    points: dict[str, dict[UnitId, Decimal]] = defaultdict(dict)
    if not codes:
        return {}
    wanted = set(unit_ids)
    rows = ManualAssessment.objects.filter(
        period=period, leaf__code__in=codes, leaf__campaign=period.campaign_id
    )
    for code, unit_id, value in rows.values_list("leaf__code", "unit_id", "points"):
        if unit_id in wanted:
            points[code][unit_id] = value
    return dict(points)


def adjustments_of(period: Period, kind: str, unit_ids: Sequence[UnitId]) -> dict[UnitId, Decimal]:
    wanted = set(unit_ids)
    rows = (
        Adjustment.objects.filter(period=period, kind=kind, status=AdjustmentStatus.APPROVED)
        .values("unit_id")
        .annotate(total=Sum("points"))
        .values_list("unit_id", "total")
    )
    return {unit_id: total for unit_id, total in rows if unit_id in wanted}


def overrides_of(period: Period, unit_ids: Sequence[UnitId]) -> dict[str, dict[UnitId, Decimal]]:
    wanted = set(unit_ids)
    overrides: dict[str, dict[UnitId, Decimal]] = defaultdict(dict)
    for code, unit_id, points in LeafOverride.objects.filter(period=period).values_list(
        "leaf__code", "unit_id", "points"
    ):
        if unit_id in wanted:
            overrides[code][unit_id] = points
    return dict(overrides)


def manual_evidence(period: Period, codes: Sequence[str]) -> dict[str, dict[UnitId, RawValue]]:
    """The manual assessments behind manual leaves, as evidence references."""
    evidence: dict[str, dict[UnitId, RawValue]] = defaultdict(dict)
    if not codes:
        return {}
    rows = ManualAssessment.objects.filter(
        period=period, leaf__code__in=codes, leaf__campaign=period.campaign_id
    )
    for pk, code, unit_id in rows.values_list("pk", "leaf__code", "unit_id"):
        evidence[code][unit_id] = RawValue(
            value=None, evidence=(evidence_ref("scoring.manualassessment", pk),)
        )
    return dict(evidence)
