"""Demo builder: the key projects, livelihood projects and special actions of 城厢街道.

The projects and actions are listed in `data.py`, dated relative to ``today``. Each is
created only when its code is missing (a second run writes nothing), through the services,
so every write is audited. Then the last six weeks are replayed day by day: the colours the
projects and tasks had on each day are recorded as StatusChange rows dated that day, so the
"turned yellow or red this week" list and the escalation ladder have a history to show.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from zhengxian.core.actors import system_actor
from zhengxian.orgs.models import Person, RoleAssignment, Unit
from zhengxian.orgs.roles import Role

from .. import services
from .. import status as rules
from ..models import ActionTask, Project, SpecialAction
from ..services.status import task_verdict_of, verdict_of
from .data import ACTIONS, PROJECTS, TASK_PATTERN, ProjectSpec
from .photos import placeholder_png

SUBDISTRICT = "CX"
REPLAY_DAYS = 42
REPORT_EVERY = 30
REPORT_HISTORY = 180
DEMO = system_actor("load_demo")
PHOTO_COLOURS = [
    ((120, 160, 200), (90, 90, 90)),
    ((160, 190, 140), (120, 100, 80)),
    ((210, 190, 150), (150, 60, 50)),
]


def build(*, today: dt.date, rng: random.Random) -> dict[str, Any]:
    units = {u.code: u for u in Unit.objects.filter(code__startswith=f"{SUBDISTRICT}-")}
    leads = _project_leads()
    existing = set(
        Project.objects.filter(code__in=[p.code for p in PROJECTS]).values_list("code", flat=True)
    )
    created: list[Project] = []
    for spec in PROJECTS:
        unit = units.get(f"{SUBDISTRICT}-{spec.unit}")
        if spec.code in existing or unit is None:
            continue
        created.append(_create_project(spec, unit, leads, today, rng))
    tasks = _create_actions(units, today)
    changes = _replay(created, tasks, today)
    return {
        "projects": len(PROJECTS),
        "projects created": len(created),
        "special actions": len(ACTIONS),
        "tasks created": len(tasks),
        "status changes": changes,
    }


def _project_leads() -> list[Person]:
    """The demo's project leads (包联领导), the memorable account first."""
    ids = RoleAssignment.objects.filter(role=Role.PROJECT_LEAD, unit__code=SUBDISTRICT).values(
        "person_id"
    )
    people = list(
        Person.objects.filter(pk__in=ids, is_active=True).select_related("user").order_by("pk")
    )
    people.sort(key=lambda p: (getattr(p.user, "username", "") != "project_lead", p.pk))
    return people


def _author(unit: Unit) -> Person | None:
    return (
        Person.objects.filter(
            unit=unit, is_active=True, roles__role__in=[Role.CADRE, Role.UNIT_LEADER]
        )
        .order_by("pk")
        .first()
    )


def _day(today: dt.date, offset: int) -> dt.date:
    return today + dt.timedelta(days=offset)


def _create_project(
    spec: ProjectSpec, unit: Unit, leads: list[Person], today: dt.date, rng: random.Random
) -> Project:
    start, end = _day(today, spec.start), _day(today, spec.end)
    project = services.project_create(
        actor=DEMO,
        code=spec.code,
        name=spec.name,
        category=spec.category,
        unit=unit,
        lead=leads[spec.lead % len(leads)] if leads else None,
        planned_start=start,
        planned_end=end,
        planned_investment=Decimal(spec.investment),
        location=spec.location,
        description=spec.description,
        internal_note=spec.note,
        is_public=spec.public,
        tags=spec.tags,
        is_demo=True,
        today=today,
        refresh=False,
    )
    checkpoints = []
    all_done = True
    for name, offset, late, percent in spec.milestones:
        planned = _day(today, offset)
        actual = planned + dt.timedelta(days=late) if late is not None else None
        if actual is not None and actual > today:
            actual = None
        all_done = all_done and actual is not None
        services.milestone_create(
            actor=DEMO,
            project=project,
            name=name,
            planned_date=planned,
            actual_date=actual,
            planned_percent=Decimal(percent) if percent is not None else None,
            today=today,
            refresh=False,
        )
        if percent is not None:
            checkpoints.append((planned, Decimal(percent)))
    for index, (name, measure, amount) in enumerate(spec.quantities):
        services.quantity_set(
            actor=DEMO,
            project=project,
            name=name,
            measure=measure,
            planned=Decimal(amount),
            order=index,
        )
    _reports(project, spec, checkpoints, finished=all_done and end < today, today=today, rng=rng)
    return project


def _reports(
    project: Project,
    spec: ProjectSpec,
    checkpoints: list[tuple[dt.date, Decimal]],
    *,
    finished: bool,
    today: dt.date,
    rng: random.Random,
) -> None:
    """Monthly reports up to two days ago, trailing the plan by the spec's lag."""
    first = max(
        project.planned_start + dt.timedelta(days=REPORT_EVERY), _day(today, -REPORT_HISTORY)
    )
    days = []
    day = _day(today, -2)
    while day >= first:
        days.append(day)
        day -= dt.timedelta(days=REPORT_EVERY)
    days.reverse()
    author = _author(project.unit)
    previous = Decimal(0)
    for index, day in enumerate(days):
        planned = rules.planned_progress(
            day, project.planned_start, project.planned_end, checkpoints
        )
        percent = max(Decimal(0), min(Decimal(100), planned - spec.lag))
        last = index == len(days) - 1
        if finished and last:
            percent = Decimal(100)
        percent = max(percent, previous)
        investment = (
            Decimal(spec.investment) * (percent - previous) / 100 * Decimal("0.95")
        ).quantize(Decimal("0.01"))
        quantities = {
            q.pk: (q.planned * percent / 100).quantize(Decimal(1)) for q in project.quantities.all()
        }
        photos = []
        if spec.public and index >= len(days) - 2:
            colour, stripe = PHOTO_COLOURS[rng.randrange(len(PHOTO_COLOURS))]
            photos.append(
                SimpleUploadedFile(
                    f"{spec.code}-{day:%Y%m%d}.png", placeholder_png(colour, stripe), "image/png"
                )
            )
        services.progress_report_create(
            actor=DEMO,
            project=project,
            reported_on=day,
            percent=percent,
            text=_report_text(spec, percent, investment),
            issues=spec.issues if last else "",
            investment=investment,
            author=author,
            quantities=quantities,
            photos=photos,
            captions=["施工现场"] * len(photos),
            today=today,
            refresh=False,
        )
        previous = percent


def _report_text(spec: ProjectSpec, percent: Decimal, investment: Decimal) -> str:
    if spec.public:
        return f"{spec.name}有序推进，累计完成{percent}%。"
    return f"{spec.name}按节点推进，形象进度{percent}%，本期完成投资{investment}万元。"


def _create_actions(units: dict[str, Unit], today: dt.date) -> list[ActionTask]:
    existing = {a.code: a for a in SpecialAction.objects.filter(code__in=[a.code for a in ACTIONS])}
    created: list[ActionTask] = []
    serial = 0
    for spec in ACTIONS:
        organiser = units.get(f"{SUBDISTRICT}-{spec.unit}")
        if organiser is None:
            continue
        action = existing.get(spec.code) or services.special_action_create(
            actor=DEMO,
            code=spec.code,
            name=spec.name,
            unit=organiser,
            description=spec.description,
            is_demo=True,
        )
        have = set(action.tasks.values_list("unit__code", "name"))
        for order, (name, owners) in enumerate(spec.tasks):
            for suffix in owners:
                serial += 1
                owner = units.get(f"{SUBDISTRICT}-{suffix}")
                if owner is None or (owner.code, name) in have:
                    continue
                offset, late = TASK_PATTERN[serial % len(TASK_PATTERN)]
                deadline = _day(today, offset)
                done = deadline + dt.timedelta(days=late) if late is not None else None
                created.append(
                    services.action_task_create(
                        actor=DEMO,
                        action=action,
                        name=name,
                        unit=owner,
                        deadline=deadline,
                        done_on=done if done is not None and done <= today else None,
                        order=order,
                        today=today,
                        refresh=False,
                    )
                )
    return created


def _replay(projects: list[Project], tasks: list[ActionTask], today: dt.date) -> int:
    """Records the colours of the last REPLAY_DAYS days, oldest first, then today's."""
    changes = 0
    for project in projects:
        milestones = list(project.milestones.all())
        reports = list(project.reports.values_list("reported_on", "percent"))
        for back in range(REPLAY_DAYS, -1, -1):
            day = _day(today, -back)
            verdict = verdict_of(project, today=day, milestones=milestones, reports=reports)
            if services.project_refresh_status(
                project=project, today=day, verdict=verdict, notify_lead=False
            ):
                changes += 1
    for task in tasks:
        for back in range(REPLAY_DAYS, -1, -1):
            day = _day(today, -back)
            if services.task_refresh_status(
                task=task, today=day, verdict=task_verdict_of(task, today=day)
            ):
                changes += 1
    return changes
