"""The menu of every page: the entries the user's scope allows (`zhengxian.core.navigation`)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from zhengxian.core.navigation import items_for, sections_for
from zhengxian.core.notifications import unread_group_count

from .scope import scope_for


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    scope = scope_for(user)
    # Counted only when a page shows it (not for htmx fragments): groups, not rows.
    unread = SimpleLazyObject(lambda: unread_group_count(user))
    items = items_for(scope)
    return {
        "nav_items": items,
        "nav_sections": sections_for(items),
        "scope": scope,
        "unread_notifications": unread,
    }
