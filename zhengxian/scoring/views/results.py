"""Result pages: a group's ranking, a unit's score card down to the evidence, a unit's trend,
the 减负 page, and the JSON export of a period. Thin: a selector reads, these pages render.

Charts are ECharts options passed with ``json_script`` and drawn by core's app.js.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from zhengxian.audit.services import record_export
from zhengxian.campaigns.selectors import campaign_get_for, period_get_for
from zhengxian.engine.evidence import describe_evidence
from zhengxian.engine.sources import registry
from zhengxian.orgs.roles import Perm
from zhengxian.orgs.scope import require, scope_for

from .. import selectors
from ..models import SheetStatus
from ..selectors import LeafLine, ScoreCard

EVIDENCE_PAGE_SIZE = 100
BURDEN_PAGE_SIZE = 100
PERCENT_KINDS = frozenset({"rate", "checklist"})
UNIT_COLOUR = "#c62828"
MEAN_COLOUR = "#6c757d"
RADAR_MIN_AXES = 3


# --- Pages ------------------------------------------------------------------------------


@login_required
def campaign_ranking(request: HttpRequest, campaign_id: int) -> HttpResponse:
    """The ranking of the latest period the user can see (a stable link for menus)."""
    campaign = campaign_get_for(request.user, campaign_id)
    choices = selectors.period_choices(request.user, campaign)
    visible = [choice for choice in choices if choice.visible]
    if not choices:
        raise Http404
    chosen = visible[-1] if visible else choices[0]
    return redirect("scoring:ranking", period_id=chosen.period.pk)


@login_required
def ranking(request: HttpRequest, period_id: int) -> HttpResponse:
    period = period_get_for(request.user, period_id)
    result = selectors.ranking_for(
        request.user, period, group=request.GET.get("group", ""), page=request.GET.get("page")
    )
    context: dict[str, Any] = {
        "period": period,
        "campaign": period.campaign,
        "ranking": result,
        "sheet": result.sheet if result else None,
        "choices": selectors.period_choices(request.user, period.campaign),
        "manages": selectors.manages_campaign(request.user, period.campaign),
        "own_units": [] if result else selectors.own_preview_units(request.user, period),
    }
    if result is not None:
        context["chart"] = _ranking_chart(result)
        context["chart_height"] = max(220, 30 * len(result.rows) + 60)
    htmx = request.htmx  # type: ignore[attr-defined]
    template = "scoring/ranking.html#group" if htmx else "scoring/ranking.html"
    return render(request, template, context)


@login_required
def scorecard(request: HttpRequest, period_id: int, unit_id: int) -> HttpResponse:
    period = period_get_for(request.user, period_id)
    card = selectors.scorecard_for(request.user, period, unit_id)
    can_appeal = (
        card.sheet is not None
        and card.sheet.status == SheetStatus.PREVIEW
        and scope_for(request.user).can(Perm.APPEAL, card.unit)
    )
    context = {
        "period": period,
        "campaign": period.campaign,
        "card": card,
        "sheet": card.sheet,
        "items": _card_items(card),
        "capped": _capped(card),
        "appeal_prefix": _appeal_prefix(period.pk, card.unit.pk) if can_appeal else None,
        "radar": _radar_chart(card) if card.radar else None,
        "choices": selectors.period_choices(request.user, period.campaign),
    }
    return render(request, "scoring/scorecard.html", context)


@login_required
def leaf_evidence(request: HttpRequest, period_id: int, unit_id: int, code: str) -> HttpResponse:
    period = period_get_for(request.user, period_id)
    card = selectors.scorecard_for(request.user, period, unit_id, with_means=False)
    leaf = card.leaf(code)
    if leaf is None:
        raise Http404
    page = Paginator(list(leaf.evidence), EVIDENCE_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "period": period,
        "campaign": period.campaign,
        "card": card,
        "sheet": card.sheet,
        "leaf": leaf,
        "item": _leaf_item(leaf),
        "page": page,
        "records": describe_evidence(page.object_list, limit=EVIDENCE_PAGE_SIZE),
    }
    return render(request, "scoring/leaf_evidence.html", context)


@login_required
def unit_trend(request: HttpRequest, campaign_id: int, unit_id: int) -> HttpResponse:
    campaign = campaign_get_for(request.user, campaign_id)
    unit, points = selectors.unit_trend_for(request.user, campaign, unit_id)
    context = {
        "campaign": campaign,
        "unit": unit,
        "points": points,
        "chart": _trend_chart(unit.name, points) if points else None,
    }
    return render(request, "scoring/trend.html", context)


@login_required
def burden(request: HttpRequest, campaign_id: int) -> HttpResponse:
    campaign = campaign_get_for(request.user, campaign_id)
    require(request.user, Perm.MANAGE_CAMPAIGN, campaign.owner_unit)
    try:
        period_id = int(request.GET.get("period", ""))
    except ValueError:
        period_id = None
    result = selectors.burden_for(request.user, campaign, period_id=period_id)
    context = {
        "campaign": campaign,
        "burden": result,
        "page": Paginator(result.units, BURDEN_PAGE_SIZE).get_page(request.GET.get("page")),
        "chart": _burden_chart(result) if result.periods else None,
    }
    return render(request, "scoring/burden.html", context)


@login_required
def period_export(request: HttpRequest, period_id: int) -> HttpResponse:
    period = period_get_for(request.user, period_id)
    document = selectors.period_export_for(
        request.user, period, preview=request.GET.get("preview") == "1"
    )
    if document is None:
        raise Http404
    response = HttpResponse(
        selectors.results_json(document), content_type="application/json; charset=utf-8"
    )
    name = f"{period.campaign.code}-{period.key}-v{document['version']}.json"
    record_export(request, what="scoring.results.json", obj=period, details={"file": name})
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _appeal_prefix(period_id: int, unit_id: int) -> str | None:
    """The appeal form's address up to ``leaf=`` (the template adds the leaf code), or None
    while the appeal pages (views.appeals) are not installed."""
    try:
        url = reverse("scoring:appeal_create", kwargs={"period_id": period_id, "unit_id": unit_id})
    except NoReverseMatch:
        return None
    return f"{url}?leaf="


# --- Words and numbers ------------------------------------------------------------------


def number(value: Decimal | None, *, percent: bool = False) -> str:
    """A raw value for people: at most 2 decimal places (1 for percentages), no trailing zeros."""
    if value is None:
        return "—"
    if percent:
        text = f"{(value * 100).quantize(Decimal('0.1'), rounding=ROUND_HALF_UP):f}"
    else:
        text = f"{value.quantize(Decimal('0.01'), rounding=ROUND_HALF_UP):f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return f"{text}%" if percent else text


def _is_percent(leaf: LeafLine) -> bool:
    try:
        kind = registry.get(leaf.source).kind
    except LookupError:
        return False
    return kind in PERCENT_KINDS


def _source_label(source: str) -> str:
    try:
        return _(registry.get(source).label)
    except LookupError:
        return source


def method_words(leaf: LeafLine) -> str:
    """The method and its parameters in words, e.g. 目标值法：目标 95%."""
    percent = _is_percent(leaf)
    if leaf.method == "target":
        target = number(Decimal(str(leaf.params.get("target", "0"))), percent=percent)
        return _("Target method: target %(target)s") % {"target": target}
    if leaf.method == "relative":
        return _("Relative method: placed between the group's lowest and highest values")
    if leaf.method == "rank":
        return _("Rank method: points by rank within the group")
    if leaf.method == "bands":
        parts = []
        for band in leaf.params.get("bands", []):
            if "max" in band:
                text = _("≤ %(value)s → %(points)s points")
                value = band["max"]
            else:
                text = _("≥ %(value)s → %(points)s points")
                value = band.get("min", "0")
            parts.append(
                text
                % {
                    "value": number(Decimal(str(value)), percent=percent),
                    "points": number(Decimal(str(band["points"]))),
                }
            )
        return _("Bands: %(bands)s") % {"bands": "; ".join(parts)}
    if leaf.method == "manual":
        return _("Assessed by an evaluator")
    return leaf.method


def value_words(leaf: LeafLine) -> str:
    if leaf.method == "manual":
        if leaf.raw is None:
            return _("Not assessed")
        return _("Assessed points: %(points)s") % {"points": number(leaf.raw)}
    if leaf.raw is None:
        return _("No data")
    return _("Value: %(value)s") % {"value": number(leaf.raw, percent=_is_percent(leaf))}


def ratio_words(leaf: LeafLine) -> str:
    if leaf.numerator is None or leaf.denominator is None:
        return ""
    return _("%(numerator)s ÷ %(denominator)s") % {
        "numerator": number(leaf.numerator),
        "denominator": number(leaf.denominator),
    }


def when_empty_words(leaf: LeafLine) -> str:
    rules = {
        "full": _("full points"),
        "zero": _("zero points"),
        "group_mean": _("the group's mean points"),
    }
    return _("No data this period: %(rule)s") % {
        "rule": rules.get(leaf.when_empty, leaf.when_empty)
    }


def _capped(card: ScoreCard) -> dict[str, Decimal | None]:
    """Bonus and penalty claimed beyond the campaign's caps (None when within them)."""
    if card.row is None:
        return {}
    claimed = {}
    for kind, applied in (("bonus", card.row.bonus), ("penalty", card.row.penalty)):
        value = Decimal(str(card.row.detail.get(f"{kind}_claimed", applied)))
        claimed[kind] = value if value > applied else None
    return claimed


def _leaf_item(leaf: LeafLine) -> dict[str, Any]:
    return {
        "line": leaf,
        "method": method_words(leaf),
        "value": value_words(leaf),
        "ratio": ratio_words(leaf),
        "source": _source_label(leaf.source),
        "when_empty": when_empty_words(leaf) if leaf.when_empty_applied else "",
    }


def _card_items(card: ScoreCard) -> list[dict[str, Any]]:
    items = []
    for line in card.lines:
        if isinstance(line, LeafLine):
            items.append(_leaf_item(line))
        else:
            items.append({"line": line})
    return items


# --- Charts (ECharts options, drawn by app.js) ------------------------------------------


def _float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _ranking_chart(result: selectors.Ranking) -> dict[str, Any]:
    return {
        "grid": {"left": 8, "right": 48, "top": 8, "bottom": 8, "containLabel": True},
        "tooltip": {"trigger": "axis", "axisPointer": {"type": "shadow"}},
        "xAxis": {"type": "value", "max": _float(result.full_score) or None},
        "yAxis": {
            "type": "category",
            "inverse": True,
            "data": [row.name for row in result.rows],
            "axisLabel": {"width": 96, "overflow": "truncate"},
        },
        "series": [
            {
                "type": "bar",
                "name": _("Total"),
                "data": [_float(row.total) for row in result.rows],
                "itemStyle": {"color": UNIT_COLOUR},
                "label": {"show": True, "position": "right"},
            }
        ],
    }


def _radar_chart(card: ScoreCard) -> dict[str, Any]:
    """A radar of the top-level dimensions; with fewer than three a radar is a mere line, so
    the same numbers are drawn as bars."""
    mean = _("Group mean")
    if len(card.radar) < RADAR_MIN_AXES:
        return _dimension_bars(card, mean)
    return {
        "tooltip": {},
        "legend": {"bottom": 0, "data": [card.unit.name, mean]},
        "radar": {
            "radius": "62%",
            "center": ["50%", "48%"],
            "indicator": [{"name": axis.name, "max": 100} for axis in card.radar],
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


def _trend_chart(unit_name: str, points: list[selectors.TrendPoint]) -> dict[str, Any]:
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


def _burden_chart(result: selectors.Burden) -> dict[str, Any]:
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
