"""The navigation, as data: each entry shows only to users holding its permission.

Entries are grouped into sections by the app that owns them (the URL namespace), so that
a campaign office with twenty entries gets five menus rather than a wall of links.
"""

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


@dataclass(frozen=True)
class NavSection:
    code: str
    label: str | Promise
    icon: str
    namespaces: tuple[str, ...]


SECTIONS: list[NavSection] = [
    NavSection("org", _("Organisation"), "diagram-3", ("orgs", "audit")),
    NavSection("campaign", _("Campaign"), "trophy", ("campaigns", "scoring")),
    NavSection("work", _("Visits and matters"), "geo-alt", ("matters",)),
    NavSection("projects", _("Projects"), "kanban", ("projects",)),
    NavSection("activities", _("Study and events"), "mortarboard", ("activities",)),
]


def sections_for(items: list[dict[str, object]]) -> list[dict[str, object]]:
    """The visible entries grouped by section, in section order; entries of no section
    (home, notifications) come first as single links."""
    by_section: dict[str, list[dict[str, object]]] = {section.code: [] for section in SECTIONS}
    loose: list[dict[str, object]] = []
    for item in items:
        namespace = str(item["name"]).split(":", 1)[0]
        section = next((s for s in SECTIONS if namespace in s.namespaces), None)
        (by_section[section.code] if section else loose).append(item)
    grouped: list[dict[str, object]] = [{"items": [item], "single": True} for item in loose]
    for section in SECTIONS:
        if by_section[section.code]:
            grouped.append(
                {
                    "code": section.code,
                    "label": section.label,
                    "icon": section.icon,
                    "namespaces": section.namespaces,
                    "items": by_section[section.code],
                    "single": False,
                }
            )
    return grouped


def items_for(scope: object) -> list[dict[str, object]]:
    entries: list[dict[str, object]] = []
    for item in NAVIGATION:
        if not scope.has(item.perm):  # type: ignore[attr-defined]
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:  # an app that is not installed
            continue
        entries.append({"label": item.label, "url": url, "icon": item.icon, "name": item.url_name})
    return entries
