"""The circular's workbook read back with openpyxl: sheets per mode, frozen headers, print
areas, and figures equal to the ranking selector's."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from zhengxian.scoring.selectors import published_sheet, sheet_ranking, sheet_ranking_pages

from .circular_data import build_circular_data

pytestmark = pytest.mark.django_db


def _workbook(org, as_user, mode: str = "full"):
    data = build_circular_data(org, mode=mode)
    answer = as_user("office").get(reverse("cockpit:circular_xlsx", args=[data.feb.pk]))
    assert answer.status_code == 200
    assert answer["Content-Disposition"].endswith('-circular.xlsx"')
    return data, load_workbook(io.BytesIO(answer.content))


def _table(sheet) -> list[dict[str, object]]:
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    header = rows[0]
    return [dict(zip(header, row, strict=True)) for row in rows[1:]]


def test_a_full_publication_has_a_ranking_per_group_the_lists_and_a_sheet_per_dimension(
    org, as_user
):
    _, book = _workbook(org, as_user)
    assert book.sheetnames == ["社区组", "科室组", "Red and black lists", "实干", "作风", "About"]


def test_each_ranking_sheet_holds_the_ranking_selectors_figures_with_leaf_points(org, as_user):
    data, book = _workbook(org, as_user)
    sheet = published_sheet(data.feb)
    ranking = sheet_ranking(sheet, data.feb, group="community")
    rows = _table(book["社区组"])
    assert [(r["Rank"], r["Unit code"], Decimal(str(r["Total"])), r["Movement"]) for r in rows] == [
        (row.rank, row.code, row.total, row.movement) for row in ranking.rows
    ]
    xianghu = next(r for r in rows if r["Unit code"] == "CX-XH")
    assert xianghu["考评员评价 (40)"] == 38 and xianghu["作风 (40)"] == 38
    assert xianghu["Previous rank"] == 1 and xianghu["List"] == "Red list"
    assert next(r for r in rows if r["Unit code"] == "CX-CN")["List"] == "Black list"


def test_headers_stay_in_view_and_every_sheet_prints_its_area(org, as_user):
    _, book = _workbook(org, as_user)
    community = book["社区组"]
    assert community.freeze_panes == "D3"  # title and header rows; rank, code and unit
    assert community.page_setup.orientation == "landscape"
    # 4 + 2 dimensions + 4 leaves + bonus, penalty, previous rank, movement, list: A … O.
    assert community.print_area == "'社区组'!$A$1:$O$7"
    for sheet in book.worksheets:
        assert sheet.freeze_panes is not None and sheet.print_title_rows == "$1:$2"
        last = sheet.cell(2, sheet.max_column).column_letter
        assert sheet.print_area == f"'{sheet.title}'!$A$1:${last}${sheet.max_row}"


def test_the_dimension_sheet_lists_every_unit_with_the_dimensions_leaves(org, as_user):
    _, book = _workbook(org, as_user)
    rows = _table(book["实干"])
    assert list(rows[0]) == [
        "Group",
        "Rank",
        "Unit",
        "红色物业创建 (20)",
        "擂台比武 (20)",
        "居民考官团评分 (20)",
        "实干 (60)",
    ]
    assert len(rows) == 6 and all(row["实干 (60)"] == 60 for row in rows)


def test_tiers_only_gives_each_units_tier_and_no_points(org, as_user):
    _, book = _workbook(org, as_user, mode="tiers")
    assert book.sheetnames == ["社区组", "科室组", "About"]
    rows = _table(book["社区组"])
    assert [(r["Unit"], r["Tier"]) for r in rows] == [
        ("江寺社区", "好"),
        ("湘湖社区", "好"),
        ("城北社区", "较好"),
        ("湖头陈社区", "一般"),
        ("城南社区", "较差"),
    ]
    assert list(rows[0]) == ["Unit code", "Unit", "Tier"]


def test_lists_only_gives_the_red_and_black_lists_without_ranks_or_points(org, as_user):
    _, book = _workbook(org, as_user, mode="lists")
    assert book.sheetnames == ["Red and black lists", "About"]
    rows = _table(book["Red and black lists"])
    assert list(rows[0]) == ["Group", "List", "Unit code", "Unit"]
    assert [(r["List"], r["Unit"]) for r in rows if r["Group"] == "社区组"] == [
        ("Red list", "江寺社区"),
        ("Red list", "湘湖社区"),
        ("Black list", "城南社区"),
        ("Black list", "湖头陈社区"),
    ]


def test_the_circular_reads_every_page_of_every_group_in_rank_order(org):
    data = build_circular_data(org)
    sheet = published_sheet(data.feb)
    pages = list(sheet_ranking_pages(sheet, data.feb, per_page=2))
    whole = {
        tab.code: sheet_ranking(sheet, data.feb, group=tab.code, per_page=100).rows
        for tab in pages[0].groups
    }
    read = {}
    for ranking in pages:
        assert len(ranking.rows) <= 2
        read.setdefault(ranking.group.code, []).extend(ranking.rows)
    assert read == whole
    assert len(pages) > len(whole)  # the community group took more than one page
