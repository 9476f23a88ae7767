"""Reads of campaigns; the indicator tree as the engine's specs."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet

from zhengxian.orgs.roles import Perm
from zhengxian.orgs.scope import scope_for
from zhengxian.scoring.types import DimensionSpec, LeafSpec, MethodSpec

from .models import Campaign, GroupMembership, IndicatorNode, Period


def campaigns_visible_to(user: Any) -> QuerySet[Campaign]:
    """Campaigns organised by a unit the user can see, or in which a unit they see competes."""
    scope = scope_for(user)
    if scope.is_superuser:
        return Campaign.objects.all()
    own = Campaign.objects.filter(scope.unit_q(Perm.VIEW_SCORES, via="owner_unit"))
    competing = Campaign.objects.filter(
        pk__in=GroupMembership.objects.filter(scope.unit_q(Perm.VIEW_SCORES, via="unit")).values("campaign_id")
    )
    return (own | competing).distinct()


def campaign_tree_specs(campaign: Campaign) -> tuple[DimensionSpec | LeafSpec, ...]:
    """The stored indicator tree as the engine's immutable specs (one query)."""
    nodes = list(IndicatorNode.objects.filter(campaign=campaign).order_by("order", "id"))
    children: dict[int | None, list[IndicatorNode]] = defaultdict(list)
    for node in nodes:
        children[node.parent_id].append(node)

    def build(node: IndicatorNode) -> DimensionSpec | LeafSpec:
        if node.is_leaf:
            return LeafSpec(
                code=node.code,
                name=node.name,
                weight=node.weight,
                source=node.source,
                source_params=dict(node.source_params),
                method=MethodSpec(
                    name=node.method,  # type: ignore[arg-type]
                    params=_decimals(node.method_params),
                    lower_is_better=node.lower_is_better,
                    when_empty=node.when_empty,  # type: ignore[arg-type]
                ),
            )
        kids = tuple(build(child) for child in children[node.pk])
        return DimensionSpec(code=node.code, name=node.name, weight=node.weight, children=kids)

    return tuple(build(node) for node in children[None])


def _decimals(value: Any) -> Any:
    """Method parameters are stored with numbers as strings; the engine wants Decimals."""
    if isinstance(value, str):
        try:
            return Decimal(value)
        except ArithmeticError:
            return value
    if isinstance(value, int) and not isinstance(value, bool):
        return Decimal(value)
    if isinstance(value, dict):
        return {k: _decimals(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_decimals(v) for v in value]
    return value


def group_members(campaign: Campaign) -> dict[str, list[int]]:
    """{group code: [unit ids]} of the active units competing."""
    members: dict[str, list[int]] = defaultdict(list)
    rows = GroupMembership.objects.filter(campaign=campaign, unit__is_active=True).values_list(
        "group__code", "unit_id"
    )
    for code, unit_id in rows.order_by("group__code", "unit_id"):
        members[code].append(unit_id)
    for code in campaign.groups.values_list("code", flat=True):
        members.setdefault(code, [])
    return dict(members)


def periods_of(campaign: Campaign) -> QuerySet[Period]:
    return campaign.periods.order_by("index")
