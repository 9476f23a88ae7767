"""The campaign as plain data: what a campaign file holds once it has been read and checked."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from typing import Literal

from zhengxian.engine.types import DimensionSpec, LeafSpec

PeriodLength = Literal["month", "quarter"]
IndicatorNode = DimensionSpec | LeafSpec

FORMAT_VERSION = 1
PERIOD_LENGTHS: tuple[str, ...] = ("month", "quarter")
METHOD_NAMES: tuple[str, ...] = ("target", "relative", "rank", "bands", "manual")
WHEN_EMPTY_CHOICES: tuple[str, ...] = ("full", "zero", "group_mean")
# Sections declaring the codes a leaf's source_params may name (ParamSpec.refers_to).
DECLARED_SECTIONS: tuple[str, ...] = ("checklists", "panels", "rater_panels")
DEFAULT_PREVIEW_DAYS = 5
MAX_PREVIEW_DAYS = 30
MAX_DEPTH = 6  # levels of the indicator tree, the top-level dimensions being level 1
MAX_FILE_BYTES = 1024 * 1024
# How a period is published and circulated (product.md, "Publication modes").
PUBLICATION_MODES: tuple[str, ...] = ("full", "tiers", "lists")
DEFAULT_PUBLICATION_MODE = "full"
DEFAULT_LIST_SIZE = 3
MAX_LIST_SIZE = 50


@dataclass(frozen=True, kw_only=True)
class TierSpec:
    """A tier (分档) of the tiers-only publication: a unit whose total reaches ``min``
    points, and no better tier's, is in it; the last tier has no cut-off (``None``)."""

    name: str
    min: Decimal | None = None


def tier_for(total: Decimal, tiers: tuple[TierSpec, ...]) -> str:
    """The name of the first tier (best first) whose cut-off ``total`` reaches; "" when the
    campaign has no tiers."""
    for tier in tiers:
        if tier.min is None or total >= tier.min:
            return tier.name
    return tiers[-1].name if tiers else ""


@dataclass(frozen=True, kw_only=True)
class GroupSpec:
    """A competition group: the units selected by code and/or by kind rank among themselves."""

    code: str
    name: str
    unit_kinds: tuple[str, ...] = ()
    unit_codes: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class CampaignSpec:
    code: str
    name: str
    year: int
    start: date
    end: date  # inclusive
    period: PeriodLength
    groups: tuple[GroupSpec, ...]
    indicators: tuple[IndicatorNode, ...]
    bonus_cap: Decimal
    penalty_cap: Decimal
    preview_days: int = DEFAULT_PREVIEW_DAYS
    publication_mode: str = DEFAULT_PUBLICATION_MODE
    tiers: tuple[TierSpec, ...] = ()
    list_size: int = DEFAULT_LIST_SIZE

    @property
    def total_weight(self) -> Decimal:
        return sum((node.weight for node in self.indicators), Decimal(0))

    def leaves(self) -> Iterator[LeafSpec]:
        """Every leaf of the indicator tree, depth first, in file order."""
        stack: list[IndicatorNode] = list(reversed(self.indicators))
        while stack:
            node = stack.pop()
            if isinstance(node, LeafSpec):
                yield node
            else:
                stack.extend(reversed(node.children))

    def shifted_to_year(self, year: int) -> CampaignSpec:
        """A copy moved to another year: dates, the year in the code, and "2023年" in the name.

        The demo ships the 2023 campaign and runs it in the current year.
        """
        if year == self.year:
            return self
        old = str(self.year)
        return replace(
            self,
            year=year,
            code=re.sub(rf"(?<!\d){old}(?!\d)", str(year), self.code),
            name=self.name.replace(f"{old}年", f"{year}年"),
            start=_move_to_year(self.start, self.start.year - self.year + year),
            end=_move_to_year(self.end, self.end.year - self.year + year),
        )


def _move_to_year(day: date, year: int) -> date:
    try:
        return day.replace(year=year)
    except ValueError:  # 29 February into a common year
        return day.replace(year=year, day=28)
