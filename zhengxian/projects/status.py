"""Red, yellow and green, derived from dates and numbers alone (no database).

The rules (product.md, "Key projects"):

- **red** when a milestone is overdue: its planned date has passed and it is not done;
- **yellow** when a milestone that is not done is due within ``warn_days`` days (today
  counts as within, and so does the ``warn_days``-th day), or when the reported progress
  trails the planned progress by **more than** 10 points;
- **green** otherwise.

Everything is judged *as of* a day: a milestone counts as done on that day only if its actual
date is on or before it, and the reported progress is the latest report on or before it. So
the same function answers "what is the status today" and "what was it on 3 March".

The planned progress of a project on a day is read off its plan curve: 0 % on the planned
start, the planned percent of every milestone that carries one on its planned date, 100 %
on the planned end, straight lines in between.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from itertools import pairwise
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

GREEN, YELLOW, RED = "green", "yellow", "red"
SEVERITY = {GREEN: 0, YELLOW: 1, RED: 2}
BEHIND_POINTS = Decimal(10)  # trailing the plan by more than this many points is yellow
DEFAULT_WARN_DAYS = 7
HUNDRED = Decimal(100)
TENTH = Decimal("0.1")

# Milestone states, as drawn on the battle chart.
DONE, DONE_LATE, OVERDUE, DUE_SOON, PENDING = "done", "done_late", "overdue", "due_soon", "pending"
STATE_COLOUR = {DONE: GREEN, DONE_LATE: GREEN, OVERDUE: RED, DUE_SOON: YELLOW, PENDING: GREEN}


@dataclass(frozen=True)
class MilestoneFact:
    name: str
    planned: dt.date
    actual: dt.date | None = None
    planned_percent: Decimal | None = None


@dataclass(frozen=True)
class Reason:
    """Why an item has its colour: a code and its parameters (JSON-safe), told in words by
    `text()` in the reader's language."""

    code: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def text(self) -> str:
        return reason_text(self.code, self.params)

    def as_json(self) -> dict[str, Any]:
        return {"code": self.code, "params": dict(self.params)}


@dataclass(frozen=True)
class Verdict:
    status: str
    reasons: tuple[Reason, ...]

    @property
    def reason(self) -> str:
        """The first reason, in words, with the count of the others."""
        return summary_text(self.reasons)

    def as_json(self) -> list[dict[str, Any]]:
        return [reason.as_json() for reason in self.reasons]


def summary_text(reasons: Sequence[Reason]) -> str:
    if not reasons:
        return ""
    first = reasons[0].text()
    others = len(reasons) - 1
    if others:
        more = ngettext("(and %(n)s more reason)", "(and %(n)s more reasons)", others)
        return f"{first} {more % {'n': others}}"
    return first


def reasons_from_json(data: Iterable[Mapping[str, Any]] | None) -> tuple[Reason, ...]:
    return tuple(Reason(str(item.get("code", "")), item.get("params") or {}) for item in data or ())


def round_tenth(value: Decimal) -> Decimal:
    return value.quantize(TENTH, rounding=ROUND_HALF_UP)


def planned_progress(
    day: dt.date,
    start: dt.date,
    end: dt.date,
    checkpoints: Iterable[tuple[dt.date, Decimal]] = (),
) -> Decimal:
    """The planned progress (0–100, to 0.1) on ``day`` along the plan curve."""
    points = sorted(
        {(start, Decimal(0)), (end, HUNDRED)}
        | {(d, p) for d, p in checkpoints if start < d < end and p is not None}
    )
    if day <= points[0][0]:
        return Decimal(0)
    if day >= points[-1][0]:
        return HUNDRED
    for (d0, p0), (d1, p1) in pairwise(points):
        if d0 <= day <= d1:
            span = (d1 - d0).days
            if span == 0:
                return round_tenth(p1)
            return round_tenth(p0 + (p1 - p0) * Decimal((day - d0).days) / Decimal(span))
    return HUNDRED  # unreachable: the points cover [start, end]


def milestone_state(milestone: MilestoneFact, *, today: dt.date, warn_days: int) -> str:
    """done, done_late, overdue, due_soon or pending, as of ``today``."""
    if milestone.actual is not None and milestone.actual <= today:
        return DONE if milestone.actual <= milestone.planned else DONE_LATE
    if milestone.planned < today:
        return OVERDUE
    if (milestone.planned - today).days <= warn_days:
        return DUE_SOON
    return PENDING


def derive_status(
    *,
    today: dt.date,
    milestones: Iterable[MilestoneFact],
    planned: Decimal | None,
    reported: Decimal | None,
    warn_days: int = DEFAULT_WARN_DAYS,
) -> Verdict:
    """The colour of a project as of ``today``, with every reason for it, worst first."""
    overdue: list[Reason] = []
    due_soon: list[Reason] = []
    milestones = sorted(milestones, key=lambda m: (m.planned, m.name))
    all_done = bool(milestones)
    for milestone in milestones:
        state = milestone_state(milestone, today=today, warn_days=warn_days)
        if state not in (DONE, DONE_LATE):
            all_done = False
        params = {"name": milestone.name, "date": milestone.planned.isoformat()}
        if state == OVERDUE:
            overdue.append(Reason("overdue", {**params, "days": (today - milestone.planned).days}))
        elif state == DUE_SOON:
            due_soon.append(
                Reason("due_soon", {**params, "days": (milestone.planned - today).days})
            )
    behind: list[Reason] = []
    if planned is not None:
        done = reported if reported is not None else Decimal(0)
        gap = planned - done
        if gap > BEHIND_POINTS:
            behind.append(
                Reason("behind", {"planned": str(planned), "reported": str(done), "gap": str(gap)})
            )
    if overdue:
        return Verdict(RED, (*overdue, *due_soon, *behind))
    if due_soon or behind:
        return Verdict(YELLOW, (*due_soon, *behind))
    if all_done and (reported is None or reported >= HUNDRED):
        return Verdict(GREEN, (Reason("completed"),))
    return Verdict(GREEN, (Reason("on_track", {"warn_days": warn_days}),))


def project_verdict(
    *,
    today: dt.date,
    planned_start: dt.date,
    planned_end: dt.date,
    milestones: Sequence[MilestoneFact],
    reports: Iterable[tuple[dt.date, Decimal]],
    warn_days: int = DEFAULT_WARN_DAYS,
) -> Verdict:
    """`derive_status` for a project's records as of ``today``: the planned progress from
    its plan curve, the reported progress from its latest report on or before ``today``."""
    checkpoints = [
        (m.planned, m.planned_percent) for m in milestones if m.planned_percent is not None
    ]
    planned = planned_progress(today, planned_start, planned_end, checkpoints)  # type: ignore[arg-type]
    return derive_status(
        today=today,
        milestones=milestones,
        planned=planned,
        reported=latest_progress(reports, today),
        warn_days=warn_days,
    )


def latest_progress(reports: Iterable[tuple[dt.date, Decimal]], day: dt.date) -> Decimal | None:
    """The percent of the latest report on or before ``day`` (later report wins a tie)."""
    latest: tuple[dt.date, Decimal] | None = None
    for reported_on, percent in reports:
        if reported_on <= day and (latest is None or reported_on >= latest[0]):
            latest = (reported_on, percent)
    return latest[1] if latest else None


def task_verdict(
    *,
    today: dt.date,
    deadline: dt.date,
    done_on: dt.date | None,
    warn_days: int = DEFAULT_WARN_DAYS,
) -> Verdict:
    """A special-action task is tracked like a milestone."""
    fact = MilestoneFact(name="", planned=deadline, actual=done_on)
    state = milestone_state(fact, today=today, warn_days=warn_days)
    date = deadline.isoformat()
    if state in (DONE, DONE_LATE):
        assert done_on is not None
        return Verdict(
            GREEN, (Reason("task_done", {"date": done_on.isoformat(), "late": state == DONE_LATE}),)
        )
    if state == OVERDUE:
        return Verdict(
            RED, (Reason("task_overdue", {"date": date, "days": (today - deadline).days}),)
        )
    if state == DUE_SOON:
        return Verdict(
            YELLOW, (Reason("task_due_soon", {"date": date, "days": (deadline - today).days}),)
        )
    return Verdict(GREEN, (Reason("task_pending", {"date": date}),))


def reason_text(code: str, params: Mapping[str, Any]) -> str:
    days = int(params.get("days", 0) or 0)
    if code == "overdue":
        return (
            ngettext(
                "Milestone “%(name)s” is %(days)s day overdue (due %(date)s).",
                "Milestone “%(name)s” is %(days)s days overdue (due %(date)s).",
                days,
            )
            % params
        )
    if code == "due_soon":
        if days == 0:
            return _("Milestone “%(name)s” is due today (%(date)s).") % params
        return (
            ngettext(
                "Milestone “%(name)s” is due in %(days)s day (%(date)s).",
                "Milestone “%(name)s” is due in %(days)s days (%(date)s).",
                days,
            )
            % params
        )
    if code == "behind":
        return (
            _(
                "Progress %(reported)s%% trails the plan of %(planned)s%% by %(gap)s points"
                " (more than 10)."
            )
            % params
        )
    if code == "completed":
        return _("Completed: every milestone is done.")
    if code == "on_track":
        return _(
            "On track: no milestone overdue or due within %(warn_days)s days, and progress"
            " within 10 points of the plan."
        ) % {"warn_days": params.get("warn_days", DEFAULT_WARN_DAYS)}
    if code == "task_done":
        if params.get("late"):
            return _("Done on %(date)s, after the deadline.") % params
        return _("Done on %(date)s.") % params
    if code == "task_overdue":
        return (
            ngettext(
                "The task is %(days)s day overdue (deadline %(date)s).",
                "The task is %(days)s days overdue (deadline %(date)s).",
                days,
            )
            % params
        )
    if code == "task_due_soon":
        if days == 0:
            return _("The task is due today (%(date)s).") % params
        return (
            ngettext(
                "The task is due in %(days)s day (%(date)s).",
                "The task is due in %(days)s days (%(date)s).",
                days,
            )
            % params
        )
    if code == "task_pending":
        return _("Deadline %(date)s.") % params
    return code
