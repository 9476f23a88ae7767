"""Visits: log one (idempotent, for phones on a bad network)."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from ninja import Router, Schema

from zhengxian.matters.forms import ProblemRow
from zhengxian.matters.visit_submission import visit_form_for, visit_submit
from zhengxian.orgs.roles import Perm
from zhengxian.orgs.scope import require

from ..errors import ErrorOut
from ..forms import form_data, require_valid
from ..idempotency import idempotent_create

router = Router(tags=["visits"])


class ProblemIn(Schema):
    text: str
    category: str = "other"
    link_to: int | None = None


class VisitIn(Schema):
    unit: int
    visited_on: dt.date
    target_kind: str
    target_unit: int | None = None
    enterprise: int | None = None
    enterprise_name: str = ""
    site: int | None = None
    site_name: str = ""
    household: str = ""
    summary: str = ""
    visitors: list[int]
    problems: list[ProblemIn] = []


class VisitCreated(Schema):
    id: int
    url: str
    matters: list[int]
    links: list[int]


@router.post(
    "/visits",
    response={201: VisitCreated, 403: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    summary="Log a visit",
    description=(
        "The same rules as the visit form. Send an `Idempotency-Key` header (a UUID per "
        "visit): a retry with the same key returns the first answer and files nothing again."
    ),
)
def visit_create(request: HttpRequest, payload: VisitIn) -> HttpResponse:
    from ..api import api

    require(request.user, Perm.RECORD_WORK)
    fields = payload.dict(exclude={"problems"})

    def create() -> dict[str, object]:
        form = visit_form_for(request.user, form_data(fields))
        data = require_valid(form)
        rows = [
            ProblemRow(
                key=str(index),
                text=problem.text.strip()[:2000],
                category=problem.category,
                link=str(problem.link_to or ""),
            )
            for index, problem in enumerate(payload.problems)
        ]
        result = visit_submit(request.user, data, rows)
        visit = result.visit
        return {
            "id": visit.pk,
            "url": reverse("matters:visit_detail", kwargs={"visit_id": visit.pk}),
            "matters": [matter.pk for matter in result.matters],
            "links": [link.matter_id for link in result.links],
        }

    return idempotent_create(
        api, request, operation="visit_create", payload=payload.dict(), create=create
    )
