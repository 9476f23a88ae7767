"""Checking a leaf's method (how raw values become points) and its source parameters."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from zhengxian.scoring.sources.registry import IndicatorSource, ParamSpec
from zhengxian.scoring.types import MethodSpec

from . import reader as r
from .messages import _
from .reader import INVALID, Problems, at, join
from .spec import METHOD_NAMES, WHEN_EMPTY_CHOICES

MANUAL = "manual"


def read_method(
    problems: Problems, value: Any, path: str, *, weight: Decimal | r._Invalid
) -> MethodSpec | r._Invalid:
    """``method: rank`` or ``method: {name: target, params: {target: 1}, when_empty: zero}``."""
    if isinstance(value, str):
        value = {"name": value}
    fields = r.mapping(
        problems,
        value,
        path,
        required=("name",),
        optional=("params", "lower_is_better", "when_empty"),
    )
    if isinstance(fields, r._Invalid):
        return INVALID
    name = (
        r.choice(problems, fields.get("name"), join(path, "name"), METHOD_NAMES, what=_("method"))
        if "name" in fields
        else INVALID
    )
    lower_is_better = r.boolean(
        problems, fields.get("lower_is_better", False), join(path, "lower_is_better")
    )
    when_empty = r.choice(
        problems,
        fields.get("when_empty", "full"),
        join(path, "when_empty"),
        WHEN_EMPTY_CHOICES,
        what=_("when_empty rule"),
    )
    params: dict[str, Any] | r._Invalid = INVALID
    if isinstance(name, str):
        params = _read_params(
            problems, fields.get("params", {}), join(path, "params"), name, weight
        )
    if any(isinstance(part, r._Invalid) for part in (name, lower_is_better, when_empty, params)):
        return INVALID
    return MethodSpec(
        name=name,  # type: ignore[arg-type]
        params=params,  # type: ignore[arg-type]
        lower_is_better=lower_is_better,  # type: ignore[arg-type]
        when_empty=when_empty,  # type: ignore[arg-type]
    )


def _read_params(
    problems: Problems, value: Any, path: str, method: str, weight: Decimal | r._Invalid
) -> dict[str, Any] | r._Invalid:
    if method == "target":
        fields = r.mapping(problems, value, path, required=("target",))
        if isinstance(fields, r._Invalid) or "target" not in fields:
            return INVALID
        target = r.decimal(problems, fields["target"], join(path, "target"), positive=True)
        return INVALID if isinstance(target, r._Invalid) else {"target": target}
    if method == "bands":
        fields = r.mapping(problems, value, path, required=("bands",))
        if isinstance(fields, r._Invalid) or "bands" not in fields:
            return INVALID
        bands = _read_bands(problems, fields["bands"], join(path, "bands"), weight)
        return INVALID if isinstance(bands, r._Invalid) else {"bands": bands}
    # relative, rank, manual
    if value is None or value == {}:
        return {}
    if isinstance(value, dict):
        problems.add(path, _("The method '%(method)s' takes no parameters.") % {"method": method})
        return INVALID
    return r.expected(problems, path, _("a mapping of keys to values"), value)


def _read_bands(
    problems: Problems, value: Any, path: str, weight: Decimal | r._Invalid
) -> tuple[dict[str, Decimal], ...] | r._Invalid:
    """Thresholds, best first: all ``min`` (highest first) or all ``max`` (lowest first)."""
    items = r.sequence(problems, value, path)
    if isinstance(items, r._Invalid):
        return INVALID
    bands: list[dict[str, Decimal]] = []
    ok = True
    direction: str | None = None
    previous: Decimal | None = None
    for index, item in enumerate(items):
        item_path = at(path, index)
        fields = r.mapping(problems, item, item_path, required=("points",), optional=("min", "max"))
        if isinstance(fields, r._Invalid):
            ok = False
            continue
        bounds = [key for key in ("min", "max") if key in fields]
        if len(bounds) != 1:
            problems.add(item_path, _("A band needs exactly one of 'min' or 'max'."))
            ok = False
        points = (
            r.decimal(
                problems,
                fields.get("points"),
                join(item_path, "points"),
                non_negative=True,
                cents=True,
            )
            if "points" in fields
            else INVALID
        )
        if isinstance(points, Decimal) and isinstance(weight, Decimal) and points > weight:
            problems.add(
                join(item_path, "points"),
                _("%(points)s points is more than the leaf's weight %(weight)s.")
                % {"points": points, "weight": weight},
            )
            points = INVALID
        if len(bounds) != 1 or isinstance(points, r._Invalid):
            ok = False
            continue
        key = bounds[0]
        threshold = r.decimal(problems, fields[key], join(item_path, key))
        if isinstance(threshold, r._Invalid):
            ok = False
            continue
        if direction is not None and key != direction:
            problems.add(join(item_path, key), _("Do not mix 'min' and 'max' bands in one list."))
            ok = False
            continue
        if (
            direction is not None
            and previous is not None
            and (
                (key == "min" and threshold >= previous) or (key == "max" and threshold <= previous)
            )
        ):
            order = _("highest 'min' first") if key == "min" else _("lowest 'max' first")
            problems.add(
                join(item_path, key),
                _(
                    "Bands are checked in order, so list them %(order)s: %(value)s comes after %(previous)s."
                )
                % {"order": order, "value": threshold, "previous": previous},
            )
            ok = False
        direction, previous = key, threshold
        bands.append({key: threshold, "points": points})
    return tuple(bands) if ok else INVALID


def check_source_method(
    problems: Problems, path: str, source: IndicatorSource, method: MethodSpec
) -> None:
    """Manual points and the ``manual`` method go together, and only together."""
    if method.name == MANUAL and source.kind != MANUAL:
        problems.add(
            join(path, "method"),
            _(
                "The method 'manual' needs a source of kind 'manual' (such as 'manual'); "
                "'%(source)s' is of kind '%(kind)s'."
            )
            % {"source": source.name, "kind": source.kind},
        )
    elif source.kind == MANUAL and method.name != MANUAL:
        problems.add(
            join(path, "method"),
            _(
                "The source '%(source)s' gives points entered by an evaluator; use the method 'manual'."
            )
            % {"source": source.name},
        )


def read_source_params(
    problems: Problems, value: Any, path: str, source: IndicatorSource
) -> dict[str, Any] | r._Invalid:
    specs: Mapping[str, ParamSpec] = source.params
    if value is None:
        value = {}
    if not isinstance(value, dict):
        return r.expected(problems, path, _("a mapping of keys to values"), value)
    result: dict[str, Any] = {}
    ok = True
    for key, item in value.items():
        key_path = join(path, str(key))
        if key not in specs:
            accepted = ", ".join(sorted(specs)) or _("(no parameters)")
            problems.add(
                key_path,
                _(
                    "Unknown parameter '%(key)s' for the source '%(source)s'. It accepts: %(accepted)s."
                )
                % {"key": key, "source": source.name, "accepted": accepted}
                + r.suggestion(str(key), specs),
            )
            ok = False
            continue
        converted = _read_param(problems, item, key_path, specs[key])
        if isinstance(converted, r._Invalid):
            ok = False
        else:
            result[key] = converted
    for key, spec in specs.items():
        if spec.required and key not in value:
            problems.add(
                join(path, key),
                _("The source '%(source)s' needs the parameter '%(key)s'.")
                % {"source": source.name, "key": key},
            )
            ok = False
    return result if ok else INVALID


def _read_param(problems: Problems, value: Any, path: str, spec: ParamSpec) -> Any:
    if spec.type == "int":
        converted: Any = r.whole(problems, value, path, minimum=-(10**9), maximum=10**9)
    elif spec.type == "decimal":
        converted = r.decimal(problems, value, path)
    elif spec.type == "bool":
        converted = r.boolean(problems, value, path)
    elif spec.type == "str":
        converted = r.text(problems, value, path)
    else:
        converted = _read_list(problems, value, path)
    if isinstance(converted, r._Invalid) or spec.choices is None:
        return converted
    items = converted if spec.type == "list" else (converted,)
    for index, item in enumerate(items):
        if item not in spec.choices:
            item_path = at(path, index) if spec.type == "list" else path
            choices = ", ".join(str(choice) for choice in spec.choices)
            problems.add(
                item_path,
                _("'%(value)s' is not allowed here. Use one of: %(choices)s.")
                % {"value": item, "choices": choices},
            )
            return INVALID
    return converted


def _read_list(problems: Problems, value: Any, path: str) -> tuple[Any, ...] | r._Invalid:
    items = r.sequence(problems, value, path)
    if isinstance(items, r._Invalid):
        return INVALID
    result: list[Any] = []
    for index, item in enumerate(items):
        if isinstance(item, float):
            converted = r.decimal(problems, item, at(path, index))
        elif isinstance(item, (str, int)):  # bool is an int
            converted = item
        else:
            converted = r.expected(problems, at(path, index), _("text or a number"), item)
        if isinstance(converted, r._Invalid):
            return INVALID
        result.append(converted)
    return tuple(result)
