"""Activities: the list, an activity with its sessions, a session's attendance, attachments
and the organiser's sign-in by hand."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, QuerySet
from django.http import FileResponse, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema

from zhengxian.activities import rules, services
from zhengxian.activities.forms import ManualSignInForm, aware
from zhengxian.activities.models import (
    Activity,
    ActivityKind,
    Attachment,
    ExpectedAttendee,
    Session,
    SignIn,
)
from zhengxian.activities.selectors.access import (
    activities_visible_to,
    activity_get_for,
    attachment_get_for,
    can_organise,
    session_get_for,
)
from zhengxian.activities.selectors.attendance import (
    RosterRow,
    SessionCounts,
    counts_of,
    session_counts,
    session_roster,
)
from zhengxian.core import clock
from zhengxian.core.stored_files import open_stored
from zhengxian.orgs.models import Person
from zhengxian.orgs.roles import Perm

from ..errors import ApiRefusal
from ..filters import ListParams, scoped_unit, under
from ..forms import form_data, require_valid
from ..idempotency import idempotent_create
from ..pagination import Page, cursor_slice
from ..schemas import Ref

router = Router(tags=["activities"])

# What `core.uploads.check_upload` lets in, by content.
ATTACHMENT_TYPES = (
    "image/jpeg",
    "image/png",
    "image/gif",
    "image/webp",
    "application/pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
)


# --- shapes ------------------------------------------------------------------------------


class ActivityListParams(ListParams):
    """``unit``: the organising unit (and those below it); ``date_from``/``date_to``:
    activities with a session starting on one of those days."""

    kind: str | None = None


class ActivityItemOut(Schema):
    id: int
    kind: str
    kind_label: str
    title: str
    series: str
    organiser: Ref
    brand: Ref | None
    alliance: str
    first_start: dt.datetime | None
    session_count: int
    url: str


class CountsOut(Schema):
    expected: int
    signed: int
    on_time: int
    late: int
    absent: int
    pending: int
    walk_ins: int
    by_hand: int
    percent: float | None


class SessionItemOut(Schema):
    id: int
    number: int
    title: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    place: str
    status: str
    status_label: str
    participants: int | None
    counts: CountsOut | None  # the organiser's figures, as on the activity page


class AttachmentOut(Schema):
    id: int
    name: str
    content_type: str
    size: int
    url: str


class ActivityOut(ActivityItemOut):
    description: str
    partners: str
    can_organise: bool
    session_list: list[SessionItemOut]
    attachments: list[AttachmentOut]


class RosterRowOut(Schema):
    person: Ref
    unit_name: str
    on_roster: bool
    state: str | None  # on_time, late, absent, pending, not_held; null for a walk-in
    state_label: str
    signed_at: dt.datetime | None
    method: str | None
    reason: str


class SessionOut(SessionItemOut):
    activity: Ref
    window_opens: dt.datetime
    window_closes: dt.datetime
    can_organise: bool
    roster: list[RosterRowOut]
    mine: RosterRowOut | None


class ManualSignInIn(Schema):
    person: int
    reason: str
    time: dt.time | None = None


class ManualSignInCreated(Schema):
    id: int
    url: str
    session: int
    person: Ref
    signed_at: dt.datetime
    method: str
    reason: str
    late: bool


# --- activities --------------------------------------------------------------------------


def _ref(obj: Any) -> dict[str, Any] | None:
    return None if obj is None else {"id": obj.pk, "name": obj.name}


def _item(activity: Activity) -> dict[str, Any]:
    return {
        "id": activity.pk,
        "kind": activity.kind,
        "kind_label": str(activity.get_kind_display()),
        "title": activity.title,
        "series": activity.series,
        "organiser": _ref(activity.organiser),
        "brand": _ref(activity.brand),
        "alliance": activity.alliance,
        "first_start": activity.first_start,  # type: ignore[attr-defined]
        "session_count": activity.session_count,  # type: ignore[attr-defined]
        "url": reverse("activities:activity_detail", args=[activity.pk]),
    }


def _visible(request: HttpRequest) -> QuerySet[Activity]:
    return activities_visible_to(request.user).annotate(session_count=Count("sessions"))


@router.get(
    "/activities",
    response=Page[ActivityItemOut],
    summary="List activities",
    description=(
        "The activities the caller sees (organised in their scope, or where they are on a "
        "session's roster or signed in), latest first session first, as on the list page. "
        "`kind`: first_topic, study, sharing, training, event, alliance, other."
    ),
)
def activity_list(request: HttpRequest, params: Query[ActivityListParams]) -> dict[str, Any]:
    if params.kind and params.kind not in ActivityKind.values:
        raise ApiRefusal(
            422, "invalid", _("kind is one of %(kinds)s.") % {"kinds": ", ".join(ActivityKind)}
        )
    unit = scoped_unit(request.user, params.unit)
    date_from, date_to = params.checked_range()
    activities = _visible(request).filter(**under(unit, "organiser"))
    if params.kind:
        activities = activities.filter(kind=params.kind)
    if date_from or date_to:
        sessions = Session.objects.all()
        if date_from:
            sessions = sessions.filter(starts_at__date__gte=date_from)
        if date_to:
            sessions = sessions.filter(starts_at__date__lte=date_to)
        activities = activities.filter(pk__in=sessions.values("activity_id"))
    page = cursor_slice(
        activities,
        cursor=params.cursor,
        limit=params.checked_limit(),
        order=("-first_start", "-id"),
    )
    return {"items": [_item(a) for a in page.items], "next_cursor": page.next_cursor}


def _counts(counts: SessionCounts) -> dict[str, Any]:
    return {
        "expected": counts.expected,
        "signed": counts.signed,
        "on_time": counts.on_time,
        "late": counts.late,
        "absent": counts.absent,
        "pending": counts.pending,
        "walk_ins": counts.walk_ins,
        "by_hand": counts.by_hand,
        "percent": counts.percent,
    }


def _session_item(session: Session, counts: SessionCounts | None) -> dict[str, Any]:
    return {
        "id": session.pk,
        "number": session.number,
        "title": session.title,
        "starts_at": session.starts_at,
        "ends_at": session.ends_at,
        "place": session.place,
        "status": session.status,
        "status_label": str(session.get_status_display()),
        "participants": session.participants,
        "counts": None if counts is None else _counts(counts),
    }


def _attachment(attachment: Attachment) -> dict[str, Any]:
    return {
        "id": attachment.pk,
        "name": attachment.name,
        "content_type": attachment.content_type,
        "size": attachment.size,
        "url": reverse("api:activity_attachment_get", args=[attachment.pk]),
    }


@router.get(
    "/activities/{activity_id}",
    response=ActivityOut,
    summary="An activity",
    description=(
        "The activity with its sessions (`session_list`) and attachments. Each session's "
        "`counts` (signed in, late, absent …) are given to organisers only, as on the page."
    ),
)
def activity_get(request: HttpRequest, activity_id: int) -> dict[str, Any]:
    found = activity_get_for(request.user, activity_id)
    activity = _visible(request).get(pk=found.pk)
    organiser = can_organise(request.user, activity)
    now = clock.now()
    sessions = activity.sessions.order_by("starts_at", "pk")
    return {
        **_item(activity),
        "description": activity.description,
        "partners": activity.partners,
        "can_organise": organiser,
        "session_list": [
            _session_item(s, session_counts(s, now) if organiser else None) for s in sessions
        ],
        "attachments": [_attachment(a) for a in activity.attachments.order_by("pk")],
    }


@router.get(
    "/activities/{activity_id}/attachments",
    response=Page[AttachmentOut],
    summary="An activity's attachments",
    description="Photos and documents, oldest first; `url` downloads one.",
)
def activity_attachment_list(
    request: HttpRequest, activity_id: int, cursor: str | None = None, limit: int = 50
) -> dict[str, Any]:
    activity = activity_get_for(request.user, activity_id)
    params = ListParams(cursor=cursor, limit=limit)
    page = cursor_slice(
        activity.attachments.all(),
        cursor=params.cursor,
        limit=params.checked_limit(),
        order=("id",),
    )
    return {"items": [_attachment(a) for a in page.items], "next_cursor": page.next_cursor}


@router.get(
    "/activities/attachments/{attachment_id}",
    response={200: None},
    summary="Download an attachment",
    description="The file, for whoever sees the activity (as the page serves it).",
    openapi_extra={
        "responses": {
            "200": {
                "description": "The file, with its own content type.",
                "content": {
                    kind: {"schema": {"type": "string", "format": "binary"}}
                    for kind in ATTACHMENT_TYPES
                },
            }
        }
    },
)
def activity_attachment_get(request: HttpRequest, attachment_id: int) -> FileResponse:
    attachment = attachment_get_for(request.user, attachment_id)
    return FileResponse(
        open_stored(attachment.file),
        as_attachment=not attachment.is_photo,
        filename=attachment.name,
        content_type=attachment.content_type,
    )


# --- sessions ----------------------------------------------------------------------------


def _row(row: RosterRow) -> dict[str, Any]:
    sign_in = row.sign_in
    return {
        "person": {"id": row.person_id, "name": row.name},
        "unit_name": row.unit_name,
        "on_roster": row.on_roster,
        "state": str(row.state) if row.state else None,
        "state_label": row.state_label,
        "signed_at": sign_in.signed_at if sign_in else None,
        "method": sign_in.method if sign_in else None,
        "reason": sign_in.reason if sign_in else "",
    }


@router.get(
    "/sessions/{session_id}",
    response=SessionOut,
    summary="A session and its attendance",
    description=(
        "The roster as the session page shows it to the caller: whoever sees the organising "
        "unit gets every row (who is late, absent, not signed in yet); an attendee from "
        "elsewhere gets the rows of people in their own scope and their own row (`mine`). "
        "States are derived as of now."
    ),
)
def session_get(request: HttpRequest, session_id: int) -> dict[str, Any]:
    session = session_get_for(request.user, session_id)
    now = clock.now()
    roster = session_roster(request.user, session, now)
    person_id = (
        Person.objects.filter(user_id=request.user.pk or 0).values_list("pk", flat=True).first()
    )
    mine = next((row for row in roster if row.person_id == person_id), None)
    return {
        **_session_item(session, counts_of(roster)),
        "activity": {"id": session.activity.pk, "name": session.activity.title},
        "window_opens": rules.window_opens(session),
        "window_closes": rules.window_closes(session),
        "can_organise": can_organise(request.user, session.activity),
        "roster": [_row(row) for row in roster],
        "mine": None if mine is None else _row(mine),
    }


@router.post(
    "/sessions/{session_id}/sign-ins/manual",
    response={201: ManualSignInCreated},
    summary="Record a sign-in by hand",
    description=(
        "An organiser records that someone on the roster was there (no phone, a failing "
        "scan), with the required `reason` and optionally the time they arrived (`HH:MM`, "
        "default the start: on time), only at a held session: the page's form and service. "
        "Someone who already signed in is refused (409 `already`). Send an "
        "`Idempotency-Key`: a retry returns the first answer."
    ),
)
def session_manual_sign_in(
    request: HttpRequest, session_id: int, payload: ManualSignInIn
) -> HttpResponse:
    from ..api import api

    session = session_get_for(request.user, session_id, Perm.ORGANISE_ACTIVITIES)

    def create() -> dict[str, Any]:
        roster = Person.objects.filter(
            pk__in=ExpectedAttendee.objects.filter(session=session).values("person_id")
        )
        form = ManualSignInForm(form_data(payload.dict()), people=roster)
        data = require_valid(form)
        signed_at = (
            aware(timezone.localdate(session.starts_at), data["time"]) if data["time"] else None
        )
        row: SignIn = services.sign_in_by_hand(
            session=session,
            person=data["person"],
            reason=data["reason"],
            actor=request.user,
            signed_at=signed_at,
        )
        url = reverse("activities:session_detail", args=[session.pk])
        return {
            "id": row.pk,
            "url": f"{url}#sign-in-{row.pk}",
            "session": session.pk,
            "person": {"id": row.person.pk, "name": row.person.name},
            "signed_at": row.signed_at.isoformat(),
            "method": row.method,
            "reason": row.reason,
            "late": rules.is_late(session, row.signed_at),
        }

    return idempotent_create(
        api,
        request,
        operation="session_manual_sign_in",
        payload={"session": session_id, **payload.dict()},
        create=create,
    )
