"""What the public pages may show, copied field by field into plain objects.

The templates of the public pages get only these objects, never a model instance, so no
template can reach a lead leader's phone, a report's problems or an internal note.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Prefetch, prefetch_related_objects
from django.http import Http404

from zhengxian.core import clock

from .. import status as rules
from ..models import Milestone, ProgressPhoto, ProgressReport, Project
from ..services.status import verdict_of, warn_days_of

LATEST_PHOTOS = 6
LATEST_UPDATES = 5


@dataclass(frozen=True)
class PublicMilestone:
    name: str
    planned: dt.date
    actual: dt.date | None
    state: str


@dataclass(frozen=True)
class PublicUpdate:
    day: dt.date
    percent: Decimal
    text: str


@dataclass(frozen=True)
class PublicPhoto:
    pk: int
    caption: str
    day: dt.date


@dataclass(frozen=True)
class PublicProject:
    pk: int
    name: str
    category: str
    unit_name: str
    location: str
    description: str
    planned_start: dt.date
    planned_end: dt.date
    progress: Decimal
    progress_on: dt.date | None
    status: str
    status_reason: str = ""
    milestones: tuple[PublicMilestone, ...] = ()
    updates: tuple[PublicUpdate, ...] = ()
    photos: tuple[PublicPhoto, ...] = ()


def _live_verdict(project: Project, today: dt.date) -> rules.Verdict:
    """The colour the internal pages show, derived for today (as the battle chart does), so a
    milestone that fell overdue overnight shows late here before the daily refresh runs.
    Its reasons name only milestones, dates and percents, which the public page shows anyway.
    """
    reports = [(project.progress_on, project.progress)] if project.progress_on else []
    return verdict_of(project, today=today, milestones=project.milestones.all(), reports=reports)


def _public_base(project: Project, today: dt.date) -> dict[str, Any]:
    verdict = _live_verdict(project, today)
    return {
        "pk": project.pk,
        "name": project.name,
        "category": project.get_category_display(),
        "unit_name": project.unit.name,
        "location": project.location,
        "description": project.description,
        "planned_start": project.planned_start,
        "planned_end": project.planned_end,
        "progress": project.progress,
        "progress_on": project.progress_on,
        "status": verdict.status,
        "status_reason": verdict.reason,
    }


PUBLIC_PAGE_SIZE = 20


def public_projects(page: Any = 1) -> Page[Any]:
    """A page of the public projects, first planned first: only that page's projects and
    milestones are read (a province promises thousands)."""
    rows = Project.objects.filter(is_public=True).select_related("unit")
    shown = Paginator(rows.order_by("planned_start", "code", "pk"), PUBLIC_PAGE_SIZE).get_page(page)
    projects = list(shown.object_list)
    prefetch_related_objects(projects, _ordered_milestones())
    today = clock.today()
    public = [PublicProject(**_public_base(p, today)) for p in projects]
    return Page(public, shown.number, shown.paginator)  # type: ignore[arg-type]


def _ordered_milestones() -> Prefetch:
    return Prefetch("milestones", queryset=Milestone.objects.order_by("planned_date", "id"))


def public_project(project_id: int) -> PublicProject:
    project = (
        Project.objects.filter(is_public=True, pk=project_id)
        .select_related("unit")
        .prefetch_related(_ordered_milestones())
        .first()
    )
    if project is None:
        raise Http404
    today = clock.today()
    warn_days = warn_days_of(project)
    milestones = tuple(
        PublicMilestone(
            m.name,
            m.planned_date,
            m.actual_date,
            rules.milestone_state(m.fact(), today=today, warn_days=warn_days),
        )
        for m in project.milestones.all()
    )
    updates = tuple(
        PublicUpdate(r.reported_on, r.percent, r.text)
        for r in ProgressReport.objects.filter(project=project).order_by("-reported_on", "-id")[
            :LATEST_UPDATES
        ]
    )
    photos = tuple(
        PublicPhoto(p.pk, p.caption, p.report.reported_on)
        for p in public_photos(project.pk).order_by("-report__reported_on", "-id")[:LATEST_PHOTOS]
    )
    return PublicProject(
        **_public_base(project, today),
        milestones=milestones,
        updates=updates,
        photos=photos,
    )


def public_photos(project_id: int):
    return ProgressPhoto.objects.filter(
        report__project_id=project_id, report__project__is_public=True, is_public=True
    ).select_related("report")


def public_photo(project_id: int, photo_id: int) -> ProgressPhoto:
    photo = public_photos(project_id).filter(pk=photo_id).first()
    if photo is None:
        raise Http404
    return photo
