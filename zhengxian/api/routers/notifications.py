"""Notifications: the caller's own, and marking them read as the notifications page does."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import Http404, HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme
from ninja import Query, Router, Schema

from zhengxian.core.models import Notification
from zhengxian.core.notifications import mark_all_read, mark_group_read, notifications_for

from ..filters import ListParams
from ..pagination import DEFAULT_LIMIT, Page, cursor_slice

router = Router(tags=["notifications"])


class NotificationParams(Schema):
    """``unread``: only the unread ones; ``kind``: only this kind; ``cursor``/``limit``: as
    in every list."""

    cursor: str | None = None
    limit: int = DEFAULT_LIMIT
    unread: bool = False
    kind: str = ""


class NotificationOut(Schema):
    id: int
    text: str
    url: str
    kind: str
    kind_label: str
    priority: int
    group: str
    group_label: str
    created_at: dt.datetime
    read_at: dt.datetime | None


class MarkedOut(Schema):
    marked: int


def _safe(url: str, request: HttpRequest) -> str:
    """Only links within the site, as on the page."""
    if url.startswith("/") and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}
    ):
        return url
    return ""


def _out(notification: Notification, request: HttpRequest) -> dict[str, Any]:
    return {
        "id": notification.pk,
        "text": notification.text,
        "url": _safe(notification.url, request),
        "kind": notification.kind,
        "kind_label": str(notification.get_kind_display()),
        "priority": notification.priority,
        "group": notification.group,
        "group_label": notification.group_label,
        "created_at": notification.created_at,
        "read_at": notification.read_at,
    }


@router.get(
    "/notifications",
    response=Page[NotificationOut],
    summary="My notifications",
    description="The caller's own notifications, newest first.",
)
def notification_list(request: HttpRequest, params: Query[NotificationParams]) -> dict[str, Any]:
    limit = ListParams(limit=params.limit).checked_limit()
    rows = notifications_for(request.user)
    if params.unread:
        rows = rows.filter(read_at__isnull=True)
    if params.kind:
        rows = rows.filter(kind=params.kind)
    page = cursor_slice(rows, cursor=params.cursor, limit=limit, order=("-created_at", "-id"))
    return {"items": [_out(n, request) for n in page.items], "next_cursor": page.next_cursor}


@router.post(
    "/notifications/read-all",
    response=MarkedOut,
    summary="Mark all my notifications read",
)
def notification_read_all(request: HttpRequest) -> dict[str, int]:
    return {"marked": mark_all_read(request.user)}


@router.post(
    "/notifications/{notification_id}/read",
    response=MarkedOut,
    summary="Mark a notification read",
    description=(
        "As on the page, a notification is read with its group (the same kind and object): "
        "`marked` says how many. Another user's notification is a 404."
    ),
)
def notification_read(request: HttpRequest, notification_id: int) -> dict[str, int]:
    notification = notifications_for(request.user).filter(pk=notification_id).first()
    if notification is None:
        raise Http404
    marked = mark_group_read(
        request.user,
        kind=notification.kind,
        group=notification.group,
        pk=notification.pk,
    )
    return {"marked": marked}
