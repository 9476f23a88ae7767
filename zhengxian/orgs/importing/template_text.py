"""The Chinese text of the downloadable template: column notes, instructions, examples.

The template is a Chinese file format (its headers are the format), so its help text is
written here in Chinese, next to the format it explains.
"""

from __future__ import annotations

import datetime as dt

from .columns import (
    ACCOUNT,
    CODE,
    KIND,
    NAME,
    ORDER,
    PARENT,
    PHONE,
    POSITION,
    ROLE_UNIT,
    ROLES,
    START_DATE,
    UNIT,
    UNIT_NAME,
)

UNIT_NOTES: dict[str, str] = {
    CODE: "必填。1–32 位字母、数字、点、横线或下划线，文件内不能重复。"
    "填写系统中已有的编码（须在您的管理范围内）则更新该单位。",
    UNIT_NAME: "必填，最多 100 字。",
    KIND: "必填：区、街道、社区、科室、网格 之一。",
    PARENT: "必填（顶级单位除外）：本表中任一行的单位编码，"
    "或系统中已有且在您管理范围内的单位编码。",
    ORDER: "选填：整数，数字小的排在前面。",
}
PERSON_NOTES: dict[str, str] = {
    NAME: "必填，最多 50 字。",
    UNIT: "必填：单位表中的单位编码，或系统中已有且在您管理范围内的单位编码。",
    POSITION: "选填，最多 50 字。",
    PHONE: "选填：11 位手机号，或座机号如 0571-82345678。",
    ACCOUNT: "选填：登录账号，全系统唯一。填写后系统生成一次性密码，导入完成后只显示一次。",
    ROLES: "选填：多个角色用逗号或顿号分隔，可选：作风办、考评员、单位负责人、干部、"
    "包联领导、纪检监督、班子领导、查看。",
    ROLE_UNIT: "选填：角色管辖的单位编码，默认为本人所在单位；角色对该单位及其下级单位有效。",
    START_DATE: "选填：日期，如 2023-03-01。",
}
ROLE_DESCRIPTIONS: dict[str, str] = {
    "作风办": "活动办公室：管理活动、指标和排名发布，导入单位和人员",
    "考评员": "录入考评、加减分，处理申诉",
    "单位负责人": "管理本单位的人员、项目和事项，查看得分并申诉",
    "干部": "登记走访、事项进展和签到",
    "包联领导": "关注重点项目及其节点",
    "纪检监督": "记录监督日发现的问题，跟踪整改",
    "班子领导": "查看驾驶舱、排名和预警",
    "查看": "只读查看",
}


def instructions(*, max_rows: int, max_size: str) -> list[str]:
    return [
        "单位和人员导入说明",
        "1. 第 1 行是表头，请勿修改、删除或增加列；列的顺序可以调整。",
        "2. 第 2 行起是示例数据，请替换为实际数据；保留的示例行也会被导入。",
        "3. 导入前系统检查每一行：只要有一处错误，整个文件都不导入，"
        "并列出每个错误所在的工作表、行、列和原因。修改后重新上传即可。",
        f"4. 文件须为 .xlsx 格式、不设密码，大小不超过 {max_size}，数据不超过 {max_rows} 行。",
        "5. 先导入单位表，再导入人员表：人员可以引用本文件中新建的单位。",
        "6. 只能新建或更新您管理范围内的单位和人员。",
        "7. 新账号的一次性密码只在导入完成后显示一次，请及时转交本人；首次登录须修改密码。",
    ]


def example_units(parent_code: str) -> list[tuple[object, ...]]:
    return [
        ("EXAMPLE-SQ", "示例社区", "社区", parent_code, 1),
        ("EXAMPLE-SQ-G1", "示例社区第一网格", "网格", "EXAMPLE-SQ", 1),
    ]


def example_people(unit_code: str, grid_code: str) -> list[tuple[object, ...]]:
    return [
        (
            "张示例",
            unit_code,
            "社区书记",
            "13800000000",
            "example_zhang",
            "单位负责人",
            unit_code,
            dt.date(2023, 1, 1),
        ),
        ("李示例", grid_code, "网格员", "13900000000", "", "干部、查看", "", dt.date(2023, 3, 1)),
    ]
