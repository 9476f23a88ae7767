"""Cell values as Excel gives them: numbers for codes and phones, dates in several forms."""

from __future__ import annotations

import datetime as dt

import pytest

from zhengxian.core.spreadsheets import cells


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, ""),
        ("  CX-01 \u3000", "CX-01"),
        (13800000000, "13800000000"),
        (13800000000.0, "13800000000"),
        (1.5, "1.5"),
        (dt.datetime(2023, 3, 1), "2023-03-01"),
    ],
)
def test_text(value, expected):
    assert cells.text(value) == expected


def test_phone_drops_inner_spaces():
    assert cells.phone(" 138 0000 0000 ") == "13800000000"


@pytest.mark.parametrize(
    ("value", "expected"), [(None, None), ("", None), (3, 3), (3.0, 3), (" -2 ", -2), ("4.0", 4)]
)
def test_whole_number(value, expected):
    assert cells.whole_number(value) == expected


@pytest.mark.parametrize("value", ["第一", 1.5, "1.5", True, 2**40])
def test_whole_number_refuses(value):
    with pytest.raises(ValueError):
        cells.whole_number(value)


@pytest.mark.parametrize(
    "value",
    [
        dt.date(2023, 3, 1),
        dt.datetime(2023, 3, 1, 8, 30),
        "2023-03-01",
        "2023/3/1",
        "2023.03.01",
        "2023年3月1日",
        "20230301",
        20230301,
    ],
)
def test_date_accepts_the_usual_forms(value):
    assert cells.date(value) == dt.date(2023, 3, 1)


@pytest.mark.parametrize(
    "value", ["2023-02-30", "昨天", "3/1/2023", 45000.5, dt.time(8, 0), "1800-01-01"]
)
def test_date_refuses_the_rest(value):
    with pytest.raises(ValueError):
        cells.date(value)
