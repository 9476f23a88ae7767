"""Reads of campaigns; the indicator tree as the engine's specs."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from zhengxian.engine.sources import registry
from zhengxian.engine.types import DimensionSpec, LeafSpec, MethodSpec
from zhengxian.orgs.models import UnitKind
from zhengxian.orgs.roles import Perm
from zhengxian.orgs.scope import scope_for

from .campaign_file import CampaignSpec, GroupSpec
from .campaign_file.spec import TierSpec
from .models import (
    Campaign,
    CompetitionGroup,
    GroupMembership,
    IndicatorNode,
    Period,
    PeriodStatus,
)


def campaigns_visible_to(user: Any) -> QuerySet[Campaign]:
    """Campaigns organised by a unit the user can see, or in which a unit they see competes."""
    scope = scope_for(user)
    if scope.is_superuser:
        return Campaign.objects.all()
    own = Campaign.objects.filter(scope.unit_q(Perm.VIEW_SCORES, via="owner_unit"))
    competing = Campaign.objects.filter(
        pk__in=GroupMembership.objects.filter(scope.unit_q(Perm.VIEW_SCORES, via="unit")).values(
            "campaign_id"
        )
    )
    return (own | competing).distinct()


def campaign_tree_specs(campaign: Campaign) -> tuple[DimensionSpec | LeafSpec, ...]:
    """The stored indicator tree as the engine's immutable specs (one query): the same specs
    the campaign file it was loaded from gives."""
    return tree_to_specs(campaign_nodes(campaign))


def campaign_leaves(campaign: Campaign) -> list[IndicatorNode]:
    """The campaign's leaves in the order the tree shows them (one query)."""
    return [
        tree.node for root in campaign_nodes(campaign) for tree in root.walk() if tree.node.is_leaf
    ]


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


# -- the campaign as a campaign file, and the pages' reads ---------------------------------


def campaign_get_for(user: Any, campaign_id: int) -> Campaign:
    """The campaign if the user may see it; ``Http404`` otherwise."""
    campaign = (
        campaigns_visible_to(user).select_related("owner_unit").filter(pk=campaign_id).first()
    )
    if campaign is None:
        raise Http404
    return campaign


def campaign_can_manage(user: Any, campaign: Campaign) -> bool:
    """Whether the user may change the campaign and run its periods (MANAGE_CAMPAIGN over
    the organising unit)."""
    return scope_for(user).can(Perm.MANAGE_CAMPAIGN, campaign.owner_unit)


def period_get_for(user: Any, period_id: int, *, campaign_id: int | None = None) -> Period:
    """The period if its campaign is visible to the user (and, with ``campaign_id``, is that
    campaign); ``Http404`` otherwise."""
    periods = Period.objects.select_related("campaign__owner_unit").filter(
        pk=period_id, campaign__in=campaigns_visible_to(user).values("pk")
    )
    if campaign_id is not None:
        periods = periods.filter(campaign_id=campaign_id)
    period = periods.first()
    if period is None:
        raise Http404
    return period


def campaign_to_spec(campaign: Campaign) -> CampaignSpec:
    """The stored campaign as a campaign-file spec, so that
    ``load_campaign_file(dump_campaign_file(campaign_to_spec(c)))`` equals the spec it was
    loaded from. Values come back in the types the file reader produces (Decimals for
    numbers, tuples for lists), using the parameter types the sources declare."""
    groups = tuple(
        GroupSpec(
            code=group.code,
            name=group.name,
            unit_kinds=tuple(group.unit_kinds),
            unit_codes=tuple(group.unit_codes),
        )
        for group in campaign.groups.order_by("order", "code")
    )
    return CampaignSpec(
        code=campaign.code,
        name=campaign.name,
        year=campaign.year,
        start=campaign.start,
        end=campaign.end,
        period=campaign.period_length,  # type: ignore[arg-type]
        groups=groups,
        indicators=tree_to_specs(campaign_nodes(campaign)),
        bonus_cap=campaign.bonus_cap,
        penalty_cap=campaign.penalty_cap,
        preview_days=campaign.preview_days,
        publication_mode=campaign.publication_mode,
        tiers=campaign_tiers(campaign),
        list_size=campaign.list_size,
    )


def campaign_tiers(campaign: Campaign) -> tuple[TierSpec, ...]:
    """The campaign's tiers (分档), best first, as the campaign file gives them."""
    tiers = []
    for item in campaign.tiers if isinstance(campaign.tiers, list) else []:
        cut = item.get("min")
        tiers.append(TierSpec(name=item["name"], min=None if cut is None else Decimal(cut)))
    return tuple(tiers)


def tiers_to_stored(tiers: tuple[TierSpec, ...]) -> list[dict[str, str]]:
    """Tiers as the campaign row keeps them (cut-offs as decimal text)."""
    return [
        {"name": tier.name} if tier.min is None else {"name": tier.name, "min": f"{tier.min:f}"}
        for tier in tiers
    ]


@dataclass
class TreeNode:
    """A node of the stored indicator tree with its children, in order."""

    node: IndicatorNode
    children: list[TreeNode] = field(default_factory=list)
    depth: int = 1
    source_label: str = ""  # set by the page, translated

    def walk(self) -> Iterator[TreeNode]:
        yield self
        for child in self.children:
            yield from child.walk()

    @property
    def source_params_text(self) -> str:
        """``checklist: red-property``, ``visited: enterprise/household``."""
        params = self.node.source_params if isinstance(self.node.source_params, dict) else {}
        return ", ".join(f"{key}: {_short(value)}" for key, value in params.items())

    @property
    def method_params_text(self) -> str:
        """``target 0.95``, or the bands as ``≥4.5 → 5 · ≥4 → 4``."""
        params = self.node.method_params if isinstance(self.node.method_params, dict) else {}
        if "bands" in params and isinstance(params["bands"], list):
            parts = []
            for band in params["bands"]:
                if not isinstance(band, dict):
                    continue
                bound = f"≥{band['min']}" if "min" in band else f"≤{band.get('max')}"
                parts.append(f"{bound} → {band.get('points')}")
            return " · ".join(parts)
        return ", ".join(
            _short(value) if key == self.node.method else f"{key} {_short(value)}"
            for key, value in params.items()
        )


def _short(value: Any) -> str:
    if isinstance(value, list | tuple):
        return "/".join(str(item) for item in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def campaign_nodes(campaign: Campaign) -> list[TreeNode]:
    """The indicator tree as nested nodes (one query), children by order then id.

    The one reader of the stored tree: scoring's specs, the score card's lines, the tree page
    and the campaign file export all start here."""
    rows = list(IndicatorNode.objects.filter(campaign_id=campaign.pk).order_by("order", "id"))
    by_parent: dict[int | None, list[IndicatorNode]] = defaultdict(list)
    for row in rows:
        by_parent[row.parent_id].append(row)

    def build(node: IndicatorNode, depth: int) -> TreeNode:
        kids = [build(child, depth + 1) for child in by_parent[node.pk]]
        return TreeNode(node=node, children=kids, depth=depth)

    return [build(node, 1) for node in by_parent[None]]


def tree_to_specs(roots: list[TreeNode]) -> tuple[DimensionSpec | LeafSpec, ...]:
    def build(tree: TreeNode) -> DimensionSpec | LeafSpec:
        node = tree.node
        if node.is_leaf:
            return LeafSpec(
                code=node.code,
                name=node.name,
                weight=node.weight,
                source=node.source,
                source_params=stored_source_params(node.source, node.source_params),
                method=MethodSpec(
                    name=node.method,  # type: ignore[arg-type]
                    params=file_values(node.method_params),
                    lower_is_better=node.lower_is_better,
                    when_empty=node.when_empty,  # type: ignore[arg-type]
                ),
            )
        return DimensionSpec(
            code=node.code,
            name=node.name,
            weight=node.weight,
            children=tuple(build(child) for child in tree.children),
        )

    return tuple(build(tree) for tree in roots)


def stored_source_params(source: str, params: Any) -> dict[str, Any]:
    """A leaf's stored ``source_params`` in the types the campaign file reader gives them:
    lists as tuples and ``decimal`` parameters (stored as text) as Decimals."""
    if not isinstance(params, dict):
        return params  # type: ignore[no-any-return]
    specs = registry.get(source).params if source in registry else {}
    result: dict[str, Any] = {}
    for key, value in params.items():
        spec = specs.get(key)
        if isinstance(value, list):
            value = tuple(value)
        elif spec is not None and spec.type == "decimal" and isinstance(value, str):
            value = _as_decimal(value)
        result[key] = value
    return result


def file_values(value: Any) -> Any:
    """Method parameters as the reader gives them: numbers (stored as text) as Decimals,
    lists as tuples."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, str):
        return _as_decimal(value)
    if isinstance(value, dict):
        return {key: file_values(item) for key, item in value.items()}
    if isinstance(value, list):
        return tuple(file_values(item) for item in value)
    return value


def _as_decimal(value: str) -> Decimal | str:
    try:
        return Decimal(value)
    except ArithmeticError:
        return value


@dataclass(frozen=True)
class GroupRow:
    group: CompetitionGroup
    members: int

    @property
    def selects(self) -> str:
        """What the group selects: 社区、科室 (unit kinds) and unit codes."""
        labels = {value: str(label) for value, label in UnitKind.choices}
        kinds = [labels.get(kind, kind) for kind in self.group.unit_kinds]
        return "、".join([*kinds, *self.group.unit_codes])


def groups_with_counts(campaign: Campaign) -> list[GroupRow]:
    groups = campaign.groups.annotate(
        members=Count("memberships", filter=Q(memberships__unit__is_active=True))
    ).order_by("order", "code")
    return [GroupRow(group=group, members=group.members) for group in groups]


def campaign_has_published_period(campaign: Campaign) -> Period | None:
    """The first published period, if any: the indicator tree is frozen from then on."""
    return campaign.periods.filter(status=PeriodStatus.PUBLISHED).order_by("index").first()


def dimensions_of(campaign: Campaign) -> QuerySet[IndicatorNode]:
    return IndicatorNode.objects.filter(campaign=campaign, is_leaf=False).order_by("order", "id")
