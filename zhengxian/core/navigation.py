"""The navigation, as data: each entry shows only to users holding its permission.

Apps declare their entries (`NavItem`) under the hook ``navigation`` and their menus
(`NavSection`) under ``navigation_sections``, in their ``hooks.py`` (see
`zhengxian.core.hooks`). Entries are grouped into sections by the app that owns them (the
URL namespace), so that a campaign office with twenty entries gets five menus rather than a
wall of links.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise

from . import hooks


class PermissionHolder(Protocol):
    """What the navigation asks of a user's scope (`zhengxian.orgs.scope.Scope`)."""

    def has(self, perm: Any) -> bool: ...


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url_name: str
    icon: str
    perm: str  # a zhengxian.orgs.roles.Perm


@dataclass(frozen=True)
class NavSection:
    code: str
    label: str | Promise
    icon: str
    namespaces: tuple[str, ...]


def navigation() -> list[NavItem]:
    """Every entry the apps declare, in their order."""
    return list(hooks.get_hooks("navigation"))


def sections() -> list[NavSection]:
    return list(hooks.get_hooks("navigation_sections"))


def sections_for(items: list[dict[str, object]]) -> list[dict[str, object]]:
    """The visible entries grouped by section, in section order; entries of no section
    (home, notifications) come first as single links."""
    menus = sections()
    by_section: dict[str, list[dict[str, object]]] = {section.code: [] for section in menus}
    loose: list[dict[str, object]] = []
    for item in items:
        namespace = str(item["name"]).split(":", 1)[0]
        section = next((s for s in menus if namespace in s.namespaces), None)
        (by_section[section.code] if section else loose).append(item)
    grouped: list[dict[str, object]] = [{"items": [item], "single": True} for item in loose]
    for section in menus:
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


def items_for(scope: PermissionHolder) -> list[dict[str, object]]:
    entries: list[dict[str, object]] = []
    for item in navigation():
        if not scope.has(item.perm):
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:  # an app that is not installed
            continue
        entries.append({"label": item.label, "url": url, "icon": item.icon, "name": item.url_name})
    return entries
