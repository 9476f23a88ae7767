"""The live ranking page of a running period (office and leadership only)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from zhengxian.campaigns.selectors import period_get_for
from zhengxian.core.errors import NotAllowed

from ..charts import live_chart
from ..selectors.access import full_score
from ..selectors.live import is_live, live_ranking_for, sees_live_ranking


@login_required
def live_ranking(request: HttpRequest, period_id: int) -> HttpResponse:
    period = period_get_for(request.user, period_id)
    if not sees_live_ranking(request.user, period.campaign):
        raise NotAllowed
    view = live_ranking_for(
        period, group=request.GET.get("group", ""), page=request.GET.get("page")
    )
    context = {
        "period": period,
        "campaign": period.campaign,
        "live": is_live(period),
        "view": view,
        "chart": live_chart(view, full_score(period.campaign)) if view else None,
        "chart_height": max(220, 30 * len(view.rows) + 60) if view else 0,
    }
    htmx = request.htmx  # type: ignore[attr-defined]
    template = "scoring/live_ranking.html#board" if htmx else "scoring/live_ranking.html"
    return render(request, template, context)
