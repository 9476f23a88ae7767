"""The registry of indicator sources: named plug-ins that turn a period's records into raw values.

A plain class in the manner of ``django.apps.registry``: sources are registered by name, and
lookups fail with an error that names what *is* registered. The apps declare their sources in
their ``hooks.py`` (hook ``indicator_sources``); the scoring app hands them to ``populate()``
at start-up. Nothing here imports Django, so the campaign file and the scoring engine can be
used and tested without configured settings.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Literal, Protocol, TypeVar, runtime_checkable

from .types import RawValue, UnitId

ParamType = Literal["int", "decimal", "str", "bool", "list"]
PARAM_TYPES: tuple[str, ...] = ("int", "decimal", "str", "bool", "list")

# Known kinds; the set is open (a plug-in may bring its own), these are the ones the
# campaign file treats specially or documents.
SOURCE_KINDS: tuple[str, ...] = ("rate", "count", "mean", "manual", "checklist")


@dataclass(frozen=True)
class ParamSpec:
    """One parameter a source accepts in a leaf's ``source_params``.

    ``choices`` restricts the value (for ``list``, every item). ``help`` is an English
    message id shown in the campaign file documentation and the editor. ``refers_to`` names
    the section of the campaign file that declares the codes this parameter may take
    (``checklists``, ``panels``, ``rater_panels``): a code the file does not declare is an
    error, never a leaf that silently finds no records and gives everyone full marks.
    """

    type: ParamType
    required: bool = False
    choices: tuple[Any, ...] | None = None
    help: str = ""
    refers_to: str | None = None

    def __post_init__(self) -> None:
        if self.type not in PARAM_TYPES:
            raise ValueError(
                f"ParamSpec type must be one of {', '.join(PARAM_TYPES)}, not {self.type!r}."
            )
        if self.choices is not None and not isinstance(self.choices, tuple):
            object.__setattr__(self, "choices", tuple(self.choices))


@runtime_checkable
class IndicatorSource(Protocol):
    """What the registry needs of a source (a class with these attributes, or an instance)."""

    name: str
    label: str
    kind: str
    params: Mapping[str, ParamSpec]
    # Optional: the model labels ("app_label.model") of the records the source's evidence
    # references; each must have an evidence describer, which start-up checks.
    # evidence_models: tuple[str, ...]
    # Optional, for a source that returns a ``RecordSet`` instead of listing references:
    # ``record_query(*, period, unit_ids, params)``, the query (ordered by id) of the records
    # it counts for those units, which the score card and the API list a page at a time; and
    # ``record_units`` ({model label: the record's unit field}).

    def compute(
        self, *, period: Any, unit_ids: Sequence[UnitId], params: Mapping[str, Any]
    ) -> Mapping[UnitId, RawValue]: ...


class SourceRegistryError(Exception):
    """Base class of the registry's errors."""


class UnknownSource(SourceRegistryError, LookupError):
    def __init__(self, name: str, known: Sequence[str]) -> None:
        self.name = name
        self.known = tuple(known)
        listed = ", ".join(self.known) if self.known else "(none registered)"
        super().__init__(f"Unknown indicator source {name!r}. Known sources: {listed}.")


class DuplicateSource(SourceRegistryError):
    pass


class InvalidSource(SourceRegistryError, TypeError):
    pass


S = TypeVar("S")


class SourceRegistry:
    """Indicator sources by name."""

    def __init__(self) -> None:
        self._sources: dict[str, IndicatorSource] = {}
        self._registered_objects: dict[str, object] = {}  # what register() was given, per name
        self.ready = False
        self._lock = threading.RLock()

    # -- registration -------------------------------------------------------------------

    def register(self, source: S) -> S:
        """Registers a source; returns it unchanged so it works as a class decorator.

        A class is instantiated with no arguments; an object is registered as it is.
        Registering the very same class or object again is a no-op (a module imported
        twice); another source under a taken name raises ``DuplicateSource``.
        """
        instance = _instantiate(source)
        with self._lock:
            existing = self._registered_objects.get(instance.name)
            if existing is source:
                return source
            if existing is not None:
                raise DuplicateSource(
                    f"An indicator source named {instance.name!r} is already registered "
                    f"({_describe(existing)}); cannot also register {_describe(source)}."
                )
            self._sources[instance.name] = instance
            self._registered_objects[instance.name] = source
        return source

    def unregister(self, name: str) -> None:
        with self._lock:
            if name not in self._sources:
                raise UnknownSource(name, self.names())
            del self._sources[name]
            del self._registered_objects[name]

    @contextmanager
    def register_temporarily(self, *sources: object) -> Iterator[SourceRegistry]:
        """Registers sources for the duration of a ``with`` block (tests).

        The given sources may shadow registered ones of the same name; on exit the registry
        is exactly as it was before.
        """
        with self._lock:
            saved = (dict(self._sources), dict(self._registered_objects))
            try:
                for source in sources:
                    instance = _instantiate(source)
                    self._sources[instance.name] = instance
                    self._registered_objects[instance.name] = source
            except BaseException:
                self._sources, self._registered_objects = saved
                raise
        try:
            yield self
        finally:
            with self._lock:
                self._sources, self._registered_objects = saved

    # -- discovery ------------------------------------------------------------------------

    def populate(self, sources: Callable[[], Iterable[object]]) -> None:
        """Registers the sources that ``sources()`` returns, once.

        Called from the scoring app's ``AppConfig.ready()`` with the values of the hook
        ``indicator_sources``, so that this module imports no Django.
        """
        if self.ready:
            return
        with self._lock:
            if self.ready:
                return
            for source in sources():
                self.register(source)
            self.ready = True

    # -- lookup ---------------------------------------------------------------------------

    def get(self, name: str) -> IndicatorSource:
        try:
            return self._sources[name]
        except KeyError:
            raise UnknownSource(name, self.names()) from None

    def names(self) -> tuple[str, ...]:
        return tuple(sorted(self._sources))

    def all(self) -> tuple[IndicatorSource, ...]:
        return tuple(self._sources[name] for name in self.names())

    def __contains__(self, name: object) -> bool:
        return name in self._sources

    def __iter__(self) -> Iterator[str]:
        return iter(self.names())

    def __len__(self) -> int:
        return len(self._sources)

    def __repr__(self) -> str:
        return f"<SourceRegistry {list(self.names())}>"


def _instantiate(source: object) -> IndicatorSource:
    instance = source() if isinstance(source, type) else source
    _check(instance, source)
    return instance  # type: ignore[return-value]


def _check(instance: object, given: object) -> None:
    name = getattr(instance, "name", None)
    if not isinstance(name, str) or not name.isidentifier():
        raise InvalidSource(
            f"{_describe(given)} needs a `name` that is an identifier, got {name!r}."
        )
    for attribute in ("label", "kind"):
        if not isinstance(getattr(instance, attribute, None), str):
            raise InvalidSource(f"Source {name!r} needs a string `{attribute}`.")
    params = getattr(instance, "params", None)
    if not isinstance(params, Mapping) or not all(
        isinstance(key, str) and isinstance(spec, ParamSpec) for key, spec in params.items()
    ):
        raise InvalidSource(f"Source {name!r} needs `params`: a mapping of names to ParamSpec.")
    if not callable(getattr(instance, "compute", None)):
        raise InvalidSource(
            f"Source {name!r} needs a `compute(*, period, unit_ids, params)` method."
        )


def _describe(source: object) -> str:
    target = source if isinstance(source, type) else type(source)
    return f"{target.__module__}.{target.__qualname__}"


registry = SourceRegistry()
