"""The JSON export carries everything needed to recompute every total from the file alone:
each leaf's points, the claimed bonus and penalty, their caps and what was applied."""

from __future__ import annotations

import json
from decimal import ROUND_HALF_UP, Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from .results_data import build_results, export_json

pytestmark = pytest.mark.django_db


def _recompute(unit: dict[str, object]) -> dict[str, Decimal]:
    """Only the file's numbers and the rules it states."""
    leaves = unit["leaves"]
    assert isinstance(leaves, dict)
    leaf_sum = sum((Decimal(leaf["points"]) for leaf in leaves.values()), Decimal(0))
    bonus = min(Decimal(str(unit["bonus_claimed"])), Decimal(str(unit["bonus_cap"])))
    penalty = min(Decimal(str(unit["penalty_claimed"])), Decimal(str(unit["penalty_cap"])))
    total = (leaf_sum + bonus - penalty).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return {"leaf_sum": leaf_sum, "bonus": bonus, "penalty": penalty, "total": total}


def test_every_total_recomputes_from_the_exported_file(org, tmp_path) -> None:
    results = build_results(org)
    file = tmp_path / "feb.json"
    call_command("export_results", "test-2026", "2026-02", "-o", str(file), stderr=StringIO())
    data = json.loads(file.read_text(encoding="utf-8"))
    assert (data["bonus_cap"], data["penalty_cap"]) == ("5.00", "10.00")
    assert "min(bonus_claimed, bonus_cap)" in data["rules"]
    units = {unit["code"]: unit for unit in data["units"]}
    # 湘湖 claimed 4 + 3 = 7 points of bonus, capped at 5; 湖头陈 a penalty of 2
    xianghu, hutouchen = units["CX-XH"], units["CX-HT"]
    assert (xianghu["bonus_claimed"], xianghu["bonus_cap"], xianghu["bonus"]) == (
        "7.00",
        "5.00",
        "5.00",
    )
    assert (hutouchen["penalty_claimed"], hutouchen["penalty"]) == ("2.00", "2.00")
    for unit in data["units"]:
        again = _recompute(unit)
        assert again["total"] == Decimal(unit["total"]), unit["code"]
        assert again["leaf_sum"] == Decimal(unit["leaf_sum"])
        assert again["bonus"] == Decimal(unit["bonus"])
        assert again["penalty"] == Decimal(unit["penalty"])
    assert [units[code]["total"] for code in ("CX-XH", "CX-HT", "CX-DZB")] == [
        "51.00",
        "93.00",
        "60.00",
    ]
    # the page gives the same claimed, cap and applied figures
    page = json.loads(export_json(_office(org), results.feb.pk))
    assert page["units"] == data["units"]


def _office(org):
    from django.test import Client

    client = Client()
    client.force_login(org.user("office"))
    return client
