"""The navigation, as data: each entry shows only to users holding its permission."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from zhengxian.orgs.roles import Perm


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url_name: str
    icon: str
    perm: Perm


NAVIGATION: list[NavItem] = [
    NavItem(_("Home"), "core:home", "house", Perm.VIEW_ORG),
    NavItem(_("Units"), "orgs:unit_tree", "diagram-3", Perm.VIEW_ORG),
    NavItem(_("People"), "orgs:person_list", "people", Perm.VIEW_ORG),
    NavItem(_("Import"), "orgs:import", "file-earmark-arrow-up", Perm.IMPORT_ORG),
    NavItem(_("Audit log"), "audit:entry_list", "journal-check", Perm.VIEW_AUDIT),
]


def register(item: NavItem) -> None:
    """Lets an app add its own entries (idempotent)."""
    if item not in NAVIGATION:
        NAVIGATION.append(item)


def items_for(scope: object) -> list[dict[str, object]]:
    entries = []
    for item in NAVIGATION:
        if not scope.has(item.perm):  # type: ignore[attr-defined]
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:  # an app that is not installed
            continue
        entries.append({"label": item.label, "url": url, "icon": item.icon, "name": item.url_name})
    return entries
