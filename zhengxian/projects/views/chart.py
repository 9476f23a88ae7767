"""The battle chart (作战图) and, for leadership, this week's warnings and the escalation ladder."""

from __future__ import annotations

import datetime as dt
from functools import partial

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string

from zhengxian.campaigns.models import month_key
from zhengxian.campaigns.selectors import period_get_for
from zhengxian.core import clock
from zhengxian.orgs.roles import Perm
from zhengxian.orgs.scope import require, scope_for

from ..escalation import ladder
from ..kept import kept_rows
from ..selectors.chart import BattleChart, add_months, default_window_start
from ..selectors.chart import battle_chart as build_chart
from ..selectors.warnings import (
    escalation_between,
    escalation_for,
    turned_this_week,
    week_start,
)
from .common import filter_form, querystring_without

MIN_YEAR, MAX_YEAR = 2000, 2100


def _int(value: str | None, default: int, low: int, high: int) -> int:
    try:
        number = int(value or "")
    except ValueError:
        return default
    return number if low <= number <= high else default


WINDOW_STEP = 6  # months the earlier/later buttons move the window


def _window_start(request: HttpRequest, today: dt.date) -> dt.date:
    """``?start=2026-07`` (a twelve-month window from July 2026), ``?year=2026`` (that
    calendar year), or by default five months back and six ahead."""
    raw = request.GET.get("start", "")
    try:
        first = dt.datetime.strptime(raw, "%Y-%m").date()
    except ValueError:
        year = _int(request.GET.get("year"), 0, MIN_YEAR, MAX_YEAR)
        return dt.date(year, 1, 1) if year else default_window_start(today)
    return first if MIN_YEAR <= first.year <= MAX_YEAR else default_window_start(today)


@login_required
def battle_chart(request: HttpRequest) -> HttpResponse:
    require(request.user, Perm.VIEW_ORG)
    today = clock.today()
    start = _window_start(request, today)
    form, filters = filter_form(request, autosubmit=True)
    chart = build_chart(
        request.user,
        filters=filters,
        start=start,
        today=today,
        page_number=request.GET.get("page"),
    )
    can_see_warnings = scope_for(request.user).has(Perm.VIEW_COCKPIT)
    context = {
        "chart": chart,
        "rows": kept_rows(chart.key, partial(_draw_rows, chart)),
        "form": form,
        "start_value": f"{start:%Y-%m}",
        "earlier": f"{add_months(start, -WINDOW_STEP):%Y-%m}",
        "later": f"{add_months(start, WINDOW_STEP):%Y-%m}",
        "this_year": f"{today.year}-01",
        "querystring": querystring_without(request, "year", "start", "page"),
        "page_querystring": querystring_without(request, "page"),
        "can_see_warnings": can_see_warnings,
        "this_week": turned_this_week(request.user, today=today)[:10] if can_see_warnings else [],
    }
    return render(request, "projects/battle_chart.html", context)


def _draw_rows(chart: BattleChart) -> str:
    # The month lines are the same on every row: rendered once, not once per project.
    gridlines = render_to_string("projects/_gridlines.html", {"months": chart.months})
    return render_to_string("projects/_battle_rows.html", {"chart": chart, "gridlines": gridlines})


@login_required
def warnings(request: HttpRequest) -> HttpResponse:
    """This week's changes and the escalation ladder of a calendar month (``?month=yyyymm``)
    or of a scoring period (``?period=<id>``, the cockpit's link: a quarter, or a period that
    is not a calendar month)."""
    require(request.user, Perm.VIEW_COCKPIT)
    today = clock.today()
    this_month = month_key(today)
    month = _int(request.GET.get("month"), this_month, 200001, 210012)
    if not 1 <= month % 100 <= 12:
        month = this_month
    previous = month - 1 if month % 100 > 1 else month - 89
    following = month + 1 if month % 100 < 12 else month + 89
    context = {
        "today": today,
        "week_start": week_start(today),
        "changes": turned_this_week(request.user, today=today),
        "climbs": escalation_for(request.user, month=month),
        "ladder": ladder(),
        "month": month,
        "month_label": f"{month // 100}-{month % 100:02d}",
        "previous_month": previous,
        "next_month": following if following <= this_month else None,
        "period": None,
    }
    raw_period = request.GET.get("period", "")
    if raw_period.isdigit():
        period = period_get_for(request.user, int(raw_period))
        context |= {
            "period": period,
            "climbs": escalation_between(request.user, start=period.start, end=period.end),
            "month_label": period.label,
        }
    return render(request, "projects/warnings.html", context)
