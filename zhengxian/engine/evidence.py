"""Evidence references ("app_label.model:pk") and turning them back into records a person can
open.

A source returns, with each raw value, the references of the records it counted, built with
`evidence_ref` / `evidence_refs`, and declares the models of those records in its
``evidence_models``. Each app that owns records declares a describer for its models in its
``hooks.py`` (hook ``evidence_describers``): a function that takes a list of primary keys and
returns, with one query, an `EvidenceItem` per key it finds. The scoring app hands them to
`register_describer` at start-up, after checking that every model a source declares has
one. The score card calls `describe_evidence` with a leaf's references and shows what comes
back, so every point can be traced to its records.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

Describer = Callable[[Sequence[int]], Mapping[int, "EvidenceItem"]]


@dataclass(frozen=True)
class EvidenceItem:
    ref: str  # "app_label.model:pk"
    kind: str  # a translated, human name of the record type, e.g. 事项
    title: str
    day: dt.date | None = None
    url: str = ""  # a page of the record, checked against the viewer's scope there
    detail: str = ""


_describers: dict[str, Describer] = {}


def register_describer(model_label: str, describer: Describer) -> Describer:
    """Registers ``describe(pks) -> {pk: EvidenceItem}`` for ``model_label`` ("app.model").

    Registering the same function again is a no-op; another function for a model that has
    one raises ``ValueError``.
    """
    label = model_label.lower()
    existing = _describers.get(label)
    if existing is not None and existing is not describer:
        raise ValueError(
            f"The evidence of {label!r} already has a describer "
            f"({existing.__module__}.{existing.__qualname__}); cannot also register "
            f"{describer.__module__}.{describer.__qualname__}."
        )
    _describers[label] = describer
    return describer


def described_models() -> frozenset[str]:
    """The model labels that have a describer."""
    return frozenset(_describers)


def evidence_ref(model_label: str, pk: int) -> str:
    """The reference of one record, "app_label.model:pk": ``evidence_ref("matters.matter", 7)``
    is ``"matters.matter:7"``."""
    return f"{model_label.lower()}:{pk}"


def evidence_refs(model_label: str, pks: Iterable[int]) -> tuple[str, ...]:
    """The references of records of one model, each once, in primary-key order (as a source
    returns them)."""
    return tuple(evidence_ref(model_label, pk) for pk in sorted(set(pks)))


def parse_ref(ref: str) -> tuple[str, int] | None:
    label, _, pk = ref.partition(":")
    if not label or not pk.isdigit():
        return None
    return label.lower(), int(pk)


def describe_evidence(refs: Iterable[str], *, limit: int = 500) -> list[EvidenceItem]:
    """The records behind ``refs`` (at most ``limit``), one query per model type, in order.

    A reference whose record is gone or whose type has no describer is still listed, so a
    point never silently loses its trace.
    """
    refs = list(refs)[:limit]
    by_model: dict[str, list[int]] = defaultdict(list)
    for ref in refs:
        parsed = parse_ref(ref)
        if parsed:
            by_model[parsed[0]].append(parsed[1])
    found: dict[str, EvidenceItem] = {}
    for label, pks in by_model.items():
        describer = _describers.get(label)
        if describer is None:
            continue
        for pk, item in describer(pks).items():
            found[evidence_ref(label, pk)] = item
    items = []
    for ref in refs:
        items.append(
            found.get(ref.lower()) or EvidenceItem(ref=ref, kind=ref.partition(":")[0], title=ref)
        )
    return items
