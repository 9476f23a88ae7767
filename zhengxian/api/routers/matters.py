"""Matters: the list and detail of the pages, filing, the workflow's actions, attachments."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import quote

from django.core.files.uploadedfile import UploadedFile
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import File, Query, Router, Schema, Status
from ninja.files import UploadedFile as NinjaFile

from zhengxian.core import clock
from zhengxian.core.errors import NotAllowed
from zhengxian.core.stored_files import open_stored
from zhengxian.matters import services
from zhengxian.matters.deadlines import deadline_status
from zhengxian.matters.forms import AttachmentForm, MatterForm, TransitionForm
from zhengxian.matters.models import Matter, MatterAttachment, MatterState
from zhengxian.matters.personal import phone_for
from zhengxian.matters.selectors.matters import (
    MatterFilters,
    duplicates_for,
    matter_get_for,
    matter_history,
    matters_visible_to,
)
from zhengxian.matters.selectors.matters import (
    matter_list as matters_listed,
)
from zhengxian.matters.selectors.registers import target_communities_for
from zhengxian.matters.views.common import working_units
from zhengxian.matters.workflow import MATTER_FLOW, Action, Actor
from zhengxian.orgs.roles import Perm
from zhengxian.orgs.scope import require, scope_for

from ..errors import ApiRefusal
from ..filters import ListParams, scoped_unit
from ..forms import form_data, require_valid
from ..idempotency import idempotent_create
from ..pagination import Page, cursor_slice
from ..schemas import Ref

router = Router(tags=["matters"])


class MatterFilterParams(ListParams):
    """``state``: a state, or ``open`` (not closed); ``deadline``: ``overdue`` or
    ``due_soon``; ``origin``; ``closed_by``: ``self`` or ``unconfirmed``; ``q``: search."""

    state: str = ""
    origin: str = ""
    deadline: str = ""
    closed_by: str = ""
    q: str = ""


class MatterItem(Schema):
    id: int
    title: str
    state: str
    state_label: str
    origin: str
    category: str
    reported_on: dt.date
    deadline: dt.date | None
    deadline_status: str
    reporting_unit: Ref
    responsible_unit: Ref | None
    url: str


class HistoryOut(Schema):
    at: dt.datetime
    action: str
    from_state: str
    to_state: str
    actor: str
    note: str


class AttachmentOut(Schema):
    id: int
    name: str
    content_type: str
    size: int
    url: str


class MatterOut(MatterItem):
    description: str
    rectification_kind: str
    action_code: str
    place: str
    requester_name: str
    requester_phone: str
    dispatch_unit: Ref
    target_unit: Ref | None
    visit: int | None
    repeat_of: int | None
    actions: list[str]
    history: list[HistoryOut]
    attachments: list[AttachmentOut]


class MatterIn(Schema):
    title: str
    description: str = ""
    category: str = "other"
    origin: str = "other"
    rectification_kind: str = ""
    action_code: str = ""
    reporting_unit: int
    requester_name: str = ""
    requester_phone: str = ""
    place: str = ""
    target_unit: int | None = None
    file_anyway: bool = False


class MatterCreated(Schema):
    id: int
    url: str


class TransitionIn(Schema):
    """``action``: one of the matter's ``actions`` (or ``confirm`` with ``resolution`` for
    the requester's word); the other fields as the action's form on the page takes them."""

    action: str
    note: str = ""
    responsible_unit: int | None = None
    deadline: dt.date | None = None
    satisfaction: int | None = None
    resolution: str = ""


def _ref(unit: Any) -> dict[str, Any] | None:
    return None if unit is None else {"id": unit.pk, "name": unit.name}


def _item(matter: Matter, today: dt.date) -> dict[str, Any]:
    return {
        "id": matter.pk,
        "title": matter.title,
        "state": matter.state,
        "state_label": str(matter.get_state_display()),
        "origin": matter.origin,
        "category": matter.category,
        "reported_on": matter.reported_on,
        "deadline": matter.deadline,
        "deadline_status": deadline_status(matter, today) or "",
        "reporting_unit": _ref(matter.reporting_unit),
        "responsible_unit": _ref(matter.responsible_unit),
        "url": reverse("matters:matter_detail", kwargs={"matter_id": matter.pk}),
    }


def _detail(user: Any, matter: Matter, *, actions: list[str]) -> dict[str, Any]:
    """The matter as its page shows it to ``user``: the phone masked as the page masks it."""
    return {
        **_item(matter, clock.today()),
        "description": matter.description,
        "rectification_kind": matter.rectification_kind,
        "action_code": matter.action_code,
        "place": matter.place,
        "requester_name": matter.requester_name,
        "requester_phone": phone_for(user, matter, matter.requester_phone),
        "dispatch_unit": _ref(matter.dispatch_unit),
        "target_unit": _ref(matter.target_unit),
        "visit": matter.visit_id,
        "repeat_of": matter.repeat_of_id,
        "actions": actions,
        "history": [
            {
                "at": row.at,
                "action": row.action,
                "from_state": row.from_state,
                "to_state": row.to_state,
                "actor": row.actor_name,
                "note": row.note,
            }
            for row in matter_history(matter)
        ],
        "attachments": [
            {
                "id": a.pk,
                "name": a.name,
                "content_type": a.content_type,
                "size": a.size,
                "url": reverse(
                    "api:matter_attachment_get",
                    kwargs={"matter_id": matter.pk, "attachment_id": a.pk},
                ),
            }
            for a in matter.attachments.order_by("id")
        ],
    }


def _shown(user: Any, matter_id: int) -> dict[str, Any]:
    matter = matter_get_for(user, matter_id)
    actions = MATTER_FLOW.allowed(matter, Actor.of(user))
    if Action.CLOSE in actions:  # the page offers the requester's word for close/reopen
        actions = [a for a in actions if a not in {Action.CLOSE, Action.REOPEN}] + ["confirm"]
    return _detail(user, matter, actions=actions)


@router.get("/matters", response=Page[MatterItem], summary="List matters")
def matter_list(request: HttpRequest, params: Query[MatterFilterParams]) -> dict[str, Any]:
    require(request.user, Perm.VIEW_ORG)
    unit = scoped_unit(request.user, params.unit)
    date_from, date_to = params.checked_range()
    if params.state not in {"", "open", *MatterState.values}:
        raise ApiRefusal(422, "invalid", _("Unknown state: %(state)s.") % {"state": params.state})
    if params.deadline not in {"", "overdue", "due_soon"}:
        raise ApiRefusal(422, "invalid", _("deadline is overdue or due_soon."))
    filters = MatterFilters(
        search=params.q.strip(),
        state="" if params.state == "open" else params.state,
        open_only=params.state == "open",
        origin=params.origin,
        unit=unit,
        deadline=params.deadline,
        closed_by=params.closed_by,
    )
    today = clock.today()
    matters = matters_listed(request.user, filters, today=today)
    if date_from:
        matters = matters.filter(reported_on__gte=date_from)
    if date_to:
        matters = matters.filter(reported_on__lte=date_to)
    page = cursor_slice(
        matters,
        cursor=params.cursor,
        limit=params.checked_limit(),
        order=("-reported_on", "-id"),
    )
    return {"items": [_item(m, today) for m in page.items], "next_cursor": page.next_cursor}


@router.get("/matters/{matter_id}", response=MatterOut, summary="One matter")
def matter_get(request: HttpRequest, matter_id: int) -> dict[str, Any]:
    return _shown(request.user, matter_id)


@router.post(
    "/matters",
    response={201: MatterCreated},
    summary="File a matter",
    description=(
        "The matter form's rules. A matter that looks like one already open is refused "
        "(409 `likely_duplicate`) unless `file_anyway` is true. Send an `Idempotency-Key`."
    ),
)
def matter_create(request: HttpRequest, payload: MatterIn) -> HttpResponse:
    from ..api import api

    scope = scope_for(request.user)
    if not (scope.has(Perm.RECORD_WORK) or scope.has(Perm.HANDLE_MATTERS)):
        raise NotAllowed

    def create() -> dict[str, object]:
        form = MatterForm(
            form_data(payload.dict()),
            units=working_units(request.user, Perm.RECORD_WORK, Perm.HANDLE_MATTERS),
            communities=target_communities_for(request.user),
        )
        data = require_valid(form)
        text = f"{data['title']} {data['description']}"
        if not data["file_anyway"] and duplicates_for(request.user, text=text):
            raise ApiRefusal(
                409,
                "likely_duplicate",
                _(
                    "This looks like a matter already open. "
                    "Link your report to it, or confirm that it is new."
                ),
            )
        matter = services.matter_create(
            actor=request.user,
            title=data["title"],
            description=data["description"],
            category=data["category"],
            origin=data["origin"],
            rectification_kind=data["rectification_kind"],
            action_code=data["action_code"],
            reporting_unit=data["reporting_unit"],
            requester_name=data["requester_name"],
            requester_phone=data["requester_phone"],
            place=data["place"],
            target_unit=data["target_unit"],
            attachments=[],
        )
        return {
            "id": matter.pk,
            "url": reverse("matters:matter_detail", kwargs={"matter_id": matter.pk}),
        }

    return idempotent_create(
        api, request, operation="matter_create", payload=payload.dict(), create=create
    )


@router.post(
    "/matters/{matter_id}/transitions",
    response=MatterOut,
    summary="Take an action on a matter",
    description=(
        "Through the workflow's table, as the detail page's buttons: a refused action is a "
        "409 with the workflow's code. A matter that leaves the caller's scope by the action "
        "(returned by a grid's cadre, say) is answered without actions."
    ),
)
def matter_transition(request: HttpRequest, matter_id: int, payload: TransitionIn) -> Any:
    matter = matter_get_for(request.user, matter_id)
    units = working_units(request.user, Perm.HANDLE_MATTERS, Perm.SUPERVISE)
    fields = payload.dict(exclude={"action"})
    data = require_valid(TransitionForm(form_data(fields), units=units))
    if payload.action == "confirm":
        done = services.matter_confirm(
            matter=matter, actor=request.user, resolution=data["resolution"], note=data["note"]
        )
    else:
        done = services.matter_transition(
            matter=matter,
            action=payload.action,
            actor=request.user,
            note=data["note"],
            responsible_unit=data["responsible_unit"],
            deadline=data["deadline"],
            satisfaction=data["satisfaction"],
        )
    if matters_visible_to(request.user).filter(pk=done.pk).exists():
        return _shown(request.user, done.pk)
    return _detail(request.user, done, actions=[])


@router.post(
    "/matters/{matter_id}/attachments",
    response={201: AttachmentOut},
    summary="Attach a photo or PDF",
    description="Multipart, field `file`: the page's checks of content type and size.",
)
def matter_attachment_create(request: HttpRequest, matter_id: int, file: File[NinjaFile]) -> Status:
    matter = matter_get_for(request.user, matter_id)
    form = AttachmentForm(data={}, files={"file": file})
    upload: UploadedFile = require_valid(form)["file"]
    attachment = services.matter_attach(matter=matter, actor=request.user, upload=upload)
    body = {
        "id": attachment.pk,
        "name": attachment.name,
        "content_type": attachment.content_type,
        "size": attachment.size,
        "url": reverse(
            "api:matter_attachment_get",
            kwargs={"matter_id": matter.pk, "attachment_id": attachment.pk},
        ),
    }
    return Status(201, body)


@router.get(
    "/matters/{matter_id}/attachments/{attachment_id}",
    summary="Download an attachment",
    description="The file itself, as the page serves it.",
    response={200: None},
    openapi_extra={
        "responses": {
            "200": {
                "description": "The file.",
                "content": {
                    kind: {"schema": {"type": "string", "format": "binary"}}
                    for kind in sorted(services.ATTACHMENT_TYPES)
                },
            }
        }
    },
)
def matter_attachment_get(request: HttpRequest, matter_id: int, attachment_id: int) -> FileResponse:
    matter = matter_get_for(request.user, matter_id)  # 404 outside the scope
    attachment = get_object_or_404(MatterAttachment, pk=attachment_id, matter=matter)
    response = FileResponse(open_stored(attachment.file), content_type=attachment.content_type)
    disposition = "inline" if attachment.content_type in services.ATTACHMENT_TYPES else "attachment"
    response["Content-Disposition"] = f"{disposition}; filename*=UTF-8''{quote(attachment.name)}"
    response["X-Content-Type-Options"] = "nosniff"
    return response
