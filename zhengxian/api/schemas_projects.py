"""The shapes of the key projects' endpoints (routers/projects.py)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ninja import Schema

from .filters import ListParams
from .schemas import Ref


class ProjectListParams(ListParams):
    """The list page's filters; ``status`` is the colour derived for today."""

    q: str | None = None
    category: str | None = None
    lead: int | None = None
    status: str | None = None
    tag: str | None = None
    public: bool | None = None


class ProjectItemOut(Schema):
    id: int
    code: str
    name: str
    category: str
    category_label: str
    unit: Ref
    lead: Ref | None
    planned_start: dt.date
    planned_end: dt.date
    planned_investment: float
    completed_investment: float
    progress: float
    progress_on: dt.date | None
    status: str
    status_label: str
    reasons: list[str]
    is_public: bool
    tags: list[str]
    url: str


class MilestoneOut(Schema):
    id: int
    name: str
    planned_date: dt.date
    actual_date: dt.date | None
    planned_percent: float | None
    state: str
    state_label: str
    colour: str


class QuantityOut(Schema):
    id: int
    name: str
    measure: str
    planned: float
    completed: float


class ProjectOut(ProjectItemOut):
    location: str
    description: str
    internal_note: str
    warn_days: int
    milestones: list[MilestoneOut]
    quantities: list[QuantityOut]
    date_requests: list[DateRequestOut]
    can_edit: bool
    can_report: bool


class DoneIn(Schema):
    day: dt.date


class PhotoOut(Schema):
    id: int
    caption: str
    content_type: str
    is_public: bool
    url: str


class ProgressReportOut(Schema):
    id: int
    reported_on: dt.date
    percent: float
    text: str
    issues: str
    investment: float
    author: Ref | None
    photos: list[PhotoOut]


class ProgressIn(Schema):
    reported_on: dt.date
    percent: Decimal
    text: str
    issues: str = ""
    investment: Decimal = Decimal(0)
    quantities: dict[int, Decimal] = {}


class ProgressFormIn(Schema):
    """The multipart form: the page's fields (``quantity_<id>`` fields may be added)."""

    reported_on: dt.date
    percent: Decimal
    text: str
    issues: str = ""
    investment: Decimal = Decimal(0)


class DateRequestOut(Schema):
    """A change of a milestone's planned date waiting for the lead leader."""

    id: int
    milestone: Ref
    old_planned_date: dt.date
    new_planned_date: dt.date
    reason: str
    requested_by: str
    may_decide: bool


class DecisionIn(Schema):
    decision: str  # approve or reject
    note: str = ""
