"""Re-deriving colours and recording each change as a StatusChange row.

Called by every service that changes what a colour depends on, and by the daily command
`refresh_project_status` (time alone turns a milestone overdue). A change to yellow or red
notifies the project's lead leader.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from zhengxian.campaigns.models import month_key
from zhengxian.core import clock
from zhengxian.core.notification_kinds import Kind, Priority
from zhengxian.core.notifications import notify

from .. import status as rules
from ..models import ActionTask, Milestone, ProgressReport, Project, StatusChange


def default_warn_days() -> int:
    return int(getattr(settings, "ZHENGXIAN_WARN_DAYS", rules.DEFAULT_WARN_DAYS))


def warn_days_of(project: Project) -> int:
    return project.warn_days if project.warn_days is not None else default_warn_days()


def verdict_of(
    project: Project,
    *,
    today: dt.date,
    milestones: Iterable[Milestone] | None = None,
    reports: Iterable[tuple[dt.date, object]] | None = None,
) -> rules.Verdict:
    """The project's colour as of ``today``; pass ``milestones``/``reports`` to save queries."""
    if milestones is None:
        milestones = project.milestones.all()
    if reports is None:
        reports = project.reports.values_list("reported_on", "percent")
    return rules.project_verdict(
        today=today,
        planned_start=project.planned_start,
        planned_end=project.planned_end,
        milestones=[m.fact() for m in milestones],
        reports=list(reports),  # type: ignore[arg-type]
        warn_days=warn_days_of(project),
    )


def task_verdict_of(task: ActionTask, *, today: dt.date) -> rules.Verdict:
    done_on = task.done_on if task.done_on is not None and task.done_on <= today else None
    return rules.task_verdict(
        today=today, deadline=task.deadline, done_on=done_on, warn_days=default_warn_days()
    )


def _changed_at(today: dt.date) -> dt.datetime:
    """Now, or the start of ``today`` when a past day is being replayed."""
    now = clock.now()
    if timezone.localdate(now) == today:
        return now
    return timezone.make_aware(dt.datetime.combine(today, dt.time(8, 0)))


@transaction.atomic
def project_refresh_status(
    *,
    project: Project,
    today: dt.date | None = None,
    verdict: rules.Verdict | None = None,
    notify_lead: bool = True,
) -> StatusChange | None:
    """Stores the project's derived colour; a StatusChange row when it is not the stored one."""
    today = today or clock.today()
    verdict = verdict or verdict_of(project, today=today)
    detail = verdict.as_json()
    first = project.status_since is None
    if not first and verdict.status == project.status:
        if detail != project.status_detail:
            project.status_detail = detail
            project.save(update_fields=["status_detail"])
        return None
    old = "" if first else project.status
    project.status = verdict.status
    project.status_detail = detail
    project.status_since = today
    project.save(update_fields=["status", "status_detail", "status_since"])
    change = StatusChange.objects.create(
        project=project,
        unit_id=project.unit_id,
        old_status=old,
        new_status=verdict.status,
        detail=detail,
        day=today,
        month=month_key(today),
        changed_at=_changed_at(today),
    )
    if notify_lead and verdict.status != rules.GREEN and project.lead_id:
        lead_user = getattr(project.lead, "user", None)
        if lead_user is not None:
            notify(
                recipients=[lead_user],
                text=_("%(project)s turned %(status)s: %(reason)s")
                % {
                    "project": project.name,
                    "status": project.get_status_display(),
                    "reason": verdict.reason,
                },
                url=reverse("projects:project_detail", args=[project.pk]),
                kind=Kind.PROJECT_STATUS,
                priority=Priority.URGENT if verdict.status == rules.RED else None,
                group=f"project:{project.pk}",
                group_label=project.name,
                unit=project.unit,
            )
    return change


@transaction.atomic
def task_refresh_status(
    *, task: ActionTask, today: dt.date | None = None, verdict: rules.Verdict | None = None
) -> StatusChange | None:
    today = today or clock.today()
    verdict = verdict or task_verdict_of(task, today=today)
    detail = verdict.as_json()
    first = task.status_since is None
    if not first and verdict.status == task.status:
        if detail != task.status_detail:
            task.status_detail = detail
            task.save(update_fields=["status_detail"])
        return None
    old = "" if first else task.status
    task.status = verdict.status
    task.status_detail = detail
    task.status_since = today
    task.save(update_fields=["status", "status_detail", "status_since"])
    return StatusChange.objects.create(
        task=task,
        unit_id=task.unit_id,
        old_status=old,
        new_status=verdict.status,
        detail=detail,
        day=today,
        month=month_key(today),
        changed_at=_changed_at(today),
    )


@dataclass(frozen=True)
class RefreshResult:
    projects: int
    tasks: int
    changes: int


def refresh_all(*, today: dt.date | None = None, notify_lead: bool = True) -> RefreshResult:
    """Re-derives every project and task as of ``today`` in a few queries (the daily job)."""
    today = today or clock.today()
    milestones: dict[int, list[Milestone]] = defaultdict(list)
    for milestone in Milestone.objects.order_by("project_id", "planned_date"):
        milestones[milestone.project_id].append(milestone)
    reports: dict[int, list[tuple[dt.date, object]]] = defaultdict(list)
    for project_id, day, percent in ProgressReport.objects.values_list(
        "project_id", "reported_on", "percent"
    ):
        reports[project_id].append((day, percent))
    changes = 0
    projects = list(Project.objects.select_related("lead__user"))
    for project in projects:
        verdict = verdict_of(
            project, today=today, milestones=milestones[project.pk], reports=reports[project.pk]
        )
        with transaction.atomic():
            if project_refresh_status(
                project=project, today=today, verdict=verdict, notify_lead=notify_lead
            ):
                changes += 1
    tasks = list(ActionTask.objects.all())
    for task in tasks:
        with transaction.atomic():
            if task_refresh_status(task=task, today=today):
                changes += 1
    return RefreshResult(projects=len(projects), tasks=len(tasks), changes=changes)
