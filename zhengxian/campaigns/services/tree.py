"""Edits of a stored campaign's indicator tree: adding, changing, moving and deleting nodes.

Every edit is checked by the same rules as a campaign file: the stored campaign is turned
back into campaign-file data, the change is applied to that data, and the whole file is
loaded again. Problems are reported on the form fields of the node being edited when
their path points into it, and with their path otherwise. Dimension weights are never
entered: they are the sums of their children, recomputed on every edit."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from zhengxian.core import hooks
from zhengxian.core.errors import DomainError
from zhengxian.engine.types import DimensionSpec, LeafSpec
from zhengxian.orgs.roles import Perm
from zhengxian.orgs.scope import require

from ..campaign_file import CampaignFileError
from ..models import Campaign, IndicatorNode
from ..selectors import campaign_has_published_period, file_values
from .common import _campaign_data, _json_safe, _load_data, _locked_campaign
from .drafts import (
    NodeFields,
    _at,
    _Draft,
    _draft_data,
    _drafts,
    _find,
    _insert,
    _next_order,
    _subtree_ids,
)
from .problems import _problems_as_errors


def _check_tree(
    campaign: Campaign, roots: list[_Draft], focus: dict[_Draft, str]
) -> tuple[DimensionSpec | LeafSpec, ...]:
    _check_codes(roots, focus)
    data = _campaign_data(campaign)
    paths: dict[str, _Draft] = {}
    data["indicators"] = [
        _draft_data(draft, _at("indicators", index), paths) for index, draft in enumerate(roots)
    ]
    try:
        spec = _load_data(data)
    except CampaignFileError as error:
        raise _problems_as_errors(error.problems, paths, focus) from error
    return spec.indicators


def _check_codes(roots: list[_Draft], focus: dict[_Draft, str]) -> None:
    """A code taken by another node is reported on the edited node's code field (the file
    check would report it on whichever of the two comes second)."""
    users: dict[str, list[_Draft]] = defaultdict(list)
    stack = list(roots)
    while stack:
        draft = stack.pop()
        users[draft.code].append(draft)
        stack.extend(draft.children)
    errors = {
        f"{prefix}code": _(
            "The code %(code)s is already used by %(name)s; codes are unique in the tree."
        )
        % {"code": draft.code, "name": other.name}
        for draft, prefix in focus.items()
        for other in users[draft.code]
        if other is not draft
    }
    if errors:
        raise ValidationError(errors)


_JSON_FIELDS = ("source_params", "method_params")


def _apply(
    campaign: Campaign,
    drafts: list[_Draft],
    specs: tuple[DimensionSpec | LeafSpec, ...],
    parent: IndicatorNode | None,
) -> None:
    """Stores the checked tree: the values as the file reader gives them, dimension weights
    as computed; only the nodes that change are saved (and audited)."""
    for draft, spec in zip(drafts, specs, strict=True):
        values: dict[str, Any] = {
            "parent": parent,
            "code": spec.code,
            "name": spec.name,
            "weight": spec.weight,
            "order": draft.order,
            "is_leaf": isinstance(spec, LeafSpec),
            "source": "",
            "source_params": {},
            "method": "",
            "method_params": {},
            "lower_is_better": False,
            "when_empty": "full",
        }
        if isinstance(spec, LeafSpec):
            values.update(
                source=spec.source,
                source_params=_json_safe(spec.source_params),
                method=spec.method.name,
                method_params=_json_safe(spec.method.params),
                lower_is_better=spec.method.lower_is_better,
                when_empty=spec.method.when_empty,
            )
        node = draft.model or IndicatorNode(campaign=campaign)
        if node.pk is None or _differs(node, values):
            for name, value in values.items():
                setattr(node, name, value)
            # Codes follow the campaign file's rule (dots allowed), checked above.
            node.full_clean(exclude=["code"])
            node.save()
            draft.model = node
        if isinstance(spec, DimensionSpec):
            _apply(campaign, draft.children, spec.children, node)


def _differs(node: IndicatorNode, values: dict[str, Any]) -> bool:
    for name, value in values.items():
        if name == "parent":
            if node.parent_id != (value.pk if value is not None else None):
                return True
        elif name in _JSON_FIELDS:
            if file_values(getattr(node, name)) != file_values(value):
                return True
        elif getattr(node, name) != value:
            return True
    return False


def _require_tree_editable(campaign: Campaign) -> None:
    published = campaign_has_published_period(campaign)
    if published is not None:
        raise DomainError(
            _(
                "The indicator tree can no longer change: the results of %(period)s were "
                "published with it, and published results must stay explainable by the tree "
                "that produced them."
            )
            % {"period": published.label}
        )


def _check_parent(campaign: Campaign, parent: IndicatorNode | None) -> None:
    if parent is not None and (parent.campaign_id != campaign.pk or parent.is_leaf):
        raise ValidationError({"parent": _("Choose a dimension of this campaign.")})


@transaction.atomic
def indicator_node_create(
    *,
    campaign: Campaign,
    parent: IndicatorNode | None,
    is_leaf: bool,
    fields: NodeFields,
    actor: Any,
    first_child: NodeFields | None = None,
) -> IndicatorNode:
    """Adds a leaf, or a dimension together with its first leaf (a dimension is never
    empty). Errors on the first leaf's fields are keyed ``first_child.<field>``."""
    campaign = _locked_campaign(campaign)
    require(actor, Perm.MANAGE_CAMPAIGN, campaign.owner_unit)
    _require_tree_editable(campaign)
    _check_parent(campaign, parent)
    roots = _drafts(campaign)
    siblings = _find(roots, parent.pk)[0].children if parent is not None else roots
    draft = _Draft(is_leaf=is_leaf, code="", name="", order=_next_order(siblings))
    draft.set_fields(fields)
    focus = {draft: ""}
    if not is_leaf:
        if first_child is None:
            raise ValidationError(_("A dimension needs at least one indicator."))
        child = _Draft(is_leaf=True, code="", name="", order=0)
        child.set_fields(first_child)
        draft.children = [child]
        focus[child] = "first_child."
    _insert(siblings, draft)
    specs = _check_tree(campaign, roots, focus)
    _apply(campaign, roots, specs, None)
    assert draft.model is not None
    return draft.model


@transaction.atomic
def indicator_node_update(
    *, node: IndicatorNode, parent: IndicatorNode | None, fields: NodeFields, actor: Any
) -> IndicatorNode:
    """Changes a node (and moves it under ``parent``); the whole campaign is checked again."""
    campaign = _locked_campaign(node.campaign)
    require(actor, Perm.MANAGE_CAMPAIGN, campaign.owner_unit)
    _require_tree_editable(campaign)
    _check_parent(campaign, parent)
    roots = _drafts(campaign)
    draft, siblings = _find(roots, node.pk)
    if parent is not None and parent.pk in _subtree_ids(draft):
        raise ValidationError({"parent": _("A dimension cannot be moved into itself.")})
    siblings.remove(draft)
    draft.set_fields(fields)
    new_siblings = _find(roots, parent.pk)[0].children if parent is not None else roots
    _insert(new_siblings, draft)
    specs = _check_tree(campaign, roots, {draft: ""})
    _apply(campaign, roots, specs, None)
    node.refresh_from_db()
    return node


@transaction.atomic
def indicator_node_delete(*, node: IndicatorNode, actor: Any) -> None:
    """Deletes a node with everything under it, if the remaining tree is still a valid
    campaign and nothing has been recorded against the deleted leaves."""
    campaign = _locked_campaign(node.campaign)
    require(actor, Perm.MANAGE_CAMPAIGN, campaign.owner_unit)
    _require_tree_editable(campaign)
    roots = _drafts(campaign)
    draft, siblings = _find(roots, node.pk)
    siblings.remove(draft)
    subtree = _subtree_ids(draft)
    if _has_records(subtree):
        raise DomainError(
            _(
                "%(name)s cannot be deleted: assessments, appeals or corrected scores are "
                "recorded against it."
            )
            % {"name": node.name}
        )
    specs = _check_tree(campaign, roots, {})
    _apply(campaign, roots, specs, None)
    # Children first, so that each deletion is audited with its own row.
    for pk in reversed(subtree):
        IndicatorNode.objects.get(pk=pk).delete()


def _has_records(node_ids: list[int]) -> bool:
    """Whether an app above campaigns holds records against these nodes (hook
    ``leaf_records``; scoring answers for assessments, appeals and corrected scores)."""
    return any(check(node_ids) for check in hooks.get_hooks("leaf_records"))
