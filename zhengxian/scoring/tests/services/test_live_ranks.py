"""The live ranking's rows after a few units moved equal the rows of ranking every group
afresh: same order, same competition ranks, ties included."""

from __future__ import annotations

import random
from decimal import Decimal

import pytest

from zhengxian.scoring.services.live_ranks import FEW_MOVED, ranked_rows

CAPS = (Decimal("5"), Decimal("10"))


def _rank(sums, groups, *, bonus=None, only=None, previous=(), moved=frozenset()):
    return ranked_rows(
        sums,
        groups=groups,
        bonus=bonus or {},
        penalty={},
        caps=CAPS,
        only=only,
        previous=previous,
        moved=moved,
    )


@pytest.mark.parametrize("seed", range(12))
@pytest.mark.parametrize("how_many", [1, 3, FEW_MOVED, FEW_MOVED + 1])
def test_moving_a_few_units_gives_the_rows_of_a_full_ranking(seed, how_many):
    rng = random.Random(seed)
    groups = {"community": list(range(1, 301)), "office": list(range(301, 341))}
    # Few distinct totals, so that ties are common and ranks skip.
    sums = {
        unit: Decimal(rng.choice(["80.00", "85.50", "90.25", "90.26", "99.99"]))
        for unit in range(1, 341)
    }
    before = _rank(sums, groups)

    moved = set(rng.sample(groups["community"], how_many))
    for unit in moved:
        sums[unit] += Decimal(rng.choice(["-10.25", "-0.01", "0.01", "4.75", "0"]))
    bonus = {unit: Decimal("2") for unit in moved if unit % 2}

    again = _rank(sums, groups, bonus=bonus, only={"community"}, previous=before, moved=moved)

    assert again == _rank(sums, groups, bonus=bonus)


def test_a_unit_that_moves_to_the_top_or_bottom_takes_the_first_or_last_rank():
    groups = {"g": [1, 2, 3, 4]}
    sums = {1: Decimal("50"), 2: Decimal("60"), 3: Decimal("60"), 4: Decimal("70")}
    before = _rank(sums, groups)
    assert [row[3] for row in before] == [1, 2, 2, 4]

    sums[1] = Decimal("80")
    top = _rank(sums, groups, only={"g"}, previous=before, moved={1})
    assert [(row[0], row[3]) for row in top] == [(1, 1), (4, 2), (2, 3), (3, 3)]

    sums[1], sums[4] = Decimal("40"), Decimal("10")
    bottom = _rank(sums, groups, only={"g"}, previous=top, moved={1, 4})
    assert [(row[0], row[2], row[3]) for row in bottom] == [
        (2, "60.00", 1),
        (3, "60.00", 1),
        (1, "40.00", 3),
        (4, "10.00", 4),
    ]
