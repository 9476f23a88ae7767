"""Lists' links to score cards: the address reversed once per period."""

from __future__ import annotations

from django.urls import reverse

from zhengxian.scoring.links import scorecard_urls


def test_each_units_link_is_the_score_card_address_django_reverses():
    url_of = scorecard_urls(3)
    for unit_id in (1, 9, 10, 21560, 999_999_998):
        assert url_of(unit_id) == reverse("scoring:scorecard", args=[3, unit_id])


def test_group_means_are_the_exact_means_rounded_half_up_once():
    import random
    from decimal import Decimal
    from fractions import Fraction
    from types import SimpleNamespace

    from zhengxian.engine.rounding import round_exact
    from zhengxian.scoring.services.compute import group_means_of

    rng = random.Random(7)

    def unit(group, work, leaf):
        return SimpleNamespace(
            group=group, dimensions={"work": work}, leaves={"v": SimpleNamespace(points=leaf)}
        )

    units = [unit("a", Decimal("0.01"), Decimal("0")), unit("a", Decimal("0"), Decimal("0.01"))]
    units += [
        unit("b", Decimal(rng.randint(0, 10_000)) / 100, Decimal(rng.randint(0, 500)) / 100)
        for _ in range(997)
    ]
    means = group_means_of(SimpleNamespace(units=units))
    assert means["a"] == {"work": "0.01", "v": "0.01"}  # 0.005 is a half: up, once
    b = [u for u in units if u.group == "b"]
    expected = round_exact(sum((Fraction(u.dimensions["work"]) for u in b), Fraction(0)) / len(b))
    assert means["b"]["work"] == str(expected)
