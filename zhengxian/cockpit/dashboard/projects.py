"""Key projects by status, the red ones (whenever they turned red) and the escalation ladder
of the scoring period the cockpit shows, through the project list's and the warnings page's
selectors."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.db.models import Count, Max
from django.urls import reverse

from zhengxian.campaigns.models import Period, month_key
from zhengxian.projects import status as rules
from zhengxian.projects.kept import kept_status_counts
from zhengxian.projects.models import Project, Status
from zhengxian.projects.selectors.lists import ProjectFilters, filter_projects
from zhengxian.projects.selectors.warnings import (
    Climb,
    changes_visible_to,
    escalation_between,
    escalation_for,
)

RED_LIST_SIZE = 20


def project_list_url(**query: str) -> str:
    return f"{reverse('projects:project_list')}?{urlencode(query)}"


@dataclass(frozen=True)
class StatusCount:
    status: str
    label: str
    count: int
    url: str


@dataclass(frozen=True)
class RedProject:
    project: Project
    red_since: dt.date | None  # the day of its latest turn to red, in whatever week


@dataclass(frozen=True)
class ProjectFigures:
    statuses: list[StatusCount]
    red: list[RedProject]
    red_total: int

    @property
    def red_url(self) -> str:
        return project_list_url(status=rules.RED)


def project_figures(user: Any) -> ProjectFigures:
    # The project list's own queryset counted by status: the rows its status filter keeps;
    # counted again only after a project is written, not a province's 30,000 projects on
    # every opening.
    by_status = kept_status_counts(
        user,
        lambda: dict(
            filter_projects(user)
            .order_by()
            .values("status")
            .annotate(n=Count("pk"))
            .values_list("status", "n")
        ),
    )
    statuses = [
        StatusCount(value, str(label), by_status.get(value, 0), project_list_url(status=value))
        for value, label in Status.choices
    ]
    red_qs = filter_projects(user, ProjectFilters(status=rules.RED))
    red = list(red_qs[:RED_LIST_SIZE])
    since = dict(
        changes_visible_to(user)
        .filter(project_id__in=[p.pk for p in red], new_status=rules.RED)
        .values("project_id")
        .annotate(day=Max("day"))
        .values_list("project_id", "day")
    )
    total = next((s.count for s in statuses if s.status == rules.RED), 0)
    return ProjectFigures(statuses, [RedProject(p, since.get(p.pk)) for p in red], total)


@dataclass(frozen=True)
class Ladder:
    """The escalation ladder of the period the cockpit shows (its reds counted from the
    period's first day to its last), or of the calendar month when it shows none."""

    month: int
    climbs: list[Climb]
    period: Period | None = None

    @property
    def url(self) -> str:
        query = {"period": self.period.pk} if self.period else {"month": self.month}
        return f"{reverse('projects:warnings')}?{urlencode(query)}"


def escalation_ladder(user: Any, *, today: dt.date, period: Period | None = None) -> Ladder:
    if period is not None:
        climbs = escalation_between(user, start=period.start, end=period.end)
        return Ladder(month_key(period.end), climbs, period)
    month = month_key(today)
    return Ladder(month, escalation_for(user, month=month))
