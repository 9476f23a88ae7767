"""Reading a unit's materialised path (orgs/paths.py)."""

from __future__ import annotations

import pytest

from zhengxian.orgs.paths import path_ids, path_prefixes


@pytest.mark.parametrize(
    ("path", "ids"), [("/1/4/17/", (1, 4, 17)), ("/1/", (1,)), ("/", ()), ("", ())]
)
def test_path_ids_lists_the_units_from_the_root_down(path: str, ids: tuple[int, ...]) -> None:
    assert path_ids(path) == ids


def test_path_ids_remembered_value_cannot_be_changed_by_a_caller() -> None:
    # The value is shared by every caller of the same path (a score run reads each path
    # once per source), so it is a tuple: nothing a caller does to it reaches the next one.
    first = path_ids("/1/4/17/")
    assert path_ids("/1/4/17/") is first
    assert isinstance(first, tuple)


def test_path_prefixes_are_the_paths_of_the_unit_and_each_unit_above() -> None:
    assert path_prefixes("/1/4/17/") == ["/1/", "/1/4/", "/1/4/17/"]
