"""A unit's score card: the indicator tree with the unit's stored result, and the group means."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Avg, DecimalField
from django.db.models.fields.json import KeyTextTransform, KeyTransform
from django.db.models.functions import Cast

from zhengxian.campaigns.models import CompetitionGroup, Period
from zhengxian.campaigns.selectors import TreeNode, campaign_nodes
from zhengxian.engine.types import RecordSet
from zhengxian.orgs.models import Unit
from zhengxian.orgs.roles import Perm
from zhengxian.orgs.scope import access_unit

from ..models import ScoreSheet, UnitScore
from ._numbers import percent, to_cents, to_decimal
from .access import current_sheet_for


@dataclass(frozen=True)
class DimensionLine:
    code: str
    name: str
    depth: int
    subtotal: Decimal
    weight: Decimal
    percent: Decimal
    kind: str = "dimension"


@dataclass(frozen=True)
class LeafLine:
    code: str
    name: str
    depth: int
    source: str
    points: Decimal
    maximum: Decimal
    percent: Decimal
    raw: Decimal | None
    numerator: Decimal | None
    denominator: Decimal | None
    method: str
    params: dict[str, Any]
    lower_is_better: bool
    when_empty: str
    when_empty_applied: bool
    overridden: bool
    evidence: tuple[str, ...]
    records: RecordSet | None = None  # the records named by their query instead of listed
    kind: str = "leaf"

    @property
    def evidence_count(self) -> int:
        """How many records the points were computed from."""
        return self.records.count if self.records is not None else len(self.evidence)


@dataclass(frozen=True)
class RadarAxis:
    code: str
    name: str
    percent: Decimal  # the unit's points as a share of the node's weight
    group_percent: Decimal


@dataclass
class ScoreCard:
    unit: Unit
    period: Period
    sheet: ScoreSheet | None
    row: UnitScore | None
    group_name: str = ""
    lines: list[DimensionLine | LeafLine] = field(default_factory=list)
    top: list[DimensionLine | LeafLine] = field(default_factory=list)
    radar: list[RadarAxis] = field(default_factory=list)

    def leaf(self, code: str) -> LeafLine | None:
        return next(
            (line for line in self.lines if isinstance(line, LeafLine) and line.code == code), None
        )


def scorecard_for(user: Any, period: Period, unit_id: int, *, with_means: bool = True) -> ScoreCard:
    """A unit's card for the period: 404 outside the user's scope; ``sheet`` None when
    nothing the user may see has been computed yet."""
    unit = access_unit(user, unit_id, Perm.VIEW_SCORES)
    sheet = current_sheet_for(user, period, unit)
    row = UnitScore.objects.filter(sheet=sheet, unit=unit).first() if sheet else None
    card = ScoreCard(unit=unit, period=period, sheet=sheet if row else None, row=row)
    if row is None:
        return card
    group = CompetitionGroup.objects.filter(
        campaign_id=period.campaign_id, code=row.group_code
    ).first()
    card.group_name = group.name if group else row.group_code
    card.lines = _card_lines(campaign_nodes(period.campaign), row.detail)
    card.top = [line for line in card.lines if line.depth == 0]
    if with_means:
        means = _stored_means(sheet, row.group_code) or group_means(
            row.sheet_id, row.group_code, card.top
        )
        card.radar = [
            RadarAxis(
                code=line.code,
                name=line.name,
                percent=line.percent,
                group_percent=percent(means.get(line.code, Decimal(0)), _weight(line)),
            )
            for line in card.top
        ]
    return card


def _weight(line: DimensionLine | LeafLine) -> Decimal:
    return line.weight if isinstance(line, DimensionLine) else line.maximum


def _card_lines(roots: list[TreeNode], detail: dict[str, Any]) -> list[DimensionLine | LeafLine]:
    """The indicator tree in depth-first order, each node with the unit's stored result
    (depth 0 for the top level)."""
    dimensions = detail.get("dimensions", {})
    leaves = detail.get("leaves", {})
    lines: list[DimensionLine | LeafLine] = []

    def visit(tree: TreeNode, depth: int) -> None:
        node = tree.node
        if node.is_leaf:
            stored = leaves.get(node.code)
            if stored is None:  # a node added after this sheet was computed
                return
            points = Decimal(stored["points"])
            maximum = Decimal(stored["maximum"])
            lines.append(
                LeafLine(
                    code=node.code,
                    name=node.name,
                    depth=depth,
                    source=node.source,
                    points=points,
                    maximum=maximum,
                    percent=percent(points, maximum),
                    raw=to_decimal(stored.get("raw")),
                    numerator=to_decimal(stored.get("numerator")),
                    denominator=to_decimal(stored.get("denominator")),
                    method=stored.get("method", ""),
                    params=stored.get("params") or {},
                    lower_is_better=bool(stored.get("lower_is_better")),
                    when_empty=stored.get("when_empty", "full"),
                    when_empty_applied=bool(stored.get("when_empty_applied")),
                    overridden=bool(stored.get("overridden")),
                    evidence=tuple(stored.get("evidence") or ()),
                    records=_record_set(stored.get("records")),
                )
            )
            return
        if node.code not in dimensions:
            return
        subtotal = Decimal(dimensions[node.code])
        lines.append(
            DimensionLine(
                code=node.code,
                name=node.name,
                depth=depth,
                subtotal=subtotal,
                weight=node.weight,
                percent=percent(subtotal, node.weight),
            )
        )
        for child in tree.children:
            visit(child, depth + 1)

    for root in roots:
        visit(root, 0)
    return lines


def _record_set(stored: dict[str, Any] | None) -> RecordSet | None:
    return RecordSet.from_canonical(stored) if stored else None


def _stored_means(sheet: ScoreSheet | None, group_code: str) -> dict[str, Decimal]:
    """The means written with the sheet; empty for a sheet scored before they were."""
    if sheet is None:
        return {}
    return {code: Decimal(mean) for code, mean in sheet.group_means.get(group_code, {}).items()}


def group_means(
    sheet_id: int, group_code: str, top: Iterable[DimensionLine | LeafLine]
) -> dict[str, Decimal]:
    """The group's mean points per top-level node, aggregated in the database (one query)."""
    aggregates = {}
    for index, line in enumerate(top):
        if isinstance(line, DimensionLine):
            path = KeyTextTransform(line.code, KeyTransform("dimensions", "detail"))
        else:
            path = KeyTextTransform(
                "points", KeyTransform(line.code, KeyTransform("leaves", "detail"))
            )
        aggregates[f"m{index}"] = Avg(Cast(path, DecimalField(max_digits=9, decimal_places=2)))
    if not aggregates:
        return {}
    result = UnitScore.objects.filter(sheet_id=sheet_id, group_code=group_code).aggregate(
        **aggregates
    )
    means = {}
    for index, line in enumerate(top):
        value = result[f"m{index}"]
        means[line.code] = to_cents(value) if value is not None else Decimal(0)
    return means
