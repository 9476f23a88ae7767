"""Indicator sources: plug-ins, registered by name, that turn records into raw values."""

from __future__ import annotations

from .registry import (
    PARAM_TYPES,
    SOURCE_KINDS,
    DuplicateSource,
    IndicatorSource,
    InvalidSource,
    ParamSpec,
    SourceRegistry,
    SourceRegistryError,
    UnknownSource,
    registry,
)

__all__ = [
    "PARAM_TYPES",
    "SOURCE_KINDS",
    "DuplicateSource",
    "IndicatorSource",
    "InvalidSource",
    "ParamSpec",
    "SourceRegistry",
    "SourceRegistryError",
    "UnknownSource",
    "registry",
]
