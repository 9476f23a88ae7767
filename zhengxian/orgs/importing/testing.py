"""Helpers for tests: build import workbooks in memory and post them to the import page."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from zhengxian.core.spreadsheets.testing import Rows, upload, workbook_bytes

from .columns import PEOPLE_SHEET, PERSON_COLUMNS, UNIT_COLUMNS, UNIT_SHEET

__all__ = ["Rows", "person_row", "unit_row", "upload", "xlsx"]


def unit_row(
    code: Any, name: str = "新单位", kind: str = "社区", parent: Any = "CX", order: Any = None
) -> dict[str, Any]:
    return {"单位编码": code, "单位名称": name, "类型": kind, "上级单位编码": parent, "排序": order}


def person_row(name: str = "新人", unit: Any = "CX-XH", **cells: Any) -> dict[str, Any]:
    """A 人员 row; ``cells`` are other columns by header (e.g. ``**{"账号": "zs"}``)."""
    return {"姓名": name, "单位编码": unit, **cells}


def xlsx(
    *,
    units: Rows | None = None,
    people: Rows | None = None,
    unit_headers: Sequence[str] = UNIT_COLUMNS,
    person_headers: Sequence[str] = PERSON_COLUMNS,
    extra_sheets: Sequence[str] = (),
) -> bytes:
    """A workbook with a 单位 sheet when ``units`` is given, a 人员 sheet when ``people`` is."""
    return workbook_bytes(
        [(UNIT_SHEET, unit_headers, units), (PEOPLE_SHEET, person_headers, people)],
        extra_sheets=extra_sheets,
    )
