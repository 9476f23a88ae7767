"""The file format, as data. Headers and value labels are what people type in Excel, so
they are Chinese literals rather than translated strings."""

from __future__ import annotations

from ..models import Category

PROJECT_SHEET = "项目"
MILESTONE_SHEET = "节点"
QUANTITY_SHEET = "实物量"
STATUS_SHEET = "进度"  # export only; the import ignores it
HELP_SHEET = "说明"

CODE = "项目编码"
NAME = "项目名称"
CATEGORY = "类别"
UNIT = "责任单位编码"
LEAD = "包联领导账号"
START = "计划开始"
END = "计划完成"
INVESTMENT = "计划投资（万元）"
LOCATION = "地点"
TAGS = "标签"
PUBLIC = "公开"
WARN_DAYS = "预警天数"
DESCRIPTION = "项目简介"
NOTE = "内部备注"

MILESTONE = "节点名称"
PLANNED = "计划日期"
ACTUAL = "实际完成日期"
PERCENT = "计划进度（%）"

QUANTITY = "实物量名称"
MEASURE = "计量单位"
QUANTITY_PLANNED = "计划量"
QUANTITY_DONE = "完成量"

PROJECT_COLUMNS: tuple[str, ...] = (
    CODE,
    NAME,
    CATEGORY,
    UNIT,
    LEAD,
    START,
    END,
    INVESTMENT,
    LOCATION,
    TAGS,
    PUBLIC,
    WARN_DAYS,
    DESCRIPTION,
    NOTE,
)
MILESTONE_COLUMNS: tuple[str, ...] = (CODE, MILESTONE, PLANNED, ACTUAL, PERCENT, NOTE)
QUANTITY_COLUMNS: tuple[str, ...] = (CODE, QUANTITY, MEASURE, QUANTITY_PLANNED, QUANTITY_DONE)

COLUMNS_OF_SHEET: dict[str, tuple[str, ...]] = {
    PROJECT_SHEET: PROJECT_COLUMNS,
    MILESTONE_SHEET: MILESTONE_COLUMNS,
    QUANTITY_SHEET: QUANTITY_COLUMNS,
}
REQUIRED: dict[str, frozenset[str]] = {
    PROJECT_SHEET: frozenset({CODE, NAME, CATEGORY, UNIT, START, END}),
    MILESTONE_SHEET: frozenset({CODE, MILESTONE, PLANNED}),
    QUANTITY_SHEET: frozenset({CODE, QUANTITY, MEASURE, QUANTITY_PLANNED}),
}

# The five competitions (五赛) and the five key tasks they stand for; codes work too.
CATEGORY_LABELS: dict[str, str] = {
    Category.ECONOMY: "赛项目活力",
    Category.CONSTRUCTION: "赛美丽颜值",
    Category.LIVELIHOOD: "赛精准服务",
    Category.GOVERNANCE: "赛平安实绩",
    Category.PARTY: "赛优良作风",
}
CATEGORY_BY_LABEL: dict[str, str] = {
    **{label: code for code, label in CATEGORY_LABELS.items()},
    "经济活力": Category.ECONOMY,
    "城市建设": Category.CONSTRUCTION,
    "民生实事": Category.LIVELIHOOD,
    "社会治理": Category.GOVERNANCE,
    "党建标杆": Category.PARTY,
    **{code: code for code in Category.values},
}

# Chinese names people may type for the tags the preset campaign uses.
TAG_BY_LABEL: dict[str, str] = {
    "征迁": "relocation",
    "安置房": "resettlement",
    "村级留用地": "retained-land",
    "留用地": "retained-land",
    "老旧小区改造": "old-community-renovation",
    "亚运": "asian-games",
}
TAG_SEPARATORS = r"[,，、;；\s]+"

YES = frozenset({"是", "公开", "y", "yes", "true", "1", "√"})
NO = frozenset({"否", "不公开", "n", "no", "false", "0", ""})
