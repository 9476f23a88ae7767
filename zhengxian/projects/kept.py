"""Which projects a battle chart shows, its rows as drawn and the cockpit's count of projects
by colour, kept until a project, milestone, tag, unit or person changes.

At province scale the chart's window holds tens of thousands of projects: counting them by
stored colour and sorting their ids for the page took two queries of about 15 ms each on
every opening and every page. Both change only when a project, a milestone (it brings its
project into a window), a tag (the tag filter) or a unit (the scope) is written: they are
kept in the cache under a `WriteVersion` those writes renew, per user (a lead leader sees
the projects he leads) or shared by every user whose scope is everything, per filters and
window, for at most ``KEEP_SECONDS``.

The rows of a page, as HTML, are kept the same way, and per day and language (a milestone's
colour depends on the day); a person's write renews them too (a lead's name). Deriving 50
projects' colours and drawing their tracks and milestones took 30 ms of a 45 ms page, for a
chart a wall screen or a leader opens again and again while nothing changed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils import translation

from zhengxian.core.write_version import WriteVersion
from zhengxian.orgs.roles import Perm
from zhengxian.orgs.scope import scope_for

CHART = WriteVersion("projects:chart-version")
KEEP_SECONDS = 600


@dataclass(frozen=True)
class ChartWindow:
    stored: Counter[str]  # stored colour -> projects in the window (the status filter aside)
    ids: list[int] | None  # in display order, the status filter applied; None: colours live


def _viewer(user: Any) -> str:
    """Whose projects: shared by every user who sees everything, else the user's own (a lead
    sees the projects he leads too)."""
    seen = scope_for(user).cache_key(Perm.VIEW_ORG)
    return "all" if seen == "all" else f"{user.pk}:{seen}"


def window_key(user: Any, *, filters: Any, start: dt.date) -> str:
    """Who asks (by what they may see), with which filters, from which month."""
    asked = hashlib.sha256(repr(filters).encode()).hexdigest()[:32]
    return f"{_viewer(user)}:{start.isoformat()}:{asked}"


def kept_window(key: str, *, live_limit: int, count: Callable[[], ChartWindow]) -> ChartWindow:
    return CHART.kept(f"{key}:{live_limit}", count, seconds=KEEP_SECONDS)


def kept_rows(key: str, draw: Callable[[], str]) -> str:
    """The rows of the page ``key`` names (a window, a page and a day) as ``draw()`` renders
    them in the active language."""
    return CHART.kept(f"rows:{key}:{translation.get_language()}", draw, seconds=KEEP_SECONDS)


def kept_status_counts(user: Any, count: Callable[[], dict[str, int]]) -> dict[str, int]:
    """The user's projects counted by stored colour (the cockpit's project panel)."""
    return CHART.kept(f"statuses:{_viewer(user)}", count, seconds=KEEP_SECONDS)


def connect_version() -> None:
    from zhengxian.orgs.models import Person, Unit

    from .models import Milestone, Project, ProjectTag

    CHART.follow(Project, Milestone, ProjectTag, Unit, Person)  # a person: a lead's name
