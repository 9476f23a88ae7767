"""The indicator source registry: registration, lookups, temporary sources, discovery."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pytest

from zhengxian.engine.sources import (
    DuplicateSource,
    InvalidSource,
    ParamSpec,
    SourceRegistry,
    UnknownSource,
)
from zhengxian.engine.types import RawValue


class VisitsCount:
    name = "visits_count"
    label = "Visits count"
    kind = "count"
    params: Mapping[str, ParamSpec] = {"per_cadre": ParamSpec("bool")}

    def compute(
        self, *, period: Any, unit_ids: Sequence[int], params: Mapping[str, Any]
    ) -> Mapping[int, RawValue]:
        return {unit_id: RawValue(value=None) for unit_id in unit_ids}


class OtherVisitsCount(VisitsCount):
    label = "Another visits count"


class Manual(VisitsCount):
    name = "manual"
    kind = "manual"
    params: Mapping[str, ParamSpec] = {}


def test_register_works_as_a_class_decorator_and_instantiates_the_class() -> None:
    registry = SourceRegistry()

    decorated = registry.register(VisitsCount)

    assert decorated is VisitsCount
    source = registry.get("visits_count")
    assert isinstance(source, VisitsCount)
    assert source.compute(period=None, unit_ids=[7], params={}) == {7: RawValue(value=None)}


def test_register_takes_an_instance_as_it_is() -> None:
    registry = SourceRegistry()
    instance = VisitsCount()

    registry.register(instance)

    assert registry.get("visits_count") is instance


def test_names_are_sorted_and_membership_works() -> None:
    registry = SourceRegistry()
    registry.register(VisitsCount)
    registry.register(Manual)

    assert registry.names() == ("manual", "visits_count")
    assert "manual" in registry
    assert len(registry) == 2
    assert [source.name for source in registry.all()] == ["manual", "visits_count"]


def test_unknown_source_error_lists_the_known_names() -> None:
    registry = SourceRegistry()
    registry.register(VisitsCount)

    with pytest.raises(UnknownSource) as caught:
        registry.get("visits")

    assert str(caught.value) == "Unknown indicator source 'visits'. Known sources: visits_count."
    assert caught.value.known == ("visits_count",)
    assert isinstance(caught.value, LookupError)


def test_registering_the_same_class_twice_is_a_no_op() -> None:
    registry = SourceRegistry()
    registry.register(VisitsCount)
    first = registry.get("visits_count")

    registry.register(VisitsCount)

    assert registry.get("visits_count") is first


def test_another_source_under_a_taken_name_is_refused() -> None:
    registry = SourceRegistry()
    registry.register(VisitsCount)

    with pytest.raises(DuplicateSource, match="already registered"):
        registry.register(OtherVisitsCount)


def test_register_temporarily_shadows_and_then_restores() -> None:
    registry = SourceRegistry()
    registry.register(VisitsCount)

    with registry.register_temporarily(OtherVisitsCount, Manual) as inside:
        assert inside is registry
        assert registry.get("visits_count").label == "Another visits count"
        assert registry.names() == ("manual", "visits_count")

    assert registry.get("visits_count").label == "Visits count"
    assert registry.names() == ("visits_count",)


def test_register_temporarily_restores_after_an_exception() -> None:
    registry = SourceRegistry()

    with pytest.raises(RuntimeError), registry.register_temporarily(Manual):
        raise RuntimeError

    assert registry.names() == ()


def test_unregister_removes_a_source() -> None:
    registry = SourceRegistry()
    registry.register(Manual)

    registry.unregister("manual")

    assert "manual" not in registry
    with pytest.raises(UnknownSource):
        registry.unregister("manual")


@pytest.mark.parametrize(
    ("attributes", "message"),
    [
        ({"name": "not an identifier"}, "needs a `name` that is an identifier"),
        ({"label": None}, "needs a string `label`"),
        ({"params": {"x": "int"}}, "mapping of names to ParamSpec"),
        ({"compute": None}, "needs a `compute"),
    ],
)
def test_malformed_sources_are_refused(attributes: dict[str, Any], message: str) -> None:
    broken = type("Broken", (VisitsCount,), attributes)

    with pytest.raises(InvalidSource, match=message):
        SourceRegistry().register(broken)


def test_param_spec_refuses_an_unknown_type() -> None:
    with pytest.raises(ValueError, match="ParamSpec type must be one of"):
        ParamSpec("float")  # type: ignore[arg-type]


def test_populate_registers_the_given_sources_once() -> None:
    calls: list[str] = []
    registry = SourceRegistry()

    def sources() -> list[object]:
        calls.append("sources")
        return [VisitsCount, Manual]

    registry.populate(sources)
    registry.populate(sources)

    assert calls == ["sources"]
    assert registry.names() == ("manual", "visits_count")
    assert registry.ready
