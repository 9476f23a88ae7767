"""Result pages: a group's ranking, a unit's score card down to the evidence, a unit's trend,
the 减负 page, and the JSON export of a period. Thin: a selector reads, these pages render.

The charts' ECharts options are built in ``scoring/charts.py``, the score card's words in
``scoring/wording.py``.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_POST

from zhengxian.campaigns.selectors import campaign_get_for, period_get_for
from zhengxian.core.errors import NotAllowed
from zhengxian.engine.evidence import describe_evidence
from zhengxian.orgs.roles import Perm
from zhengxian.orgs.scope import scope_for

from .. import selectors
from ..charts import burden_chart, radar_chart, ranking_chart, trend_chart
from ..jobs_export import results_export_start
from ..models import SheetStatus
from ..selectors.burden import managed_campaigns, sees_burden
from ..selectors.evidence import evidence_of
from ..selectors.live import is_live, sees_live_ranking
from ..selectors.publication_modes import (
    mode_view,
    sees_full_ranking,
    sees_ranks,
    standings_for,
)
from ..wording import capped, card_items, leaf_item, points_lost

EVIDENCE_PAGE_SIZE = 100
BURDEN_PAGE_SIZE = 100


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
        "sees_burden": sees_burden(request.user, period.campaign),
        # A unit sees its own results in preview (公示), with the appeal button and deadline.
        "own_preview": [] if result else selectors.own_preview_rows(request.user, period),
        "show_rank": sees_ranks(request.user, period.campaign),
        "shows_live": sees_live_ranking(request.user, period.campaign) and is_live(period),
    }
    if result is not None and not sees_full_ranking(request.user, period.campaign):
        # Tiers or lists only (the campaign's publication mode): no points, ranks or chart.
        context["mode"] = mode_view(result.sheet, period, user=request.user)
    elif result is not None:
        context["chart"] = ranking_chart(result)
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
        "items": card_items(card),
        "lost": points_lost(card),
        "capped": capped(card),
        "appeal_prefix": _appeal_prefix(period.pk, card.unit.pk) if can_appeal else None,
        "radar": radar_chart(card) if card.radar else None,
        "choices": selectors.period_choices(request.user, period.campaign),
        # Tiers-only or lists-only: a unit reads its tier or lists, not a rank number.
        "standing": _standing(request.user, period.campaign, card.row),
    }
    return render(request, "scoring/scorecard.html", context)


def _standing(user: Any, campaign: Any, row: Any) -> Any:
    if row is None:
        return None
    standings = standings_for(user, campaign, [row])
    return standings[row.pk] if standings is not None else None


@login_required
def leaf_evidence(request: HttpRequest, period_id: int, unit_id: int, code: str) -> HttpResponse:
    period = period_get_for(request.user, period_id)
    card = selectors.scorecard_for(request.user, period, unit_id, with_means=False)
    leaf = card.leaf(code)
    if leaf is None:
        raise Http404
    evidence = evidence_of(leaf, period, card.unit.pk)
    page = Paginator(evidence, EVIDENCE_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "period": period,
        "campaign": period.campaign,
        "card": card,
        "sheet": card.sheet,
        "leaf": leaf,
        "item": leaf_item(leaf),
        "page": page,
        "evidence": evidence,
        "records": describe_evidence(page.object_list, limit=EVIDENCE_PAGE_SIZE),
    }
    return render(request, "scoring/leaf_evidence.html", context)


@login_required
def unit_trend(request: HttpRequest, campaign_id: int, unit_id: int) -> HttpResponse:
    campaign = campaign_get_for(request.user, campaign_id)
    unit, points = selectors.unit_trend_for(request.user, campaign, unit_id)
    ranks = sees_ranks(request.user, campaign)  # tiers or lists only: no ranks, no movement
    context = {
        "campaign": campaign,
        "unit": unit,
        "points": points,
        "show_rank": ranks,
        "chart": trend_chart(unit.name, points, ranks=ranks) if points else None,
    }
    return render(request, "scoring/trend.html", context)


@login_required
def burden_home(request: HttpRequest) -> HttpResponse:
    """The menu's 减负 entry: the one campaign the user manages opens at once, several are
    listed; nobody else gets here (403)."""
    campaigns = managed_campaigns(request.user)
    if not campaigns:
        raise NotAllowed
    if len(campaigns) == 1:
        return redirect("scoring:burden", campaign_id=campaigns[0].pk)
    return render(request, "scoring/burden_home.html", {"campaigns": campaigns})


@login_required
def burden(request: HttpRequest, campaign_id: int) -> HttpResponse:
    campaign = campaign_get_for(request.user, campaign_id)
    if not sees_burden(request.user, campaign):
        raise NotAllowed
    try:
        period_id = int(request.GET.get("period", ""))
    except ValueError:
        period_id = None
    result = selectors.burden_for(request.user, campaign, period_id=period_id)
    context = {
        "campaign": campaign,
        "burden": result,
        "page": Paginator(result.units, BURDEN_PAGE_SIZE).get_page(request.GET.get("page")),
        "chart": burden_chart(result) if result.periods else None,
    }
    return render(request, "scoring/burden.html", context)


@login_required
@require_POST
def period_export(request: HttpRequest, period_id: int) -> HttpResponse:
    """Queues the JSON export of what the user may see of the period (the job's page hands
    out the file); a period without such a result answers 404 at once."""
    period = period_get_for(request.user, period_id)
    preview = request.POST.get("preview") == "1"
    if selectors.export_sheet_for(request.user, period, preview=preview) is None:
        raise Http404
    job = results_export_start(period=period, actor=request.user, preview=preview)
    return redirect("jobs:job_detail", job_id=job.pk)


def _appeal_prefix(period_id: int, unit_id: int) -> str | None:
    """The appeal form's address up to ``leaf=`` (the template adds the leaf code), or None
    while the appeal pages (views.appeals) are not installed."""
    try:
        url = reverse("scoring:appeal_create", kwargs={"period_id": period_id, "unit_id": unit_id})
    except NoReverseMatch:
        return None
    return f"{url}?leaf="
