"""Public ranking pages (no login): the campaigns with published periods, and a published
period's ranking per group with its version, time and digest.

Only published sheets appear: a period whose results are in preview (公示) or not scored is a
404, and a correction in preview never replaces the publication shown. Nothing beyond ranks,
unit names, totals and movement is shown: no indicator details, no evidence, no people.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .. import selectors


def campaign_list(request: HttpRequest) -> HttpResponse:
    return render(request, "scoring/public_list.html", {"campaigns": selectors.public_campaigns()})


def ranking(request: HttpRequest, campaign_code: str, period_key: str) -> HttpResponse:
    result = selectors.public_ranking(
        campaign_code, period_key, group=request.GET.get("group", ""), page=request.GET.get("page")
    )
    return render(request, "scoring/public_ranking.html", {"result": result})
