"""Evaluator and appeal pages: the landing page and file downloads.

The pages themselves live in views/assessments.py (manual points, bonus and penalty items),
views/checklists.py (creation targets) and views/appeals.py (申诉). All of them are thin:
parse, call one selector or service (selectors.inputs, services.*), render.
"""

from __future__ import annotations

import mimetypes
from pathlib import PurePath
from typing import Any, cast

from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.db.models import Count
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from zhengxian.orgs.roles import Perm
from zhengxian.orgs.scope import require

from ..models import AppealStatus
from ..selectors.inputs import (
    adjustment_evidence_get_for,
    appeal_attachment_get_for,
    appeals_visible_to,
    assessment_get_for,
    campaigns_with_periods,
    checklist_codes,
    checklist_item_get_for,
)


@login_required
def inputs_home(request: HttpRequest) -> HttpResponse:
    """考评录入: the campaigns' periods, with links to the inputs the user may make."""
    require(request.user, Perm.ASSESS)
    open_appeals = dict(
        appeals_visible_to(request.user, status=AppealStatus.OPEN)
        .order_by()
        .values_list("period_id")
        .annotate(n=Count("pk"))
    )
    campaigns = []
    for campaign, periods in campaigns_with_periods(request.user):
        for period in periods:
            # Read by the template next to each period.
            cast(Any, period).open_appeals = open_appeals.get(period.pk, 0)
        campaigns.append(
            {
                "campaign": campaign,
                "periods": periods,
                "has_checklists": bool(checklist_codes(campaign)),
            }
        )
    context = {"campaigns": campaigns, "open_appeal_total": sum(open_appeals.values())}
    return render(request, "scoring/inputs_home.html", context)


def _serve(stored: object, *, name: str = "", content_type: str = "") -> FileResponse:
    """A stored file as a download, read through the storage API (never a public URL)."""
    file_name = getattr(stored, "name", "") or ""
    if not file_name or not default_storage.exists(file_name):
        raise Http404
    download_name = name or PurePath(file_name).name
    response = FileResponse(
        default_storage.open(file_name, "rb"), as_attachment=True, filename=download_name
    )
    response["Content-Type"] = (
        content_type or mimetypes.guess_type(download_name)[0] or "application/octet-stream"
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def attachment(request: HttpRequest, kind: str, pk: int) -> FileResponse:
    """Downloads an appeal attachment, a manual assessment's or an item's evidence, or a
    checklist file; 404 unless the record lies within the user's scope."""
    if kind == "appeal":
        found = appeal_attachment_get_for(request.user, pk)
        return _serve(found.file, name=found.name, content_type=found.content_type)
    if kind == "assessment":
        return _serve(assessment_get_for(request.user, pk).attachment)
    if kind == "adjustment":
        return _serve(adjustment_evidence_get_for(request.user, pk).evidence)
    if kind == "checklist":
        return _serve(checklist_item_get_for(request.user, pk).attachment)
    raise Http404
