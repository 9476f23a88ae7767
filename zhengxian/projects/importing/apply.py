"""Writes a checked plan in one transaction, through the services, so every write is audited."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction

from zhengxian.core import clock
from zhengxian.core.spreadsheets import refusals_of

from .. import services
from ..models import Milestone, Project
from .columns import MILESTONE_SHEET, PROJECT_SHEET, QUANTITY_SHEET
from .plan import ImportPlan, MilestoneRow, ProjectRow, QuantityRow

PROJECT_FIELDS = (
    "name",
    "category",
    "unit",
    "lead",
    "planned_start",
    "planned_end",
    "planned_investment",
    "location",
    "is_public",
    "warn_days",
    "description",
    "internal_note",
)


@dataclass
class ImportResult:
    projects_created: int = 0
    projects_updated: int = 0
    projects_unchanged: int = 0
    milestones_created: int = 0
    milestones_updated: int = 0
    quantities_saved: int = 0


def apply_plan(plan: ImportPlan, *, actor: Any) -> ImportResult:
    result = ImportResult()
    today = clock.today()
    projects: dict[str, Project] = {}
    with transaction.atomic():
        for project_row in plan.projects:
            with refusals_of(PROJECT_SHEET, project_row.row):
                projects[project_row.code] = _apply_project(actor, project_row, result)
        codes = {r.project_code for r in plan.milestones} | {
            r.project_code for r in plan.quantities
        }
        codes -= set(projects)
        projects.update(
            (p.code, p) for p in Project.objects.filter(code__in=codes).select_related("unit")
        )
        touched: set[str] = set()
        for milestone_row in plan.milestones:
            with refusals_of(MILESTONE_SHEET, milestone_row.row):
                _apply_milestone(actor, milestone_row, projects[milestone_row.project_code], result)
                touched.add(milestone_row.project_code)
        for quantity_row in plan.quantities:
            with refusals_of(QUANTITY_SHEET, quantity_row.row):
                _apply_quantity(actor, quantity_row, projects[quantity_row.project_code])
                result.quantities_saved += 1
        for code in sorted(touched):
            services.project_refresh_status(project=projects[code], today=today)
    return result


def _apply_project(actor: Any, row: ProjectRow, result: ImportResult) -> Project:
    fields = {name: getattr(row, name) for name in PROJECT_FIELDS}
    if row.existing is None:
        result.projects_created += 1
        return services.project_create(actor=actor, code=row.code, tags=row.tags, **fields)
    project = row.existing
    current_tags = sorted(project.tags.values_list("tag", flat=True))
    changed = {k: v for k, v in fields.items() if getattr(project, k) != v}
    if not changed and current_tags == sorted(set(row.tags)):
        result.projects_unchanged += 1
        return project
    result.projects_updated += 1
    return services.project_update(actor=actor, project=project, tags=row.tags, **changed)


def _apply_milestone(actor: Any, row: MilestoneRow, project: Project, result: ImportResult) -> None:
    assert row.planned_date is not None  # checked by the validation
    fields: dict[str, Any] = {
        "planned_date": row.planned_date,
        "actual_date": row.actual_date,
        "planned_percent": row.planned_percent,
        "note": row.note,
    }
    milestone = Milestone.objects.filter(project=project, name=row.name).first()
    if milestone is None:
        services.milestone_create(
            actor=actor, project=project, name=row.name, refresh=False, **fields
        )
        result.milestones_created += 1
        return
    if all(getattr(milestone, k) == v for k, v in fields.items()):
        return
    milestone.project = project
    services.milestone_update(actor=actor, milestone=milestone, refresh=False, **fields)
    result.milestones_updated += 1


def _apply_quantity(actor: Any, row: QuantityRow, project: Project) -> None:
    assert row.planned is not None  # checked by the validation
    services.quantity_set(
        actor=actor,
        project=project,
        name=row.name,
        measure=row.measure,
        planned=row.planned,
        completed=row.completed,
    )
