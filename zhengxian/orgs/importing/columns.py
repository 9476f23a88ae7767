"""The file format, as data: sheet names, column headers and the Chinese labels of values.

The headers and labels are the format itself (what people type in Excel), so they are
Chinese literals here rather than translated strings.
"""

from __future__ import annotations

from ..models import UnitKind
from ..roles import Role

UNIT_SHEET = "单位"
PEOPLE_SHEET = "人员"
HELP_SHEET = "说明"

CODE = "单位编码"
UNIT_NAME = "单位名称"
KIND = "类型"
PARENT = "上级单位编码"
ORDER = "排序"

NAME = "姓名"
UNIT = "单位编码"
POSITION = "职务"
PHONE = "手机"
ACCOUNT = "账号"
ROLES = "角色"
ROLE_UNIT = "角色范围单位编码"
START_DATE = "任职日期"

UNIT_COLUMNS: tuple[str, ...] = (CODE, UNIT_NAME, KIND, PARENT, ORDER)
PERSON_COLUMNS: tuple[str, ...] = (
    NAME,
    UNIT,
    POSITION,
    PHONE,
    ACCOUNT,
    ROLES,
    ROLE_UNIT,
    START_DATE,
)
COLUMNS_OF_SHEET: dict[str, tuple[str, ...]] = {
    UNIT_SHEET: UNIT_COLUMNS,
    PEOPLE_SHEET: PERSON_COLUMNS,
}
REQUIRED: dict[str, frozenset[str]] = {
    UNIT_SHEET: frozenset({CODE, UNIT_NAME, KIND}),
    PEOPLE_SHEET: frozenset({NAME, UNIT}),
}

KIND_BY_LABEL: dict[str, str] = {
    "区": UnitKind.DISTRICT,
    "街道": UnitKind.SUBDISTRICT,
    "社区": UnitKind.COMMUNITY,
    "科室": UnitKind.OFFICE,
    "网格": UnitKind.GRID,
}
ROLE_BY_LABEL: dict[str, str] = {
    "作风办": Role.OFFICE,
    "考评员": Role.EVALUATOR,
    "单位负责人": Role.UNIT_LEADER,
    "干部": Role.CADRE,
    "包联领导": Role.PROJECT_LEAD,
    "纪检监督": Role.SUPERVISOR,
    "班子领导": Role.LEADERSHIP,
    "查看": Role.VIEWER,
}
# Roles in one cell are separated by commas (either width), 、 or semicolons.
ROLE_SEPARATORS = r"[,，、;；]+"
