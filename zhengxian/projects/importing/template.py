"""The downloadable .xlsx template: instructions, then 项目, 节点 and 实物量 with examples."""

from __future__ import annotations

import datetime as dt

from openpyxl import Workbook

from .columns import (
    CATEGORY_LABELS,
    HELP_SHEET,
    MILESTONE_COLUMNS,
    MILESTONE_SHEET,
    PROJECT_COLUMNS,
    PROJECT_SHEET,
    QUANTITY_COLUMNS,
    QUANTITY_SHEET,
    TAG_BY_LABEL,
)
from .sheets import data_sheet, to_bytes

TEMPLATE_FILENAME = "重点项目导入模板.xlsx"

HELP_LINES = [
    "重点项目导入说明",
    "",
    "1. 「项目」每行一个项目，「节点」每行一个节点，「实物量」每行一项实物量；红色表头为必填列。",
    "2. 项目编码唯一：已存在的编码会按本行更新该项目（空白的选填列会被清空），新编码则新建项目。",
    "3. 节点和实物量按「项目编码 + 名称」对应：已有的更新，没有的新建；"
    "文件中没有的节点不会被删除。",
    "4. 类别填五赛之一："
    + "、".join(CATEGORY_LABELS.values())
    + "（也可填经济活力、城市建设、民生实事、社会治理、党建标杆）。",
    "5. 日期写作 2023-03-01、2023/3/1 或 2023年3月1日；金额单位为万元。",
    "6. 标签用逗号分隔，可填：" + "、".join(TAG_BY_LABEL) + "，或英文代码（如 relocation）。",
    "7. 公开填「是」的项目（民生实事）会在公开页面展示进度、节点和照片；内部备注永不公开。",
    "8. 先检查全部行：任何一行有问题，整个文件都不导入。",
]


def build_template(*, unit_code: str, today: dt.date) -> bytes:
    book = Workbook()
    help_sheet = book.active
    help_sheet.title = HELP_SHEET
    for line in HELP_LINES:
        help_sheet.append([line])
    help_sheet.column_dimensions["A"].width = 110
    start = dt.date(today.year, 1, 1)
    end = dt.date(today.year, 12, 31)
    data_sheet(
        book,
        PROJECT_SHEET,
        PROJECT_COLUMNS,
        [
            [
                "XM-001",
                "示例项目（请替换）",
                "赛美丽颜值",
                unit_code,
                "",
                start,
                end,
                1200,
                "城厢街道",
                "老旧小区改造",
                "否",
                "",
                "项目简介，公开项目会展示",
                "内部备注，不公开",
            ]
        ],
    )
    data_sheet(
        book,
        MILESTONE_SHEET,
        MILESTONE_COLUMNS,
        [
            ["XM-001", "方案审批", dt.date(today.year, 3, 31), "", 10, ""],
            ["XM-001", "开工建设", dt.date(today.year, 6, 30), "", 40, ""],
            ["XM-001", "竣工验收", dt.date(today.year, 12, 15), "", 95, ""],
        ],
    )
    data_sheet(book, QUANTITY_SHEET, QUANTITY_COLUMNS, [["XM-001", "改造面积", "平方米", 40000, 0]])
    return to_bytes(book)
