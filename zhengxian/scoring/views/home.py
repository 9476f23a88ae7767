"""The rankings menu entry: the campaigns the user may see, each linked to its latest ranking."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .. import selectors


@login_required
def rankings_home(request: HttpRequest) -> HttpResponse:
    links = selectors.ranking_campaigns_for(request.user)
    return render(request, "scoring/rankings_home.html", {"links": links})
