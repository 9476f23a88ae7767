"""The ECharts options of the result pages, passed with ``json_script`` and drawn by core's
app.js: a group's ranking, a unit's dimensions (radar or bars), its trend, and the 减负 chart."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from .selectors import Burden, Ranking, ScoreCard, TrendPoint
from .selectors.live import LiveView

UNIT_COLOUR = "#c62828"
MEAN_COLOUR = "#6c757d"
RADAR_MIN_AXES = 3


def _float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def ranking_chart(result: Ranking) -> dict[str, Any]:
    return totals_chart(
        [row.name for row in result.rows], [row.total for row in result.rows], result.full_score
    )


def live_chart(view: LiveView, full: Decimal) -> dict[str, Any]:
    """The live ranking's page of units as the published ranking draws its own."""
    return totals_chart([row.name for row in view.rows], [row.total for row in view.rows], full)


def totals_chart(names: list[str], totals: list[Decimal], full: Decimal) -> dict[str, Any]:
    """Bars of the units' totals, best first, against the full score."""
    return {
        "grid": {"left": 8, "right": 48, "top": 8, "bottom": 8, "containLabel": True},
        "tooltip": {"trigger": "axis", "axisPointer": {"type": "shadow"}},
        "xAxis": {"type": "value", "max": _float(full) or None},
        "yAxis": {
            "type": "category",
            "inverse": True,
            "data": names,
            "axisLabel": {"width": 96, "overflow": "truncate"},
        },
        "series": [
            {
                "type": "bar",
                "name": _("Total"),
                "data": [_float(total) for total in totals],
                "itemStyle": {"color": UNIT_COLOUR},
                "label": {"show": True, "position": "right"},
            }
        ],
    }


def radar_chart(card: ScoreCard) -> dict[str, Any]:
    """A radar of the top-level dimensions; with fewer than three a radar is a mere line, so
    the same numbers are drawn as bars."""
    mean = _("Group mean")
    if len(card.radar) < RADAR_MIN_AXES:
        return _dimension_bars(card, mean)
    return {
        "tooltip": {},
        "legend": {"bottom": 0, "data": [card.unit.name, mean]},
        "radar": {
            "radius": "55%",
            "center": ["50%", "48%"],
            "indicator": [{"name": _two_lines(axis.name), "max": 100} for axis in card.radar],
            "axisName": {"fontSize": 11},
        },
        "series": [
            {
                "type": "radar",
                "data": [
                    {
                        "name": card.unit.name,
                        "value": [_float(axis.percent) for axis in card.radar],
                        "itemStyle": {"color": UNIT_COLOUR},
                        "areaStyle": {"opacity": 0.2},
                    },
                    {
                        "name": mean,
                        "value": [_float(axis.group_percent) for axis in card.radar],
                        "itemStyle": {"color": MEAN_COLOUR},
                        "lineStyle": {"type": "dashed"},
                    },
                ],
            }
        ],
    }


def _two_lines(name: str, longest: int = 4) -> str:
    """A long dimension name broken in the middle (at the space nearest it, in English): on
    a phone "发展提质之位" beside the radar ran off the chart's edge."""
    if len(name) <= longest:
        return name
    middle = len(name) // 2
    spaces = [i for i, char in enumerate(name) if char == " "]
    if spaces:
        cut = min(spaces, key=lambda i: abs(i - middle))
        return f"{name[:cut]}\n{name[cut + 1 :]}"
    if not any(char >= "\u2e80" for char in name):
        return name  # one Latin word: never broken inside
    half = (len(name) + 1) // 2
    return f"{name[:half]}\n{name[half:]}"


def _dimension_bars(card: ScoreCard, mean: str) -> dict[str, Any]:
    return {
        "tooltip": {"trigger": "axis", "axisPointer": {"type": "shadow"}},
        "legend": {"bottom": 0, "data": [card.unit.name, mean]},
        "grid": {"left": 8, "right": 40, "top": 8, "bottom": 36, "containLabel": True},
        "xAxis": {"type": "value", "min": 0, "max": 100},
        "yAxis": {"type": "category", "inverse": True, "data": [axis.name for axis in card.radar]},
        "series": [
            {
                "type": "bar",
                "name": card.unit.name,
                "data": [_float(axis.percent) for axis in card.radar],
                "itemStyle": {"color": UNIT_COLOUR},
                "label": {"show": True, "position": "right"},
            },
            {
                "type": "bar",
                "name": mean,
                "data": [_float(axis.group_percent) for axis in card.radar],
                "itemStyle": {"color": MEAN_COLOUR},
                "label": {"show": True, "position": "right"},
            },
        ],
    }


def trend_chart(unit_name: str, points: list[TrendPoint], *, ranks: bool = True) -> dict[str, Any]:
    """The totals and the group mean; and the ranks on a second axis, unless ``ranks`` is
    False (a tiers-only or lists-only campaign, seen by the unit itself)."""
    option = _trend_with_ranks(points)
    if not ranks:
        option["legend"]["data"] = option["legend"]["data"][:2]
        option["yAxis"] = option["yAxis"][:1]
        option["series"] = option["series"][:2]
    return option


def _trend_with_ranks(points: list[TrendPoint]) -> dict[str, Any]:
    total, rank, mean = _("Total"), _("Rank"), _("Group mean")
    largest = max(point.group_size for point in points)
    return {
        "tooltip": {"trigger": "axis"},
        "legend": {"bottom": 0, "data": [total, mean, rank]},
        "grid": {"left": 8, "right": 8, "top": 32, "bottom": 36, "containLabel": True},
        "xAxis": {"type": "category", "data": [point.period.label for point in points]},
        "yAxis": [
            {"type": "value", "name": total, "scale": True},
            {
                "type": "value",
                "name": rank,
                "inverse": True,
                "min": 1,
                "max": max(largest, 2),
                "minInterval": 1,
            },
        ],
        "series": [
            {
                "type": "line",
                "name": total,
                "yAxisIndex": 0,
                "data": [_float(p.total) for p in points],
                "itemStyle": {"color": UNIT_COLOUR},
            },
            {
                "type": "line",
                "name": mean,
                "yAxisIndex": 0,
                "data": [_float(p.group_mean) for p in points],
                "itemStyle": {"color": MEAN_COLOUR},
                "lineStyle": {"type": "dashed"},
            },
            {
                "type": "line",
                "name": rank,
                "yAxisIndex": 1,
                "data": [p.rank for p in points],
                "itemStyle": {"color": "#0d6efd"},
            },
        ],
    }


def burden_chart(result: Burden) -> dict[str, Any]:
    share, forms = _("Points from records (%)"), _("Forms filled")
    return {
        "tooltip": {"trigger": "axis"},
        "legend": {"bottom": 0, "data": [share, forms]},
        "grid": {"left": 8, "right": 8, "top": 32, "bottom": 36, "containLabel": True},
        "xAxis": {"type": "category", "data": [row.period.label for row in result.periods]},
        "yAxis": [
            {"type": "value", "name": "%", "min": 0, "max": 100},
            {"type": "value", "minInterval": 1},  # the legend names it
        ],
        "series": [
            {
                "type": "bar",
                "name": forms,
                "yAxisIndex": 1,
                "data": [row.forms for row in result.periods],
                "itemStyle": {"color": MEAN_COLOUR},
            },
            {
                "type": "line",
                "name": share,
                "yAxisIndex": 0,
                "connectNulls": False,
                "data": [_float(row.record_percent) for row in result.periods],
                "itemStyle": {"color": UNIT_COLOUR},
            },
        ],
    }
