"""The search endpoints behind the search-as-you-type boxes of units and people.

``GET /orgs/units/search/?q=湘湖`` and ``GET /orgs/people/search/?q=王`` answer
``{"results": [{"id": 17, "label": "湘湖社区", "detail": "CX-XH · 城厢街道", "text": "湘湖社区"},
…]}`` (``text`` is what the box shows once chosen): at most 20 active units or people of the
caller's scope, none without ``q``. Optional, repeatable
parameters narrow the search to what a form accepts (the form still checks the choice):
``perm`` (units, or people's units, where the caller holds that permission), ``kind`` and
``exclude_kind`` (unit kinds), ``role`` (people holding that role). Unknown values are ignored.
"""

from __future__ import annotations

from dataclasses import asdict

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, JsonResponse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET

from .roles import Perm
from .scope import require
from .search import (
    Match,
    parse_kinds,
    parse_perms,
    parse_roles,
    people_matching,
    units_matching,
)


def _answer(matches: list[Match]) -> JsonResponse:
    response = JsonResponse(
        {"results": [asdict(match) for match in matches]},
        json_dumps_params={"ensure_ascii": False},
    )
    patch_cache_control(response, private=True, no_store=True)
    return response


@login_required
@require_GET
def unit_search(request: HttpRequest) -> JsonResponse:
    require(request.user, Perm.VIEW_ORG)
    return _answer(
        units_matching(
            request.user,
            request.GET.get("q", ""),
            perms=parse_perms(request.GET.getlist("perm")),
            kinds=parse_kinds(request.GET.getlist("kind")),
            exclude_kinds=parse_kinds(request.GET.getlist("exclude_kind")),
        )
    )


@login_required
@require_GET
def person_search(request: HttpRequest) -> JsonResponse:
    require(request.user, Perm.VIEW_ORG)
    return _answer(
        people_matching(
            request.user,
            request.GET.get("q", ""),
            perms=parse_perms(request.GET.getlist("perm")),
            roles=parse_roles(request.GET.getlist("role")),
        )
    )
