"""Fills the engine's registries from the hooks at start-up, and checks them.

The engine is plain Python and knows no hooks: the apps declare their indicator sources and
evidence describers in their ``hooks.py`` (hooks ``indicator_sources`` and
``evidence_describers``, see `zhengxian.core.hooks`), and the scoring app's ``ready()`` calls
`load_plugins`, which hands them to `zhengxian.engine.sources.registry` and
`zhengxian.engine.evidence.register_describer`. A source whose evidence would name a model
without a describer stops the start-up, instead of showing bare references on score cards.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ImproperlyConfigured

from zhengxian.core import hooks
from zhengxian.engine.evidence import register_describer
from zhengxian.engine.sources import registry


def _name(source: object) -> str:
    target = source if isinstance(source, type) else type(source)
    name = getattr(source, "name", "?")
    return f"{name!r} ({target.__module__}.{target.__qualname__})"


def check_evidence_describers(sources: Iterable[object], described: Iterable[str]) -> None:
    """Raises ImproperlyConfigured when a source's ``evidence_models`` names a model that
    has no evidence describer."""
    known = {label.lower() for label in described}
    for source in sources:
        models = getattr(source, "evidence_models", ())
        if isinstance(models, str) or not all(isinstance(label, str) for label in models):
            raise ImproperlyConfigured(
                f"The indicator source {_name(source)} needs `evidence_models`: a tuple of "
                f'model labels such as ("matters.matter",), not {models!r}.'
            )
        for label in models:
            if label.lower() not in known:
                raise ImproperlyConfigured(
                    f"The indicator source {_name(source)} produces evidence about "
                    f"{label!r}, but no app declares an evidence describer for that model. "
                    f"Register one in the app's hooks.py: "
                    f'hooks.register("evidence_describers", ("{label.lower()}", describe)).'
                )


def load_plugins() -> None:
    """Checks the declared sources against the declared describers, then registers both in
    the engine (once; running it again changes nothing)."""
    sources = hooks.get_hooks("indicator_sources")
    describers: list[tuple[str, object]] = hooks.get_hooks("evidence_describers")
    check_evidence_describers(sources, (label for label, _describe in describers))
    for label, describe in describers:
        register_describer(label, describe)  # type: ignore[arg-type]
    registry.populate(lambda: sources)
