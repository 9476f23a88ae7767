"""The file format, as data. Headers and labels are what people type in Excel, so they are
Chinese literals rather than translated strings."""

from __future__ import annotations

from ..models import TargetKind

SHEET = "走访"
HELP_SHEET = "说明"

UNIT = "走访单位编码"
DATE = "走访日期"
VISITORS = "走访人"
KIND = "走访对象"
TARGET = "所在社区编码"
NAME = "企业/工地名称"
HOUSEHOLD = "住户"
SUMMARY = "走访情况"

COLUMNS: tuple[str, ...] = (UNIT, DATE, VISITORS, KIND, TARGET, NAME, HOUSEHOLD, SUMMARY)
REQUIRED = frozenset({UNIT, DATE, VISITORS, KIND, SUMMARY})

KIND_LABELS: dict[str, str] = {
    TargetKind.COMMUNITY: "社区",
    TargetKind.HOUSEHOLD: "住户",
    TargetKind.ENTERPRISE: "企业",
    TargetKind.SITE: "工地",
}
KIND_BY_LABEL: dict[str, str] = {
    **{label: code for code, label in KIND_LABELS.items()},
    "农户": TargetKind.HOUSEHOLD,
    "居民": TargetKind.HOUSEHOLD,
    "项目工地": TargetKind.SITE,
    **{code: code for code in TargetKind.values},
}
VISITOR_SEPARATORS = r"[,，、;；\s]+"
