"""Writing a campaign back out as a campaign file, so that load(dump(spec)) == spec."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any

import yaml

from zhengxian.engine.sources import SourceRegistry, registry
from zhengxian.engine.types import DimensionSpec, LeafSpec, MethodSpec

from .spec import (
    DECLARED_SECTIONS,
    DEFAULT_LIST_SIZE,
    DEFAULT_PREVIEW_DAYS,
    DEFAULT_PUBLICATION_MODE,
    FORMAT_VERSION,
    CampaignSpec,
    GroupSpec,
    IndicatorNode,
)

HEADER = "# Zhengxian campaign file. The format is described in docs/scoring.md.\n"


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:
        return True  # the loader refuses aliases, so never write one


def _represent_decimal(dumper: yaml.SafeDumper, value: Decimal) -> yaml.Node:
    if value == value.to_integral_value():
        return dumper.represent_int(int(value))
    # Fixed-point text reads back as a YAML float whose repr is this same decimal.
    return dumper.represent_scalar("tag:yaml.org,2002:float", format(value, "f"))


# Line breaks YAML folds to a space (and other control characters) when written unquoted.
_NEEDS_ESCAPES = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff]")


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = '"' if _NEEDS_ESCAPES.search(value) else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(Decimal, _represent_decimal)
_Dumper.add_representer(str, _represent_str)


def dump_campaign_file(spec: CampaignSpec) -> str:
    document = yaml.dump(
        campaign_to_data(spec),
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=None,
        width=100,
    )
    return HEADER + document


def campaign_to_data(spec: CampaignSpec, *, sources: SourceRegistry = registry) -> dict[str, Any]:
    """The campaign as the plain data a campaign file holds (also usable as JSON)."""
    data: dict[str, Any] = {
        "format_version": FORMAT_VERSION,
        "code": spec.code,
        "name": spec.name,
        "year": spec.year,
        "start": spec.start,
        "end": spec.end,
        "period": spec.period,
    }
    if spec.preview_days != DEFAULT_PREVIEW_DAYS:
        data["preview_days"] = spec.preview_days
    data["bonus_cap"] = spec.bonus_cap
    data["penalty_cap"] = spec.penalty_cap
    if spec.publication_mode != DEFAULT_PUBLICATION_MODE:
        data["publication_mode"] = spec.publication_mode
    if spec.tiers:
        data["tiers"] = [
            {"name": tier.name} if tier.min is None else {"name": tier.name, "min": tier.min}
            for tier in spec.tiers
        ]
    if spec.list_size != DEFAULT_LIST_SIZE:
        data["list_size"] = spec.list_size
    data["groups"] = [_group(group) for group in spec.groups]
    data.update(_declared(spec, sources))
    data["indicators"] = [_node(node) for node in spec.indicators]
    return data


def _declared(spec: CampaignSpec, sources: SourceRegistry) -> dict[str, list[str]]:
    """The checklist, panel and rater-panel codes the leaves name, as the sections that
    declare them (a code must be declared for the file to load)."""
    declared: dict[str, list[str]] = {section: [] for section in DECLARED_SECTIONS}
    for leaf in spec.leaves():
        if leaf.source not in sources:
            continue
        for key, param in sources.get(leaf.source).params.items():
            code = leaf.source_params.get(key)
            section = declared.get(param.refers_to or "")
            if section is not None and code is not None and code not in section:
                section.append(code)
    return {section: codes for section, codes in declared.items() if codes}


def with_declared_codes(
    data: dict[str, Any], *, sources: SourceRegistry = registry
) -> dict[str, Any]:
    """``data`` (a campaign file as plain data) with every checklist, panel and rater-panel
    code its leaves name added to the declaring sections: for the tree editor, where adding
    a leaf that names a new panel is itself the office's declaration of it."""
    declared = {section: list(data.get(section) or []) for section in DECLARED_SECTIONS}
    stack = list(data.get("indicators") or [])
    while stack:
        node = stack.pop()
        if not isinstance(node, Mapping):
            continue
        stack.extend(node.get("children") or [])
        name, params = node.get("source"), node.get("source_params")
        if not isinstance(name, str) or name not in sources or not isinstance(params, Mapping):
            continue
        for key, param in sources.get(name).params.items():
            code = params.get(key)
            section = declared.get(param.refers_to or "")
            if section is not None and isinstance(code, str) and code not in section:
                section.append(code)
    return {**data, **{section: codes for section, codes in declared.items() if codes}}


def _group(group: GroupSpec) -> dict[str, Any]:
    data: dict[str, Any] = {"code": group.code, "name": group.name}
    if group.unit_kinds:
        data["unit_kinds"] = list(group.unit_kinds)
    if group.unit_codes:
        data["unit_codes"] = list(group.unit_codes)
    return data


def _node(node: IndicatorNode) -> dict[str, Any]:
    data: dict[str, Any] = {"code": node.code, "name": node.name, "weight": node.weight}
    if isinstance(node, DimensionSpec):
        data["children"] = [_node(child) for child in node.children]
        return data
    assert isinstance(node, LeafSpec)
    data["source"] = node.source
    if node.source_params:
        data["source_params"] = _plain(node.source_params)
    data["method"] = _method(node.method)
    return data


def _method(method: MethodSpec) -> str | dict[str, Any]:
    data: dict[str, Any] = {"name": method.name}
    if method.params:
        data["params"] = _plain(method.params)
    if method.lower_is_better:
        data["lower_is_better"] = True
    if method.when_empty != "full":
        data["when_empty"] = method.when_empty
    return method.name if len(data) == 1 else data


def _plain(value: Any) -> Any:
    """Mappings to dicts and tuples to lists, recursively, for the YAML dumper."""
    if isinstance(value, Mapping):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    if isinstance(value, (str, bool, int, Decimal, date)) or value is None:
        return value
    if isinstance(value, float):
        return Decimal(repr(value))
    raise TypeError(f"Cannot write {type(value).__name__} {value!r} to a campaign file.")
