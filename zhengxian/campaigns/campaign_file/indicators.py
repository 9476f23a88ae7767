"""Reading the indicator tree: dimensions (with children) and leaves (a source and a method)."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from zhengxian.engine.sources import IndicatorSource, SourceRegistry
from zhengxian.engine.types import DimensionSpec, LeafSpec

from . import reader as r
from .messages import _
from .methods import check_source_method, read_method
from .reader import INVALID, Problems, at, join
from .source_params import read_source_params
from .spec import MAX_DEPTH, IndicatorNode

LEAF_KEYS = ("source", "source_params", "method")


class TreeReader:
    def __init__(
        self,
        problems: Problems,
        sources: SourceRegistry,
        declared: Mapping[str, tuple[str, ...]] | None = None,
    ) -> None:
        self.problems = problems
        self.sources = sources
        self.declared = declared or {}
        self.codes: dict[str, str] = {}  # code -> path of its first use

    def read_nodes(
        self, value: Any, path: str, depth: int
    ) -> tuple[IndicatorNode, ...] | r.Invalid:
        """The nodes at ``depth`` (the top-level dimensions are at depth 1)."""
        if depth > MAX_DEPTH:
            self.problems.add(
                path,
                _("Indicators may be nested at most %(limit)s levels deep.") % {"limit": MAX_DEPTH},
            )
            return INVALID
        items = r.sequence(self.problems, value, path)
        if isinstance(items, r.Invalid):
            return INVALID
        nodes = [self.read_node(item, at(path, index), depth) for index, item in enumerate(items)]
        if any(isinstance(node, r.Invalid) for node in nodes):
            return INVALID
        return tuple(nodes)  # type: ignore[arg-type]

    def read_node(self, value: Any, path: str, depth: int) -> IndicatorNode | r.Invalid:
        if not isinstance(value, dict):
            return r.expected(self.problems, path, _("a mapping of keys to values"), value)
        is_leaf = any(key in value for key in LEAF_KEYS)
        if "children" in value and is_leaf:
            self.problems.add(
                path,
                _(
                    "An indicator has either 'children' (a dimension) or 'source' and 'method' "
                    "(a leaf), not both."
                ),
            )
            return self._read_dimension(value, path, depth, ignored=LEAF_KEYS)
        if "children" in value:
            return self._read_dimension(value, path, depth)
        if is_leaf:
            return self._read_leaf(value, path)
        self.problems.add(
            path,
            _(
                "An indicator needs either 'children' (a dimension) or 'source' and 'method' "
                "(a leaf)."
            ),
        )
        return INVALID

    def _read_code(self, fields: dict[str, Any], path: str) -> str | r.Invalid:
        if "code" not in fields:
            return INVALID
        code = r.code(self.problems, fields["code"], join(path, "code"))
        if isinstance(code, str):
            if code in self.codes:
                self.problems.add(
                    join(path, "code"),
                    _("The code '%(code)s' is already used at %(other)s; codes must be unique.")
                    % {"code": code, "other": self.codes[code]},
                )
                return INVALID
            self.codes[code] = join(path, "code")
        return code

    def _read_dimension(
        self, value: dict[str, Any], path: str, depth: int, ignored: tuple[str, ...] = ()
    ) -> DimensionSpec | r.Invalid:
        fields = r.mapping(
            self.problems,
            value,
            path,
            required=("code", "name", "children"),
            optional=("weight",),
            ignored=ignored,
        )
        assert isinstance(fields, dict)  # value is a dict
        code = self._read_code(fields, path)
        name = (
            r.text(self.problems, fields.get("name"), join(path, "name"))
            if "name" in fields
            else INVALID
        )
        weight: Decimal | r.Invalid | None = None
        if "weight" in fields:
            weight = r.decimal(
                self.problems, fields["weight"], join(path, "weight"), positive=True, cents=True
            )
        children = self.read_nodes(fields.get("children"), join(path, "children"), depth + 1)
        if ignored or any(isinstance(part, r.Invalid) for part in (code, name, weight, children)):
            return INVALID
        assert isinstance(children, tuple)
        total = sum((child.weight for child in children), Decimal(0))
        if weight is None:
            weight = total
        elif weight != total:
            self.problems.add(
                join(path, "weight"),
                _(
                    "The weight %(weight)s is not the sum of the children's weights, %(total)s "
                    "(leave it out to have it computed)."
                )
                % {"weight": weight, "total": total},
            )
            return INVALID
        return DimensionSpec(code=code, name=name, weight=weight, children=children)  # type: ignore[arg-type]

    def _read_leaf(self, value: dict[str, Any], path: str) -> LeafSpec | r.Invalid:
        fields = r.mapping(
            self.problems,
            value,
            path,
            required=("code", "name", "weight", "source", "method"),
            optional=("source_params",),
        )
        assert isinstance(fields, dict)
        code = self._read_code(fields, path)
        name = (
            r.text(self.problems, fields.get("name"), join(path, "name"))
            if "name" in fields
            else INVALID
        )
        weight = (
            r.decimal(
                self.problems, fields["weight"], join(path, "weight"), positive=True, cents=True
            )
            if "weight" in fields
            else INVALID
        )
        source = self._read_source(fields, path)
        source_params: dict[str, Any] | r.Invalid = INVALID
        if isinstance(source, r.Invalid):
            pass
        else:
            source_params = read_source_params(
                self.problems,
                fields.get("source_params"),
                join(path, "source_params"),
                source,
                self.declared,
            )
        method = (
            read_method(self.problems, fields["method"], join(path, "method"), weight=weight)
            if "method" in fields
            else INVALID
        )
        if not isinstance(source, r.Invalid) and not isinstance(method, r.Invalid):
            before = len(self.problems)
            check_source_method(self.problems, path, source, method)
            if len(self.problems) > before:
                return INVALID
        parts = (code, name, weight, source, source_params, method)
        if any(isinstance(part, r.Invalid) for part in parts):
            return INVALID
        return LeafSpec(
            code=code,  # type: ignore[arg-type]
            name=name,  # type: ignore[arg-type]
            weight=weight,  # type: ignore[arg-type]
            source=source.name,  # type: ignore[union-attr]
            source_params=source_params,  # type: ignore[arg-type]
            method=method,  # type: ignore[arg-type]
        )

    def _read_source(self, fields: dict[str, Any], path: str) -> IndicatorSource | r.Invalid:
        if "source" not in fields:
            return INVALID
        source_path = join(path, "source")
        name = r.text(self.problems, fields["source"], source_path, max_length=64)
        if isinstance(name, r.Invalid):
            return INVALID
        if name not in self.sources:
            known = self.sources.names()
            self.problems.add(
                source_path,
                _("Unknown source '%(name)s'. Known sources: %(known)s.")
                % {"name": name, "known": ", ".join(known) or _("(none registered)")}
                + r.suggestion(name, known),
            )
            return INVALID
        return self.sources.get(name)
