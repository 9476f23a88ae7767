"""Campaigns: the list, a campaign with its periods, its indicator tree, and the campaign
office's edits of the settings and the tree through the pages' forms and services."""

from __future__ import annotations

import json
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from zhengxian.campaigns import services
from zhengxian.campaigns.forms import CampaignForm, DimensionForm, LeafForm, node_initial
from zhengxian.campaigns.models import Campaign, GroupMembership, IndicatorNode, PeriodStatus
from zhengxian.campaigns.selectors import (
    TreeNode,
    campaign_can_manage,
    campaign_get_for,
    campaign_has_published_period,
    campaign_nodes,
    campaign_tiers,
    campaigns_visible_to,
    dimensions_of,
    groups_with_counts,
    periods_of,
)
from zhengxian.orgs.roles import Perm
from zhengxian.orgs.scope import require

from ..filters import scoped_unit, under
from ..forms import form_data, require_valid
from ..idempotency import idempotent_create
from ..pagination import Page, cursor_slice
from ..schemas_campaigns import (
    LEAF_ONLY,
    CampaignDetailOut,
    CampaignListParams,
    CampaignOut,
    CampaignUpdateIn,
    LeafIn,
    NodeCreateIn,
    NodeOut,
    NodeUpdateIn,
    TreeOut,
)

router = Router(tags=["campaigns"])

FIRST_CHILD = "first_child."


# -- reads ------------------------------------------------------------------------------


def _listed(user: Any) -> QuerySet[Campaign]:
    """The campaign list page's rows, with its period counts."""
    return (
        campaigns_visible_to(user)
        .select_related("owner_unit")
        .annotate(
            published=Count("periods", filter=Q(periods__status=PeriodStatus.PUBLISHED)),
            period_count=Count("periods"),
        )
    )


def campaign_out(campaign: Any) -> dict[str, Any]:
    return {
        "id": campaign.pk,
        "code": campaign.code,
        "name": campaign.name,
        "year": campaign.year,
        "start": campaign.start,
        "end": campaign.end,
        "period_length": campaign.period_length,
        "status": campaign.status,
        "publication_mode": campaign.publication_mode,
        "owner_unit": {"id": campaign.owner_unit.pk, "name": campaign.owner_unit.name},
        "period_count": campaign.period_count,
        "published_count": campaign.published,
    }


def campaign_detail_out(user: Any, campaign_id: int) -> dict[str, Any]:
    campaign = _listed(user).filter(pk=campaign_id).first()
    if campaign is None:
        raise Http404
    frozen_by = campaign_has_published_period(campaign)
    return {
        **campaign_out(campaign),
        "preview_days": campaign.preview_days,
        "bonus_cap": f"{campaign.bonus_cap:f}",
        "penalty_cap": f"{campaign.penalty_cap:f}",
        "tiers": [
            {"name": tier.name, "min": None if tier.min is None else f"{tier.min:f}"}
            for tier in campaign_tiers(campaign)
        ],
        "list_size": campaign.list_size,
        "groups": [
            {"code": row.group.code, "name": row.group.name, "members": row.members}
            for row in groups_with_counts(campaign)
        ],
        "periods": [
            {
                "id": period.pk,
                "index": period.index,
                "key": period.key,
                "label": period.label,
                "start": period.start,
                "end": period.end,
                "status": period.status,
            }
            for period in periods_of(campaign)
        ],
        "can_manage": campaign_can_manage(user, campaign),
        "tree_frozen_by": frozen_by.pk if frozen_by is not None else None,
    }


@router.get(
    "/campaigns",
    response=Page[CampaignOut],
    summary="Campaigns the caller may see",
    description=(
        "The campaigns of the campaign list page: organised by a unit in the caller's scope, "
        "or with a competing unit in it. Newest year first, then by code (descending)."
    ),
)
def campaign_list(request: HttpRequest, params: Query[CampaignListParams]) -> dict[str, Any]:
    require(request.user, Perm.VIEW_SCORES)
    limit = params.checked_limit()
    date_from, date_to = params.checked_range()
    campaigns = _listed(request.user)
    unit = scoped_unit(request.user, params.unit)
    if unit is not None:
        competing = GroupMembership.objects.filter(**under(unit)).values("campaign_id")
        campaigns = campaigns.filter(Q(**under(unit, "owner_unit")) | Q(pk__in=competing))
    if date_from is not None:
        campaigns = campaigns.filter(end__gte=date_from)
    if date_to is not None:
        campaigns = campaigns.filter(start__lte=date_to)
    if params.status is not None:
        campaigns = campaigns.filter(status=params.status)
    if params.year is not None:
        campaigns = campaigns.filter(year=params.year)
    page = cursor_slice(campaigns, cursor=params.cursor, limit=limit, order=("-year", "-code"))
    return {"items": [campaign_out(c) for c in page.items], "next_cursor": page.next_cursor}


@router.get(
    "/campaigns/{campaign_id}",
    response=CampaignDetailOut,
    summary="A campaign with its groups and periods",
    description=(
        "`can_manage`: the caller may change it (the campaign office of its organising unit); "
        "`tree_frozen_by`: the first published period, after which the tree cannot change."
    ),
)
def campaign_get(request: HttpRequest, campaign_id: int) -> dict[str, Any]:
    return campaign_detail_out(request.user, campaign_id)


def node_out(tree: TreeNode, parent_code: str | None) -> dict[str, Any]:
    node = tree.node
    return {
        "id": node.pk,
        "code": node.code,
        "name": node.name,
        "kind": "leaf" if node.is_leaf else "dimension",
        "weight": f"{node.weight:f}",
        "order": node.order,
        "parent": parent_code,
        "depth": tree.depth,
        "source": node.source,
        "source_params": node.source_params if isinstance(node.source_params, dict) else {},
        "method": node.method,
        "method_params": node.method_params if isinstance(node.method_params, dict) else {},
        "lower_is_better": node.lower_is_better,
        "when_empty": node.when_empty,
    }


def tree_out(roots: list[TreeNode]) -> list[dict[str, Any]]:
    """The tree as a flat list in the order the tree page shows it (each node before its
    children), every node naming its parent's code."""
    rows: list[dict[str, Any]] = []

    def add(tree: TreeNode, parent_code: str | None) -> None:
        rows.append(node_out(tree, parent_code))
        for child in tree.children:
            add(child, tree.node.code)

    for root in roots:
        add(root, None)
    return rows


def _node_in_tree(campaign: Campaign, node_id: int) -> dict[str, Any]:
    """One node as the tree endpoint shows it, read through the tree's one reader."""
    for row in tree_out(campaign_nodes(campaign)):
        if row["id"] == node_id:
            return row
    raise Http404


@router.get(
    "/campaigns/{campaign_id}/tree",
    response=TreeOut,
    summary="A campaign's indicator tree",
    description=(
        "Dimensions and leaves, each before its children, with the parent's code. Weights are "
        "points (a dimension's is the sum of its children's); parameters as stored."
    ),
)
def campaign_tree(request: HttpRequest, campaign_id: int) -> dict[str, Any]:
    campaign = campaign_get_for(request.user, campaign_id)
    return {
        "campaign": campaign.pk,
        "frozen": campaign_has_published_period(campaign) is not None,
        "nodes": tree_out(campaign_nodes(campaign)),
    }


# -- the campaign office's edits ----------------------------------------------------------


def _campaign_for_editing(user: Any, campaign_id: int) -> Campaign:
    """404 outside the caller's campaigns, 403 without the right over its organising unit."""
    campaign = campaign_get_for(user, campaign_id)
    require(user, Perm.MANAGE_CAMPAIGN, campaign.owner_unit)
    return campaign


@router.post(
    "/campaigns/{campaign_id}",
    response=CampaignDetailOut,
    summary="Change a campaign's settings",
    description=(
        "The campaign settings page's rules: name, preview days, caps (frozen once a period "
        "is published), status, publication mode, tiers (best first; the last without `min`) "
        "and list size. Fields left out keep their value. Campaign office only."
    ),
)
def campaign_update(
    request: HttpRequest, campaign_id: int, payload: CampaignUpdateIn
) -> dict[str, Any]:
    campaign = _campaign_for_editing(request.user, campaign_id)
    data: dict[str, Any] = {
        key: getattr(campaign, key)
        for key in ("name", "preview_days", "bonus_cap", "penalty_cap", "status")
    }
    changes = payload.dict(exclude_unset=True)
    tiers = changes.pop("tiers", None)
    data.update({key: value for key, value in changes.items() if value is not None})
    if tiers is not None:
        data["tiers"] = "\n".join(
            tier["name"] if tier.get("min") is None else f"{tier['name']} {tier['min']:f}"
            for tier in tiers
        )
    cleaned = require_valid(CampaignForm(form_data(data)))
    services.campaign_update(campaign=campaign, actor=request.user, **cleaned)
    return campaign_detail_out(request.user, campaign.pk)


def _params_text(value: Any) -> str | None:
    """Parameters as the editor's text (JSON is YAML); the form parses them as the page."""
    return None if value is None else json.dumps(value, ensure_ascii=False, default=str)


def _leaf_data(fields: dict[str, Any]) -> dict[str, Any]:
    data = dict(fields)
    for key in ("source_params", "method_params"):
        if key in data and not isinstance(data[key], str):
            data[key] = _params_text(data[key])
    return data


def _refuse_leaf_fields_on_dimension(given: dict[str, Any]) -> None:
    wrong = [key for key in LEAF_ONLY if key in given]
    if wrong:
        message = _("Only a leaf has this field: a dimension's weight is the sum of its leaves.")
        raise ValidationError({key: message for key in wrong})


def _valid_first_child(first: LeafIn | None) -> LeafForm:
    """The dimension's first leaf through the page's leaf form; its errors keyed
    ``first_child.<field>`` as the service keys them."""
    form = LeafForm(form_data(_leaf_data(first.dict() if first is not None else {})))
    if not form.is_valid():
        raise ValidationError(
            {f"{FIRST_CHILD}{name}": errors for name, errors in form.errors.as_data().items()}
        )
    return form


@router.post(
    "/campaigns/{campaign_id}/nodes",
    response={201: NodeOut},
    summary="Add an indicator to the tree",
    description=(
        'A leaf (`kind: "leaf"`), or a dimension with its `first_child` leaf, under '
        "`parent` (a dimension's id; none: at the top). The whole campaign is checked by the "
        "campaign file's rules; refused (409) once a period is published. Send an "
        "`Idempotency-Key`. Campaign office only."
    ),
)
def campaign_node_create(
    request: HttpRequest, campaign_id: int, payload: NodeCreateIn
) -> HttpResponse:
    from ..api import api

    campaign = _campaign_for_editing(request.user, campaign_id)
    given = payload.dict(exclude_unset=True)
    is_leaf = payload.kind == "leaf"

    def create() -> dict[str, Any]:
        dimensions = dimensions_of(campaign)
        fields = {k: v for k, v in given.items() if k not in ("kind", "first_child")}
        first: LeafForm | None = None
        form: LeafForm | DimensionForm
        if is_leaf:
            form = LeafForm(form_data(_leaf_data(fields)), dimensions=dimensions)
        else:
            _refuse_leaf_fields_on_dimension(fields)
            form = DimensionForm(form_data(fields), dimensions=dimensions)
        cleaned = require_valid(form)
        if not is_leaf:
            first = _valid_first_child(payload.first_child)
        node = services.indicator_node_create(
            campaign=campaign,
            parent=cleaned["parent"],
            is_leaf=is_leaf,
            fields=form.node_fields(),
            actor=request.user,
            first_child=first.node_fields() if first is not None else None,
        )
        return _node_in_tree(campaign, node.pk)

    return idempotent_create(
        api,
        request,
        operation="campaign_node_create",
        payload={"campaign": campaign.pk, **payload.dict()},
        create=create,
    )


def _node_of(campaign: Campaign, node_id: int) -> IndicatorNode:
    node = IndicatorNode.objects.filter(campaign=campaign, pk=node_id).first()
    if node is None:
        raise Http404
    return node


@router.post(
    "/campaigns/{campaign_id}/nodes/{node_id}",
    response=NodeOut,
    summary="Change or move an indicator",
    description=(
        "The tree editor's rules; fields left out keep their value, `parent: null` moves the "
        "node to the top. A dimension has no weight, source or method of its own. Refused "
        "(409) once a period is published. Campaign office only."
    ),
)
def campaign_node_update(
    request: HttpRequest, campaign_id: int, node_id: int, payload: NodeUpdateIn
) -> dict[str, Any]:
    campaign = _campaign_for_editing(request.user, campaign_id)
    node = _node_of(campaign, node_id)
    given = payload.dict(exclude_unset=True)
    if not node.is_leaf:
        _refuse_leaf_fields_on_dimension(given)
    data = {**node_initial(node), **_leaf_data(given)}
    dimensions = dimensions_of(campaign).exclude(pk=node.pk)
    form_class = LeafForm if node.is_leaf else DimensionForm
    form = form_class(form_data(data), dimensions=dimensions)
    cleaned = require_valid(form)
    services.indicator_node_update(
        node=node, parent=cleaned["parent"], fields=form.node_fields(), actor=request.user
    )
    return _node_in_tree(campaign, node.pk)


@router.delete(
    "/campaigns/{campaign_id}/nodes/{node_id}",
    response={204: None},
    summary="Delete an indicator with everything under it",
    description=(
        "Refused (409) when assessments, appeals or corrected scores are recorded against it "
        "or once a period is published, and (422) when the remaining tree would not be a "
        "valid campaign (e.g. a dimension left empty). Campaign office only."
    ),
)
def campaign_node_delete(request: HttpRequest, campaign_id: int, node_id: int) -> Status[None]:
    campaign = _campaign_for_editing(request.user, campaign_id)
    node = _node_of(campaign, node_id)
    services.indicator_node_delete(node=node, actor=request.user)
    return Status(204, None)
