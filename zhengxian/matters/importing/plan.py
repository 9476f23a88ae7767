"""A checked import: the rows to write, as plain values (ids, not records)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class VisitRow:
    row: int
    unit: int
    visited_on: str  # ISO date
    kind: str
    target_unit: int
    enterprise: int | None
    site: int | None
    household: str
    summary: str
    visitors: tuple[int, ...]


@dataclass
class ImportPlan:
    rows: list[VisitRow] = field(default_factory=list)
    duplicates: int = 0  # rows identical to a saved visit or an earlier row: not written
