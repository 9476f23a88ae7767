"""The user's in-app notifications, grouped by kind and object, and marking them read."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from .notifications import (
    fill_items,
    mark_all_read,
    mark_group_read,
    notification_groups,
    unread_group_count,
)


def _safe(url: str, request: HttpRequest) -> str:
    """Only links within the site: a notification's link is followed without a second look."""
    if url.startswith("/") and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}
    ):
        return url
    return ""


@login_required
def notifications(request: HttpRequest) -> HttpResponse:
    """GET lists the user's notification groups, unread and urgent first; POST marks them all
    read, or one group when it names one (``kind``, ``group``, ``pk``)."""
    if request.method == "POST":
        if "kind" in request.POST:
            pk = request.POST.get("pk", "")
            mark_group_read(
                request.user,
                kind=request.POST["kind"],
                group=request.POST.get("group", ""),
                pk=int(pk) if pk.isdigit() and len(pk) < 19 else None,
            )
        elif mark_all_read(request.user):
            messages.success(request, _("All notifications marked read."))
        return redirect("core:notifications")
    page = Paginator(notification_groups(request.user), 30).get_page(request.GET.get("page"))
    fill_items(request.user, list(page.object_list))
    rows = [
        {
            "group": group,
            "url": _safe(group.latest.url, request) if group.latest else "",
            "items": [
                {"notification": item, "url": _safe(item.url, request), "unread": not item.read_at}
                for item in group.items
            ],
        }
        for group in page.object_list
    ]
    context = {"page": page, "rows": rows, "unread_count": unread_group_count(request.user)}
    return render(request, "core/notifications.html", context)
