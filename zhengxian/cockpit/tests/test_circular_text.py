"""What the circular says, from the hand-worked data set of `circular_data.py`: the first
three, the largest climbers and fallers, the red and black lists, the units with overdue
matters and what the accepted appeal changed; and what each publication mode leaves out."""

from __future__ import annotations

import pytest
from django.utils import translation

from zhengxian.cockpit.circulars.figures import circular_figures
from zhengxian.cockpit.circulars.files import circular_of
from zhengxian.scoring.selectors import published_sheet, sheet_ranking

from .circular_data import build_circular_data

pytestmark = pytest.mark.django_db


def _text(period) -> str:
    with translation.override("en"):
        found = circular_of(period)
        assert found is not None
        return found[1].plain()


def test_the_figures_are_the_ranking_selectors_ranks_totals_and_movement(org):
    data = build_circular_data(org)
    figures = circular_figures(data.feb)
    assert figures is not None
    sheet = published_sheet(data.feb)
    for group in figures.groups:
        ranking = sheet_ranking(sheet, data.feb, group=group.code)
        expected = [(row.code, row.rank, row.total, row.movement) for row in ranking.rows]
        assert [(u.code, u.rank, u.total, u.movement) for u in group.lines] == expected


def test_the_text_names_the_first_three_with_their_points(org):
    text = _text(build_circular_data(org).feb)
    assert (
        "In 社区组 the first three are 江寺社区 (rank 1, 100.00 points), "
        "湘湖社区 (rank 2, 98.00 points), 城北社区 (rank 3, 95.00 points)."
    ) in text
    assert "In 科室组 the ranking is 党政办 (rank 1, 60.00 points)." in text


def test_the_text_names_the_largest_climbers_and_fallers_since_the_last_publication(org):
    text = _text(build_circular_data(org).feb)
    assert (
        "the largest climbers since 2026年01月 are 江寺社区 (up 4, now rank 1), "
        "城北社区 (up 1, now rank 3)"
    ) in text
    assert (
        "the largest fallers are 湖头陈社区 (down 2, now rank 4), 城南社区 (down 2, now rank 5), "
        "湘湖社区 (down 1, now rank 2)."
    ) in text
    assert "In 科室组 no unit changed its rank since 2026年01月." in text


def test_the_first_publication_has_no_movement_to_state(org):
    text = _text(build_circular_data(org).jan)
    assert "This is the first published period" in text and "climbers since" not in text


def test_the_text_names_the_red_and_black_lists(org):
    text = _text(build_circular_data(org).feb)
    assert (
        "社区组: red list 江寺社区 (rank 1, 100.00 points), 湘湖社区 (rank 2, 98.00 points); "
        "black list 湖头陈社区 (rank 4, 80.00 points), 城南社区 (rank 5, 65.00 points)."
    ) in text


def test_the_text_names_units_with_matters_overdue_at_the_end_of_the_period(org):
    data = build_circular_data(org)
    assert "past their deadline, with how many: 湘湖社区 (2)." in _text(data.feb)
    assert "no unit had a matter past its deadline" in _text(data.jan)


def test_the_text_says_what_the_accepted_appeal_changed(org):
    text = _text(build_circular_data(org).feb)
    assert "1 appeal was filed for this period; accepted: 1." in text
    assert (
        "the points of 湘湖社区 for “考评员评价” went from 30.00 to 38.00; its total from "
        "90.00 to 98.00 and its rank from 3 to 2."
    ) in text


def test_tiers_only_names_each_units_tier_and_no_points_or_ranks(org):
    text = _text(build_circular_data(org, mode="tiers").feb)
    assert (
        "In 社区组, 好: 江寺社区, 湘湖社区; 较好: 城北社区; 一般: 湖头陈社区; 较差: 城南社区."
        in text
    )
    assert "好 from 96 points" in text
    assert "its tier went from 较好 to 好" in text
    for absent in ("rank", "100.00", "98.00", "red list", "climbers"):
        assert absent not in text
    assert "湘湖社区 (2)" in text  # overdue matters are stated in every mode


def test_lists_only_names_the_red_and_black_lists_and_nothing_else_of_the_ranking(org):
    text = _text(build_circular_data(org, mode="lists").feb)
    assert "社区组: red list 江寺社区, 湘湖社区; black list 城南社区, 湖头陈社区." in text
    for absent in ("rank", "points", "first three", "climbers", "好"):
        assert absent not in text
    assert "the score of 湘湖社区 for “考评员评价” was corrected." in text


def test_a_period_without_a_publication_has_no_circular(org):
    assert circular_figures(build_circular_data(org).mar) is None
