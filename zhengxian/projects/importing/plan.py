"""What a checked file will do: its rows, cleaned, in the order they are applied."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from zhengxian.orgs.models import Person, Unit

from ..models import Project


@dataclass
class ProjectRow:
    row: int
    code: str
    name: str = ""
    category: str = ""
    unit: Unit | None = None
    lead: Person | None = None
    planned_start: dt.date | None = None
    planned_end: dt.date | None = None
    planned_investment: Decimal = Decimal(0)
    location: str = ""
    tags: list[str] = field(default_factory=list)
    is_public: bool = False
    warn_days: int | None = None
    description: str = ""
    internal_note: str = ""
    existing: Project | None = None


@dataclass
class MilestoneRow:
    row: int
    project_code: str
    name: str
    planned_date: dt.date | None
    actual_date: dt.date | None
    planned_percent: Decimal | None
    note: str


@dataclass
class QuantityRow:
    row: int
    project_code: str
    name: str
    measure: str
    planned: Decimal | None
    completed: Decimal | None


@dataclass
class ImportPlan:
    projects: list[ProjectRow] = field(default_factory=list)
    milestones: list[MilestoneRow] = field(default_factory=list)
    quantities: list[QuantityRow] = field(default_factory=list)
