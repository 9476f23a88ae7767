"""Checking a leaf's method (how raw values become points) and its source parameters."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from zhengxian.engine.sources import IndicatorSource
from zhengxian.engine.types import MethodSpec

from . import reader as r
from .messages import _
from .reader import INVALID, Problems, at, join
from .spec import METHOD_NAMES, WHEN_EMPTY_CHOICES

MANUAL = "manual"


def read_method(
    problems: Problems, value: Any, path: str, *, weight: Decimal | r.Invalid
) -> MethodSpec | r.Invalid:
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
    if isinstance(fields, r.Invalid):
        return INVALID
    name = (
        r.choice(problems, fields["name"], join(path, "name"), METHOD_NAMES, what=_("method"))
        if "name" in fields
        else INVALID
    )
    lower_is_better = r.boolean(
        problems, fields.get("lower_is_better", False), join(path, "lower_is_better")
    )
    if name == MANUAL and lower_is_better is True:
        problems.add(
            join(path, "lower_is_better"),
            _("The method 'manual' cannot be lower_is_better: the evaluator enters points."),
        )
        lower_is_better = INVALID
    when_empty = r.choice(
        problems,
        fields.get("when_empty", "full"),
        join(path, "when_empty"),
        WHEN_EMPTY_CHOICES,
        what=_("when_empty rule"),
    )
    params: dict[str, Any] | r.Invalid = INVALID
    if isinstance(name, str):
        params = _read_params(
            problems,
            fields.get("params", {}),
            join(path, "params"),
            method=name,
            weight=weight,
            lower_is_better=lower_is_better is True,
        )
    if any(isinstance(part, r.Invalid) for part in (name, lower_is_better, when_empty, params)):
        return INVALID
    return MethodSpec(
        name=name,  # type: ignore[arg-type]
        params=params,  # type: ignore[arg-type]
        lower_is_better=lower_is_better,  # type: ignore[arg-type]
        when_empty=when_empty,  # type: ignore[arg-type]
    )


def _read_params(
    problems: Problems,
    value: Any,
    path: str,
    *,
    method: str,
    weight: Decimal | r.Invalid,
    lower_is_better: bool,
) -> dict[str, Any] | r.Invalid:
    if method == "target":
        fields = r.mapping(problems, value, path, required=("target",))
        if isinstance(fields, r.Invalid) or "target" not in fields:
            return INVALID
        target = r.decimal(problems, fields["target"], join(path, "target"), positive=True)
        return INVALID if isinstance(target, r.Invalid) else {"target": target}
    if method == "bands":
        fields = r.mapping(problems, value, path, required=("bands",))
        if isinstance(fields, r.Invalid) or "bands" not in fields:
            return INVALID
        bands = _read_bands(problems, fields["bands"], join(path, "bands"), weight, lower_is_better)
        return INVALID if isinstance(bands, r.Invalid) else {"bands": bands}
    # relative, rank, manual
    if value is None or value == {}:
        return {}
    if isinstance(value, dict):
        problems.add(path, _("The method '%(method)s' takes no parameters.") % {"method": method})
        return INVALID
    return r.expected(problems, path, _("a mapping of keys to values"), value)


def _read_bands(
    problems: Problems,
    value: Any,
    path: str,
    weight: Decimal | r.Invalid,
    lower_is_better: bool,
) -> tuple[dict[str, Decimal], ...] | r.Invalid:
    """Thresholds, best first: ``min`` falling (or ``max`` rising when lower is better), with
    points that never rise down the list, so a better value never earns fewer points."""
    items = r.sequence(problems, value, path)
    if isinstance(items, r.Invalid):
        return INVALID
    bound, other = ("max", "min") if lower_is_better else ("min", "max")
    bands: list[dict[str, Decimal]] = []
    ok = True
    for index, item in enumerate(items):
        band = _read_band(problems, item, at(path, index), bound, other, weight)
        if isinstance(band, r.Invalid):
            ok = False
            continue
        if bands and not _in_order(problems, at(path, index), band, bands[-1], bound):
            ok = False
        bands.append(band)
    return tuple(bands) if ok else INVALID


def _read_band(
    problems: Problems,
    value: Any,
    path: str,
    bound: str,
    other: str,
    weight: Decimal | r.Invalid,
) -> dict[str, Decimal] | r.Invalid:
    fields = r.mapping(
        problems, value, path, required=("points",), optional=(bound,), ignored=(other,)
    )
    if isinstance(fields, r.Invalid):
        return INVALID
    if bound not in fields:
        if other in value:
            message = (
                _(
                    "With lower_is_better: true, bands use 'max' (the first band at or above the "
                    "value applies), not 'min'."
                )
                if bound == "max"
                else _(
                    "Bands use 'min' (the first band the value reaches applies); "
                    "'max' bands need lower_is_better: true."
                )
            )
            problems.add(join(path, other), message)
        else:
            problems.add(join(path, bound), _("The key '%(key)s' is required.") % {"key": bound})
        return INVALID
    threshold = r.decimal(problems, fields[bound], join(path, bound))
    points = (
        r.decimal(problems, fields["points"], join(path, "points"), non_negative=True, cents=True)
        if "points" in fields
        else INVALID
    )
    if isinstance(points, Decimal) and isinstance(weight, Decimal) and points > weight:
        problems.add(
            join(path, "points"),
            _("%(points)s points is more than the leaf's weight %(weight)s.")
            % {"points": points, "weight": weight},
        )
        return INVALID
    if isinstance(threshold, r.Invalid) or isinstance(points, r.Invalid):
        return INVALID
    return {bound: threshold, "points": points}


def _in_order(
    problems: Problems,
    path: str,
    band: dict[str, Decimal],
    previous: dict[str, Decimal],
    bound: str,
) -> bool:
    threshold, before = band[bound], previous[bound]
    if (bound == "min" and threshold >= before) or (bound == "max" and threshold <= before):
        order = _("highest 'min' first") if bound == "min" else _("lowest 'max' first")
        problems.add(
            join(path, bound),
            _(
                "Bands are checked in order, so list them %(order)s: "
                "%(value)s comes after %(previous)s."
            )
            % {"order": order, "value": threshold, "previous": before},
        )
        return False
    if band["points"] > previous["points"]:
        problems.add(
            join(path, "points"),
            _(
                "Points must not rise down the list (a better value never earns fewer points): "
                "%(points)s comes after %(previous)s."
            )
            % {"points": band["points"], "previous": previous["points"]},
        )
        return False
    return True


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
                "The source '%(source)s' gives points entered by an evaluator; "
                "use the method 'manual'."
            )
            % {"source": source.name},
        )
