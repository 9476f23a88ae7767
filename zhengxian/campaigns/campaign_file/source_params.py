"""Checking a leaf's ``source_params`` against the parameters its source declares."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from zhengxian.engine.sources import IndicatorSource, ParamSpec

from . import reader as r
from .messages import _
from .reader import INVALID, Problems, at, join


def read_source_params(
    problems: Problems,
    value: Any,
    path: str,
    source: IndicatorSource,
    declared: Mapping[str, tuple[str, ...]] | None = None,
) -> dict[str, Any] | r.Invalid:
    """The leaf's source parameters, checked; ``declared`` (section → codes) is what the
    file declares for parameters that name a checklist, a panel or a rater panel."""
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
                    "Unknown parameter '%(key)s' for the source '%(source)s'. "
                    "It accepts: %(accepted)s."
                )
                % {"key": key, "source": source.name, "accepted": accepted}
                + r.suggestion(str(key), specs),
            )
            ok = False
            continue
        converted = _read_param(problems, item, key_path, specs[key])
        section = specs[key].refers_to
        if section and not isinstance(converted, r.Invalid):
            converted = _declared_code(problems, converted, key_path, section, declared or {})
        if isinstance(converted, r.Invalid):
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


def _declared_code(
    problems: Problems,
    value: Any,
    path: str,
    section: str,
    declared: Mapping[str, tuple[str, ...]],
) -> Any:
    codes = declared.get(section, ())
    if value in codes:
        return value
    problems.add(
        path,
        _(
            "'%(code)s' is not declared under '%(section)s' at the top of the file "
            "(declared: %(codes)s); a code nobody records under would give every unit "
            "full marks."
        )
        % {"code": value, "section": section, "codes": ", ".join(codes) or _("none")}
        + r.suggestion(str(value), codes),
    )
    return INVALID


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
    if isinstance(converted, r.Invalid) or spec.choices is None:
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


def _read_list(problems: Problems, value: Any, path: str) -> tuple[Any, ...] | r.Invalid:
    items = r.sequence(problems, value, path)
    if isinstance(items, r.Invalid):
        return INVALID
    result: list[Any] = []
    for index, item in enumerate(items):
        converted: Any
        if isinstance(item, float):
            converted = r.decimal(problems, item, at(path, index))
        elif isinstance(item, (str, int)):  # bool is an int
            converted = item
        else:
            converted = r.expected(problems, at(path, index), _("text or a number"), item)
        if isinstance(converted, r.Invalid):
            return INVALID
        result.append(converted)
    return tuple(result)
