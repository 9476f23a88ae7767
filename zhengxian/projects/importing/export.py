"""Exports projects as the import sheets (so the file imports back unchanged) plus 进度."""

from __future__ import annotations

from collections.abc import Iterable

from openpyxl import Workbook

from ..models import Milestone, Project, ProjectTag, Quantity
from .columns import (
    CATEGORY_LABELS,
    MILESTONE_COLUMNS,
    MILESTONE_SHEET,
    PROJECT_COLUMNS,
    PROJECT_SHEET,
    QUANTITY_COLUMNS,
    QUANTITY_SHEET,
    STATUS_SHEET,
)
from .sheets import data_sheet, to_bytes

STATUS_COLUMNS = (
    "项目编码",
    "项目名称",
    "状态",
    "原因",
    "进度（%）",
    "进度日期",
    "已完成投资（万元）",
    "投资完成率",
)
STATUS_LABELS = {"green": "绿灯", "yellow": "黄灯", "red": "红灯"}


def export_projects(projects: Iterable[Project]) -> bytes:
    rows = list(projects)
    ids = [p.pk for p in rows]
    tags: dict[int, list[str]] = {}
    for project_id, tag in (
        ProjectTag.objects.filter(project_id__in=ids)
        .order_by("tag")
        .values_list("project_id", "tag")
    ):
        tags.setdefault(project_id, []).append(tag)
    code_of = {p.pk: p.code for p in rows}
    book = Workbook()
    book.remove(book.active)
    data_sheet(
        book,
        PROJECT_SHEET,
        PROJECT_COLUMNS,
        [
            [
                p.code,
                p.name,
                CATEGORY_LABELS[p.category],
                p.unit.code,
                p.lead.user.get_username() if p.lead and p.lead.user else "",
                p.planned_start,
                p.planned_end,
                p.planned_investment,
                p.location,
                ",".join(tags.get(p.pk, [])),
                "是" if p.is_public else "否",
                p.warn_days if p.warn_days is not None else "",
                p.description,
                p.internal_note,
            ]
            for p in rows
        ],
    )
    milestones = Milestone.objects.filter(project_id__in=ids).order_by(
        "project_id", "planned_date", "id"
    )
    data_sheet(
        book,
        MILESTONE_SHEET,
        MILESTONE_COLUMNS,
        [
            [
                code_of[m.project_id],
                m.name,
                m.planned_date,
                m.actual_date or "",
                m.planned_percent if m.planned_percent is not None else "",
                m.note,
            ]
            for m in milestones
        ],
    )
    quantities = Quantity.objects.filter(project_id__in=ids).order_by("project_id", "order", "id")
    data_sheet(
        book,
        QUANTITY_SHEET,
        QUANTITY_COLUMNS,
        [[code_of[q.project_id], q.name, q.measure, q.planned, q.completed] for q in quantities],
    )
    status = book.create_sheet(STATUS_SHEET)
    status.append(list(STATUS_COLUMNS))
    for p in rows:
        rate = p.investment_rate()
        status.append(
            [
                p.code,
                p.name,
                STATUS_LABELS.get(p.status, p.status),
                p.status_reason(),
                p.progress,
                p.progress_on or "",
                p.completed_investment,
                float(rate) if rate is not None else "",
            ]
        )
    return to_bytes(book)
