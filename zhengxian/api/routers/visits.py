"""Visits: log one (idempotent, for phones on a bad network), list them and read one."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema

from zhengxian.matters.forms import ProblemRow
from zhengxian.matters.models import TargetKind, Visit
from zhengxian.matters.selectors.matters import matters_visible_to
from zhengxian.matters.selectors.visits import VisitFilters, visit_get_for
from zhengxian.matters.selectors.visits import visit_list as visits_listed
from zhengxian.matters.visit_submission import visit_form_for, visit_submit
from zhengxian.orgs.roles import Perm
from zhengxian.orgs.scope import require
from zhengxian.orgs.selectors import people_visible_to

from ..errors import ApiRefusal, ErrorOut
from ..filters import ListParams, scoped_unit
from ..forms import form_data, require_valid
from ..idempotency import idempotent_create
from ..pagination import Page, cursor_slice
from ..schemas import Ref

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


class VisitFilterParams(ListParams):
    """``person``: visits this person went on; ``target_kind``: community, enterprise,
    household or site; ``q``: search in the summary and the target's name."""

    person: int | None = None
    target_kind: str = ""
    q: str = ""


class VisitItem(Schema):
    id: int
    visited_on: dt.date
    unit: Ref
    target_kind: str
    target: str
    target_unit: Ref
    summary: str
    visitors: list[Ref]
    url: str


class VisitOut(VisitItem):
    enterprise: Ref | None
    site: Ref | None
    household: str
    recorded_by: str
    matters: list[Ref]


def _visit_item(visit: Visit) -> dict[str, Any]:
    return {
        "id": visit.pk,
        "visited_on": visit.visited_on,
        "unit": {"id": visit.unit_id, "name": visit.unit.name},
        "target_kind": visit.target_kind,
        "target": visit.target_label,
        "target_unit": {"id": visit.target_unit_id, "name": visit.target_unit.name},
        "summary": visit.summary,
        "visitors": [{"id": p.person_id, "name": p.person.name} for p in visit.participants.all()],
        "url": reverse("matters:visit_detail", kwargs={"visit_id": visit.pk}),
    }


@router.get("/visits", response=Page[VisitItem], summary="List visits")
def visit_list(request: HttpRequest, params: Query[VisitFilterParams]) -> dict[str, Any]:
    require(request.user, Perm.RECORD_WORK)
    date_from, date_to = params.checked_range()
    if params.target_kind not in {"", *TargetKind.values}:
        raise ApiRefusal(
            422, "invalid", _("Unknown target_kind: %(kind)s.") % {"kind": params.target_kind}
        )
    person = None
    if params.person is not None:
        person = people_visible_to(request.user).filter(pk=params.person).first()
        if person is None:
            raise Http404
    filters = VisitFilters(
        unit=scoped_unit(request.user, params.unit),
        person=person,
        date_from=date_from,
        date_to=date_to,
        target_kind=params.target_kind,
        search=params.q.strip(),
    )
    page = cursor_slice(
        visits_listed(request.user, filters),
        cursor=params.cursor,
        limit=params.checked_limit(),
        order=("-visited_on", "-id"),
    )
    return {"items": [_visit_item(v) for v in page.items], "next_cursor": page.next_cursor}


@router.get("/visits/{visit_id}", response=VisitOut, summary="One visit")
def visit_get(request: HttpRequest, visit_id: int) -> dict[str, Any]:
    visit = visit_get_for(request.user, visit_id)
    matters = matters_visible_to(request.user).filter(visit=visit).order_by("id")
    recorder = visit.recorded_by
    return {
        **_visit_item(visit),
        "enterprise": None
        if visit.enterprise is None
        else {"id": visit.enterprise.pk, "name": visit.enterprise.name},
        "site": None if visit.site is None else {"id": visit.site.pk, "name": visit.site.name},
        "household": visit.household,
        "recorded_by": getattr(getattr(recorder, "person", None), "name", "")
        or recorder.get_username(),
        "matters": [{"id": m.pk, "name": m.title} for m in matters],
    }
