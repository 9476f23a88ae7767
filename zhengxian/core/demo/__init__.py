"""The demo data set: Chengxiang Sub-district (城厢街道) built from the seed's names.

`manage.py load_demo` runs the builders named in `BUILDERS`, in order, in one transaction,
acting as "system:load_demo" so that every write goes through the services and is audited.

A builder is a module with a function ``build(*, today: date, rng: random.Random) -> dict``
that creates what is missing (look things up by a stable key: a unit's code, an account
name) and returns a short summary to print. It must be idempotent: a second run creates
nothing. ``today`` is the day the demo is dated against (the campaign runs in its year,
milestones fall on both sides of it); ``rng`` is seeded per builder from the run's seed and
the builder's name, so adding a builder never changes what another one generates.

To add a builder, append its dotted module path to `BUILDERS` (e.g.
"zhengxian.projects.demo"); later builders find the organisation through the lookups in
`zhengxian.core.demo.orgs` (`subdistrict()`, `communities()`, `offices()`, `grids()`).
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from typing import Any

from django.db import transaction

from zhengxian.audit.context import acting_as

# The one password of every demo account (printed by load_demo; demo data only).
DEMO_PASSWORD = "zhengxian2026"
DEMO_SEED = 2023
ACTOR = "system:load_demo"

# Run in this order; each later module may rely on what the earlier ones built. The
# campaign comes last: it scores and publishes the past months from every other record.
BUILDERS: list[str] = [
    "zhengxian.core.demo.orgs",
    "zhengxian.matters.demo",
    "zhengxian.projects.demo",
    "zhengxian.activities.demo",
    "zhengxian.campaigns.demo",
]


def builders_named(names: list[str]) -> list[str]:
    """Selects builders by short name ("orgs", "matters", …), keeping the order of BUILDERS;
    the organisation is always built, since everything else hangs on it."""
    short = {
        path.split(".")[1] if path.split(".")[1] != "core" else "orgs": path for path in BUILDERS
    }
    unknown = [name for name in names if name not in short]
    if unknown:
        raise ValueError(f"Unknown demo part(s): {', '.join(unknown)}. Known: {', '.join(short)}.")
    wanted = {"orgs", *names}
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
    """Runs the builders in order, all or nothing, and returns their summaries."""
    results: list[BuilderResult] = []
    with acting_as(ACTOR), transaction.atomic():
        for name in BUILDERS if builders is None else builders:
            summary = load_builder(name)(today=today, rng=builder_rng(seed, name))
            results.append(BuilderResult(name=name, summary=summary))
    return results
