"""The indicator tree, checked and flattened: leaves in tree order, each dimension's leaves."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import get_args

from .errors import ScoringError
from .params import Params, parse_params
from .rounding import ZERO, check_decimal, has_cents_only
from .types import DimensionSpec, LeafSpec, MethodName, WhenEmpty

_METHOD_NAMES = frozenset(get_args(MethodName))
_WHEN_EMPTY = frozenset(get_args(WhenEmpty))


@dataclass(frozen=True)
class FlatTree:
    leaves: tuple[LeafSpec, ...]  # depth-first, in the order the tree gives them
    params: dict[str, Params]  # normalised method parameters by leaf code
    dimension_leaves: dict[str, tuple[str, ...]]  # dimension code → codes of all its leaves


def flatten_tree(tree: Sequence[DimensionSpec | LeafSpec]) -> FlatTree:
    leaves: list[LeafSpec] = []
    dimension_leaves: dict[str, tuple[str, ...]] = {}
    seen: set[str] = set()

    def visit(node: DimensionSpec | LeafSpec) -> list[str]:
        if not isinstance(node, DimensionSpec | LeafSpec):
            raise ScoringError(f"tree node {node!r} is neither a DimensionSpec nor a LeafSpec")
        if not isinstance(node.code, str) or not node.code:
            raise ScoringError(f"tree node {node.name!r} has no code")
        if node.code in seen:
            raise ScoringError(f"code {node.code!r} appears more than once in the tree")
        seen.add(node.code)
        weight = check_decimal(node.weight, what=f"weight of {node.code!r}")
        if weight < ZERO or not has_cents_only(weight):
            raise ScoringError(
                f"weight of {node.code!r} must be non-negative points with at most "
                f"2 decimal places, got {weight}"
            )
        if isinstance(node, LeafSpec):
            _check_method(node)
            leaves.append(node)
            return [node.code]
        if not node.children:
            raise ScoringError(f"dimension {node.code!r} has no children")
        codes = [code for child in node.children for code in visit(child)]
        children_weight = sum((child.weight for child in node.children), ZERO)
        if children_weight != weight:
            raise ScoringError(
                f"dimension {node.code!r} weighs {weight} "
                f"but its children weigh {children_weight} together"
            )
        dimension_leaves[node.code] = tuple(codes)
        return codes

    for node in tree:
        visit(node)
    return FlatTree(
        leaves=tuple(leaves),
        params={leaf.code: parse_params(leaf) for leaf in leaves},
        dimension_leaves=dimension_leaves,
    )


def _check_method(leaf: LeafSpec) -> None:
    method = leaf.method
    if method.name not in _METHOD_NAMES:
        raise ScoringError(f"leaf {leaf.code!r}: unknown method {method.name!r}")
    if method.when_empty not in _WHEN_EMPTY:
        raise ScoringError(f"leaf {leaf.code!r}: unknown when_empty {method.when_empty!r}")
    if not isinstance(method.lower_is_better, bool):
        raise ScoringError(f"leaf {leaf.code!r}: lower_is_better must be true or false")
    if method.name == "manual" and method.lower_is_better:
        raise ScoringError(
            f"leaf {leaf.code!r}: a manual leaf takes the evaluator's points as they are; "
            "lower_is_better does not apply"
        )
