"""The indicator tree as the editor changes it: drafts of the stored nodes and new ones,
and their campaign-file data with the path of each node in it."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ..models import Campaign, IndicatorNode
from ..selectors import TreeNode, campaign_nodes, file_values, stored_source_params


@dataclass(frozen=True, kw_only=True)
class NodeFields:
    """What the editor says about one node. ``source_params`` and ``method_params`` are the
    parsed YAML/JSON values (normally mappings); the leaf fields are ignored for a dimension."""

    code: str
    name: str
    order: int | None = None
    weight: Decimal | None = None
    source: str = ""
    source_params: Any = None
    method: str = ""
    method_params: Any = None
    lower_is_better: bool = False
    when_empty: str = "full"


@dataclass(eq=False)
class _Draft:
    """A node of the tree being checked: a stored node (``model``) or a new one."""

    is_leaf: bool
    code: str
    name: str
    order: int
    weight: Any = None
    source: str = ""
    source_params: Any = None
    method: str = ""
    method_params: Any = None
    lower_is_better: bool = False
    when_empty: str = "full"
    model: IndicatorNode | None = None
    children: list[_Draft] = field(default_factory=list)

    def sort_key(self) -> tuple[int, float]:
        return (self.order, self.model.pk if self.model is not None else math.inf)

    def set_fields(self, fields: NodeFields) -> None:
        self.code = fields.code.strip()
        self.name = fields.name.strip()
        if fields.order is not None:
            self.order = fields.order
        if self.is_leaf:
            self.weight = fields.weight
            self.source = fields.source.strip()
            self.source_params = fields.source_params
            self.method = fields.method
            self.method_params = fields.method_params
            self.lower_is_better = fields.lower_is_better
            self.when_empty = fields.when_empty or "full"


def _drafts(campaign: Campaign) -> list[_Draft]:
    def build(tree: TreeNode) -> _Draft:
        node = tree.node
        draft = _Draft(
            is_leaf=node.is_leaf, code=node.code, name=node.name, order=node.order, model=node
        )
        if node.is_leaf:
            draft.weight = node.weight
            draft.source = node.source
            draft.source_params = stored_source_params(node.source, node.source_params)
            draft.method = node.method
            draft.method_params = file_values(node.method_params)
            draft.lower_is_better = node.lower_is_better
            draft.when_empty = node.when_empty
        draft.children = [build(child) for child in tree.children]
        return draft

    return [build(tree) for tree in campaign_nodes(campaign)]


def _find(roots: list[_Draft], pk: int) -> tuple[_Draft, list[_Draft]]:
    """The draft of the stored node ``pk`` and the list of siblings holding it."""
    stack = [roots]
    while stack:
        siblings = stack.pop()
        for draft in siblings:
            if draft.model is not None and draft.model.pk == pk:
                return draft, siblings
            stack.append(draft.children)
    raise IndicatorNode.DoesNotExist


def _insert(siblings: list[_Draft], draft: _Draft) -> None:
    siblings.append(draft)
    siblings.sort(key=_Draft.sort_key)


def _next_order(siblings: list[_Draft]) -> int:
    return max((d.order for d in siblings), default=-1) + 1


def _subtree_ids(draft: _Draft) -> list[int]:
    ids: list[int] = []
    stack = [draft]
    while stack:
        current = stack.pop()
        if current.model is not None:
            ids.append(current.model.pk)
        stack.extend(current.children)
    return ids


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value


def _draft_data(draft: _Draft, path: str, paths: dict[str, _Draft]) -> dict[str, Any]:
    paths[path] = draft
    data: dict[str, Any] = {"code": draft.code, "name": draft.name}
    if not draft.is_leaf:
        data["children"] = [
            _draft_data(child, _at(f"{path}.children", index), paths)
            for index, child in enumerate(draft.children)
        ]
        return data
    if draft.weight is not None:
        data["weight"] = draft.weight
    data["source"] = draft.source
    if draft.source_params not in (None, {}):
        data["source_params"] = _plain(draft.source_params)
    method: dict[str, Any] = {"name": draft.method}
    if draft.method_params not in (None, {}):
        method["params"] = _plain(draft.method_params)
    if draft.lower_is_better:
        method["lower_is_better"] = True
    if draft.when_empty and draft.when_empty != "full":
        method["when_empty"] = draft.when_empty
    data["method"] = method
    return data


def _at(path: str, index: int) -> str:
    return f"{path}[{index}]"
