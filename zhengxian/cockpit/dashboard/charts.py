"""The cockpit's ECharts options, built from the panels' figures. Each chart travels as
``{"option": …, "href": url, "links": {name: url}}``: cockpit.js draws the option and a click
on a bar, slice or point named in ``links`` opens that list, anywhere else ``href``."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from zhengxian.scoring import charts as scoring_charts

from .matters import MatterFigures
from .people import AttendanceFigures, CoverageFigures
from .projects import Ladder, ProjectFigures
from .scores import GroupRanking, ScoreFigures

STATUS_COLOURS = {"green": "#2e7d32", "yellow": "#f9a825", "red": "#c62828"}
BAR_COLOUR = "#c62828"
# A bar chart's unit names: every one shown (ECharts would skip every other name when 15 rows
# share a phone's 260 px), small enough not to overlap, cut to the width given.
CATEGORY_LABELS = {"interval": 0, "fontSize": 11, "overflow": "truncate"}
BAR_MAX_WIDTH = 28  # one unit's bar is a bar, not the whole chart


def chart(option: dict[str, Any], href: str, links: dict[str, str] | None = None) -> dict:
    return {"option": option, "href": href, "links": links or {}}


def _movement(movement: int | None) -> str:
    if movement is None:
        return ""
    if movement > 0:
        return f" ▲{movement}"
    if movement < 0:
        return f" ▼{-movement}"
    return " —"


def ranking_chart(group: GroupRanking) -> dict:
    names = [f"{row.rank}. {row.name}{_movement(row.movement)}" for row in group.rows]
    option = {
        "grid": {"left": 8, "right": 48, "top": 8, "bottom": 8, "containLabel": True},
        "tooltip": {"trigger": "axis", "axisPointer": {"type": "shadow"}},
        "xAxis": {"type": "value", "max": float(group.full_score) or None},
        "yAxis": {
            "type": "category",
            "inverse": True,
            "data": names,
            "axisLabel": CATEGORY_LABELS | {"width": 140},
        },
        "series": [
            {
                "type": "bar",
                "barMaxWidth": BAR_MAX_WIDTH,
                "name": _("Total"),
                "data": [float(row.total) for row in group.rows],
                "itemStyle": {"color": BAR_COLOUR},
                "label": {"show": True, "position": "right"},
            }
        ],
    }
    return chart(option, group.url)


def trend_chart(figures: ScoreFigures) -> dict:
    return chart(scoring_charts.trend_chart(figures.unit_name, figures.trend), figures.trend_url)


def radar_chart(figures: ScoreFigures) -> dict | None:
    if figures.card is None or not figures.card.radar:
        return None
    return chart(scoring_charts.radar_chart(figures.card), figures.card_url)


def _pie(rows: list[tuple[str, int, str]], colours: list[str] | None = None) -> dict[str, Any]:
    data = [{"name": name, "value": count} for name, count, _url in rows if count]
    series: dict[str, Any] = {
        "type": "pie",
        # Room beside the ring for a side slice's label: on a phone a 70 % ring and ECharts'
        # default 15 + 15 px label lines left it too little, and it was cut to "…".
        "radius": ["35%", "60%"],
        "data": data,
        "label": {"formatter": "{b}\n{c}"},
        "labelLine": {"length": 8, "length2": 8},
    }
    if colours:
        series["color"] = colours
    return {"tooltip": {"trigger": "item"}, "series": [series]}


def project_chart(figures: ProjectFigures, href: str) -> dict:
    rows = [(s.label, s.count, s.url) for s in figures.statuses]
    colours = [STATUS_COLOURS.get(s.status, BAR_COLOUR) for s in figures.statuses if s.count]
    return chart(_pie(rows, colours), href, {name: url for name, _count, url in rows})


def matter_chart(figures: MatterFigures) -> dict:
    names = [s.label for s in figures.states]
    option = {
        "grid": {"left": 8, "right": 16, "top": 16, "bottom": 8, "containLabel": True},
        "tooltip": {"trigger": "axis", "axisPointer": {"type": "shadow"}},
        "xAxis": {"type": "category", "data": names, "axisLabel": {"interval": 0, "rotate": 30}},
        "yAxis": {"type": "value", "minInterval": 1},
        "series": [
            {
                "type": "bar",
                "name": _("Matters"),
                "data": [s.count for s in figures.states],
                "itemStyle": {"color": BAR_COLOUR},
                "label": {"show": True, "position": "top"},
            }
        ],
    }
    return chart(option, figures.open_url, {s.label: s.url for s in figures.states})


def coverage_chart(figures: CoverageFigures) -> dict:
    coverage = figures.coverage
    visited, missed = _("Visited this month"), _("Not visited this month")
    option = {
        "grid": {"left": 8, "right": 16, "top": 8, "bottom": 24, "containLabel": True},
        "legend": {"bottom": 0},
        "tooltip": {"trigger": "axis", "axisPointer": {"type": "shadow"}},
        "xAxis": {"type": "value", "minInterval": 1},
        "yAxis": {"type": "category", "data": [_("Communities"), _("Enterprises")]},
        "series": [
            {
                "type": "bar",
                "stack": "all",
                "name": visited,
                "itemStyle": {"color": STATUS_COLOURS["green"]},
                "data": [coverage.communities_visited, coverage.enterprises_visited],
            },
            {
                "type": "bar",
                "stack": "all",
                "name": missed,
                "itemStyle": {"color": "#adb5bd"},
                "data": [
                    coverage.communities - coverage.communities_visited,
                    coverage.enterprises - coverage.enterprises_visited,
                ],
            },
        ],
    }
    return chart(option, figures.url)


def attendance_chart(figures: AttendanceFigures) -> dict:
    option = {
        "grid": {"left": 8, "right": 48, "top": 8, "bottom": 8, "containLabel": True},
        "tooltip": {"trigger": "axis", "axisPointer": {"type": "shadow"}},
        "xAxis": {"type": "value", "max": 100},
        "yAxis": {
            "type": "category",
            "inverse": True,
            "data": [row.label for row in figures.units],
            "axisLabel": CATEGORY_LABELS | {"width": 110},
        },
        "series": [
            {
                "type": "bar",
                "barMaxWidth": BAR_MAX_WIDTH,
                "name": _("Attendance (%)"),
                "data": [row.percent for row in figures.units],
                "itemStyle": {"color": STATUS_COLOURS["green"]},
                "label": {"show": True, "position": "right", "formatter": "{c}%"},
            }
        ],
    }
    return chart(option, figures.url)


def ladder_chart(ladder: Ladder) -> dict:
    option = {
        "grid": {"left": 8, "right": 32, "top": 8, "bottom": 8, "containLabel": True},
        "tooltip": {"trigger": "axis", "axisPointer": {"type": "shadow"}},
        "xAxis": {"type": "value", "minInterval": 1},
        "yAxis": {
            "type": "category",
            "inverse": True,
            "data": [climb.unit.name for climb in ladder.climbs],
            "axisLabel": CATEGORY_LABELS | {"width": 110},
        },
        "series": [
            {
                "type": "bar",
                "barMaxWidth": BAR_MAX_WIDTH,
                "name": _("Reds in the period") if ladder.period else _("Reds this month"),
                "data": [climb.reds for climb in ladder.climbs],
                "itemStyle": {"color": BAR_COLOUR},
                "label": {"show": True, "position": "right"},
            }
        ],
    }
    return chart(option, ladder.url)
