"""What a validated file will do: the rows, cleaned, in the order they are applied."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..models import Unit


@dataclass
class UnitRow:
    row: int
    code: str
    name: str
    kind: str
    parent_code: str  # "" for a top-level unit
    sort_order: int | None  # None keeps an existing unit's order (0 for a new one)
    existing: Unit | None = None


@dataclass
class PersonRow:
    row: int
    name: str
    unit_code: str
    position: str
    phone: str
    username: str
    roles: list[str]
    role_unit_code: str


@dataclass
class ImportPlan:
    units: list[UnitRow] = field(default_factory=list)  # parents before their children
    people: list[PersonRow] = field(default_factory=list)
