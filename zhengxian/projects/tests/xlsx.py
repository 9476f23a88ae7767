"""Builds project workbooks for the import tests."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from zhengxian.core.spreadsheets import testing
from zhengxian.core.spreadsheets.testing import Rows
from zhengxian.projects.importing.columns import (
    MILESTONE_COLUMNS,
    MILESTONE_SHEET,
    PROJECT_COLUMNS,
    PROJECT_SHEET,
    QUANTITY_COLUMNS,
    QUANTITY_SHEET,
)


def project_row(code: str = "XM-1", **cells: Any) -> dict[str, Any]:
    row = {
        "项目编码": code,
        "项目名称": f"项目{code}",
        "类别": "赛项目活力",
        "责任单位编码": "CX-XH",
        "计划开始": "2026-01-01",
        "计划完成": "2026-12-31",
        "计划投资（万元）": 1000,
        "公开": "否",
    }
    row.update(cells)
    return row


def milestone_row(
    code: str = "XM-1", name: str = "主体结顶", planned: Any = "2026-06-30", **cells: Any
) -> dict[str, Any]:
    return {"项目编码": code, "节点名称": name, "计划日期": planned, **cells}


def quantity_row(code: str = "XM-1", name: str = "改造面积", **cells: Any) -> dict[str, Any]:
    return {"项目编码": code, "实物量名称": name, "计量单位": "平方米", "计划量": 40000, **cells}


def xlsx(
    *,
    projects: Rows | None = None,
    milestones: Rows | None = None,
    quantities: Rows | None = None,
    project_headers: Sequence[str] = PROJECT_COLUMNS,
) -> bytes:
    return testing.workbook_bytes(
        [
            (PROJECT_SHEET, project_headers, projects),
            (MILESTONE_SHEET, MILESTONE_COLUMNS, milestones),
            (QUANTITY_SHEET, QUANTITY_COLUMNS, quantities),
        ]
    )


def upload(data: bytes, name: str = "projects.xlsx") -> SimpleUploadedFile:
    return testing.upload(data, name)
