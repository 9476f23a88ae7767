"""The demo runner: `manage.py load_demo` builds the demo data set (Chengxiang Sub-district,
城厢街道) from the parts the apps declare, in order, in one transaction, acting as
"system:load_demo" so that every write goes through the services and is audited.

An app declares its part in its ``hooks.py`` (see `zhengxian.core.hooks`)::

    hooks.register("demo_builders", DemoBuilder("zhengxian.projects.demo"), order=30)

The module named is imported only when the demo is loaded. It has a function
``build(*, today: date, rng: random.Random) -> dict`` that creates what is missing (look
things up by a stable key: a unit's code, an account name) and returns a short summary to
print, and may have ``demo_logins()`` returning the accounts to print after the run (rows with
``account``, ``password``, ``name``, ``unit`` and ``role``). A builder must be idempotent: a
second run creates nothing. ``today`` is the day the demo is dated against (the campaign runs
in its year, milestones fall on both sides of it); ``rng`` is seeded per builder from the
run's seed and the builder's ``seed_key`` (its module unless it moved), so adding a builder
never changes what another one generates. Builders run by ``order``: the organisation
(`zhengxian.orgs.demo`, order 0) first, since everything hangs on it and later builders find
it through its lookups (`subdistrict()`, `communities()`, `offices()`, `grids()`); the
campaign and its scoring last, since they score and publish the past months from every other
record.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from typing import Any

from django.db import connection, transaction

from . import hooks
from .acting import acting_as

# The one password of every demo account (printed by load_demo; demo data only).
DEMO_PASSWORD = "zhengxian2026"
DEMO_SEED = 2023
ACTOR = "system:load_demo"


@dataclass(frozen=True)
class DemoBuilder:
    """A part of the demo: the dotted path of its module, and the key its generator is
    seeded with (the module path unless given)."""

    module: str
    seed_key: str = ""

    @property
    def name(self) -> str:
        """The short name `load_demo --only` takes: the app ("orgs", "matters", …)."""
        return self.module.split(".")[1]

    @property
    def seed(self) -> str:
        return self.seed_key or self.module


def declared_builders() -> list[DemoBuilder]:
    """Every part the apps declare, in the order they run."""
    return list(hooks.get_hooks("demo_builders"))


def builder_modules() -> list[str]:
    return [builder.module for builder in declared_builders()]


def builders_named(names: list[str]) -> list[str]:
    """Selects builders by short name ("orgs", "matters", …), keeping their order; the
    organisation (the first builder) is always built, since everything else hangs on it."""
    declared = declared_builders()
    short = {builder.name: builder.module for builder in declared}
    unknown = [name for name in names if name not in short]
    if unknown:
        raise ValueError(f"Unknown demo part(s): {', '.join(unknown)}. Known: {', '.join(short)}.")
    wanted = {declared[0].name, *names}
    return [path for name, path in short.items() if name in wanted]


Builder = Callable[..., dict[str, Any]]


@dataclass(frozen=True)
class BuilderResult:
    name: str
    summary: dict[str, Any]


def builder_rng(seed: int, name: str) -> random.Random:
    """A generator of its own for each builder: same seed and name, same sequence."""
    return random.Random(f"{seed}:{name}")


def load_builder(name: str) -> Builder:
    return import_module(name).build  # type: ignore[no-any-return]


def load_demo(
    *, today: dt.date, seed: int = DEMO_SEED, builders: list[str] | None = None
) -> list[BuilderResult]:
    """Runs the builders (all, or the modules named in ``builders``) in order, all or
    nothing, and returns their summaries."""
    declared = {builder.module: builder for builder in declared_builders()}
    chosen = (
        list(declared.values())
        if builders is None
        else [declared.get(module, DemoBuilder(module)) for module in builders]
    )
    results: list[BuilderResult] = []
    with acting_as(ACTOR), transaction.atomic():
        for builder in chosen:
            build = load_builder(builder.module)
            summary = build(today=today, rng=builder_rng(seed, builder.seed))
            results.append(BuilderResult(name=builder.module, summary=summary))
    analyze_database()
    return results


def analyze_database() -> None:
    """Refreshes the planner's statistics after a bulk load: SQLite keeps none until ANALYZE
    runs and then picks poor indexes (a unit's drill-down went from 0.35 ms to 110 ms);
    PostgreSQL's autovacuum would get there, but only after the first slow pages."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def demo_logins(modules: list[str] | None = None) -> list[Any]:
    """The accounts to print after a run: each builder module's ``demo_logins()``, if any."""
    rows: list[Any] = []
    for module in builder_modules() if modules is None else modules:
        logins = getattr(import_module(module), "demo_logins", None)
        if logins is not None:
            rows.extend(logins())
    return rows
