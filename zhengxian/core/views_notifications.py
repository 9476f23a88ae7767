"""The user's in-app notifications (an appeal filed or decided, …), and marking them read."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from .notifications import mark_all_read, notifications_for, unread_for


@login_required
def notifications(request: HttpRequest) -> HttpResponse:
    """GET lists the user's notifications, newest first; POST marks them all read."""
    if request.method == "POST":
        count = mark_all_read(request.user)
        if count:
            messages.success(request, _("All notifications marked read."))
        return redirect("core:notifications")
    page = Paginator(notifications_for(request.user), 30).get_page(request.GET.get("page"))
    rows = [
        {
            "notification": notification,
            "unread": notification.read_at is None,
            # Only links within the site: a notification's link is followed without a second look.
            "url": notification.url
            if notification.url.startswith("/")
            and url_has_allowed_host_and_scheme(
                notification.url, allowed_hosts={request.get_host()}
            )
            else "",
        }
        for notification in page.object_list
    ]
    context = {"page": page, "rows": rows, "unread_count": unread_for(request.user).count()}
    return render(request, "core/notifications.html", context)
