"""The whole cockpit for one user: every panel's figures and chart, in the user's scope."""

from __future__ import annotations

import datetime as dt
from typing import Any

from . import charts
from .kept import counted_panels
from .kept_scores import kept_score_panels
from .projects import escalation_ladder, project_figures
from .scope import cockpit_unit_for


def dashboard_for(user: Any, *, today: dt.date, unit_id: int | None = None) -> dict[str, Any]:
    """The template context of the cockpit (raises NotAllowed without the cockpit right)."""
    unit = cockpit_unit_for(user)
    panels = kept_score_panels(user, unit_id=unit_id, today=today)  # kept until a write
    scores = panels.figures
    projects = project_figures(user)
    # The ladder counts the reds of the period whose scores the cockpit shows, so both panels
    # speak of the same weeks even when the campaign's periods are quarters.
    ladder = escalation_ladder(user, today=today, period=scores.period)
    counted = counted_panels(user, unit=unit, today=today)  # kept a few minutes (kept.py)
    matters, attending, coverage = counted.matters, counted.attendance, counted.coverage
    return {
        "counted_at": counted.at,
        "cockpit_unit": unit,
        "today": today,
        "scores": scores,
        "ranking_charts": panels.ranking_charts,
        "trend_chart": panels.trend_chart,
        "radar_chart": panels.radar_chart,
        "projects": projects,
        "project_chart": charts.project_chart(projects, projects.red_url),
        "matters": matters,
        "matter_chart": charts.matter_chart(matters),
        "ladder": ladder,
        "ladder_chart": charts.ladder_chart(ladder) if ladder.climbs else None,
        "attendance": attending,
        "attendance_chart": charts.attendance_chart(attending) if attending.units else None,
        "coverage": coverage,
        "coverage_chart": charts.coverage_chart(coverage) if coverage else None,
    }
