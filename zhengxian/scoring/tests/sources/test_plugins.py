"""Start-up: the sources and evidence describers declared in the apps' hooks.py fill the
engine's registries, and a source whose evidence names a model without a describer is an
error, not bare references on score cards."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured

from zhengxian.core import hooks
from zhengxian.engine.evidence import described_models
from zhengxian.engine.sources import ParamSpec, registry
from zhengxian.scoring.plugins import check_evidence_describers, load_plugins


class PlantedSource:
    name = "planted_visits"
    label = "Planted visits"
    kind = "count"
    params: Mapping[str, ParamSpec] = {}
    evidence_models = ("matters.visit", "planted.record")

    def compute(self, *, period: Any, unit_ids: Any, params: Any) -> dict[Any, Any]:
        return {}


def test_the_real_configuration_passes_and_fills_the_engine():
    load_plugins()  # as at start-up; again changes nothing

    sources = hooks.get_hooks("indicator_sources")
    assert {source.name for source in sources} == set(registry.names())
    declared = {label for label, _describe in hooks.get_hooks("evidence_describers")}
    assert declared == described_models()
    for source in registry.all():
        assert set(source.evidence_models) <= declared, source.name  # type: ignore[attr-defined]
    assert "matters.matter" in declared and "scoring.manualassessment" in declared


def test_a_source_without_a_describer_for_its_evidence_fails_at_start_up():
    with (
        hooks.register_temporarily("indicator_sources", PlantedSource),
        pytest.raises(ImproperlyConfigured) as raised,
    ):
        load_plugins()

    message = str(raised.value)
    assert "'planted_visits'" in message
    assert "'planted.record'" in message
    assert "no app declares an evidence describer" in message
    assert "planted_visits" not in registry  # nothing was registered


def test_a_describer_declared_in_the_hooks_satisfies_the_check():
    describers = [label for label, _describe in hooks.get_hooks("evidence_describers")]
    check_evidence_describers([PlantedSource], [*describers, "Planted.Record"])
    with pytest.raises(ImproperlyConfigured, match=r"'matters\.visit'"):
        check_evidence_describers([PlantedSource], ["planted.record"])


def test_evidence_models_must_be_a_tuple_of_labels():
    class Careless(PlantedSource):
        evidence_models = "matters.visit"  # type: ignore[assignment]

    with pytest.raises(ImproperlyConfigured, match="needs `evidence_models`"):
        check_evidence_describers([Careless], ["matters.visit"])
