"""What every builder shares: the year, its months, one seeded generator per domain, the
organisation as compact lists (not model instances), the tables written and the ids."""

from __future__ import annotations

import calendar
import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any

from django.db import models

from .db import Stamp, Table
from .progress import Progress
from .scales import MONTH_WEIGHTS, Scale


@dataclass
class UnitInfo:
    id: int
    kind: str
    code: str
    name: str
    parent: int | None
    path: str
    subdistrict: int | None = None  # the sub-district above (or itself)
    community: int | None = None  # the community of a grid (or itself)
    people: range = range(0)  # person ids (contiguous)
    leader: int | None = None  # person id of the unit leader
    user: int | None = None  # the account that records the unit's work
    diligence: float = 1.0  # how busy the unit is, 0.5–1.5 (scores then differ)


@dataclass
class SubdistrictInfo:
    id: int
    communities: list[int] = field(default_factory=list)
    offices: list[int] = field(default_factory=list)
    grids: list[int] = field(default_factory=list)
    office_user: int | None = None  # campaign office (作风办) account
    evaluator_user: int | None = None
    supervisors: list[int] = field(default_factory=list)  # person ids


@dataclass
class Context:
    scale: Scale
    seed: int
    year: int
    progress: Progress
    stamp: Stamp = field(default_factory=Stamp)
    units: dict[int, UnitInfo] = field(default_factory=dict)
    subdistricts: list[SubdistrictInfo] = field(default_factory=list)
    sub_by_id: dict[int, SubdistrictInfo] = field(default_factory=dict)
    root: int = 0
    root_user: int = 0
    person_unit: list[tuple[int, int]] = field(default_factory=list)  # (first id, unit) runs
    tables: dict[str, Table] = field(default_factory=dict)
    written: set[type[models.Model]] = field(default_factory=set)
    facts: dict[str, Any] = field(default_factory=dict)
    month_rows: dict[int, int] = field(default_factory=dict)  # records per month key

    def rng(self, domain: str) -> random.Random:
        """One generator per domain, so a change in one builder leaves the others' rows."""
        return random.Random(f"{self.seed}:{domain}")

    def table(self, model: type[models.Model], fields: tuple[str, ...], name: str) -> Table:
        table = Table(model, fields, self.progress, name=name, stamp=self.created_stamp)
        self.tables[name] = table
        self.written.add(model)
        return table

    @property
    def created_stamp(self) -> str:
        return self.stamp.at(dt.date(self.year, 1, 1), 9 * 60)

    def flush(self) -> None:
        for table in self.tables.values():
            table.flush()

    # -- calendar -----------------------------------------------------------------------

    @property
    def months(self) -> list[int]:
        return list(range(1, 13))

    def weight(self, month: int) -> float:
        return MONTH_WEIGHTS[month - 1]

    def key(self, month: int) -> int:
        return self.year * 100 + month

    def day(self, rng: random.Random, month: int) -> dt.date:
        """A working-ish day of the month (weekends half as likely)."""
        last = calendar.monthrange(self.year, month)[1]
        while True:
            day = dt.date(self.year, month, rng.randint(1, last))
            if day.weekday() < 5 or rng.random() < 0.3:
                return day

    @property
    def year_start(self) -> dt.date:
        return dt.date(self.year, 1, 1)

    @property
    def year_end(self) -> dt.date:
        return dt.date(self.year, 12, 31)

    def count(self, month_key: int, n: int = 1) -> None:
        self.month_rows[month_key] = self.month_rows.get(month_key, 0) + n


def poisson(rng: random.Random, mean: float) -> int:
    """A count around ``mean`` (Poisson for small means, normal above 30)."""
    if mean <= 0:
        return 0
    if mean > 30:
        return max(0, round(rng.gauss(mean, mean**0.5)))
    limit, k, p = pow(2.718281828459045, -mean), 0, rng.random()
    while p > limit:
        k += 1
        p *= rng.random()
    return k
