"""Which projects a battle chart shows, kept until a project, milestone, tag or unit changes.

At province scale the chart's window holds tens of thousands of projects: counting them by
stored colour and sorting their ids for the page took two queries of about 15 ms each on
every opening and every page. Both change only when a project, a milestone (it brings its
project into a window), a tag (the tag filter) or a unit (the scope) is written: they are
kept in the cache under a `WriteVersion` those writes renew, per user (a lead leader sees
the projects he leads) or shared by every user whose scope is everything, per filters and
window, for at most ``KEEP_SECONDS``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from zhengxian.core.write_version import WriteVersion
from zhengxian.orgs.roles import Perm
from zhengxian.orgs.scope import scope_for

CHART = WriteVersion("projects:chart-version")
KEEP_SECONDS = 600


@dataclass(frozen=True)
class ChartWindow:
    stored: Counter[str]  # stored colour -> projects in the window (the status filter aside)
    ids: list[int] | None  # in display order, the status filter applied; None: colours live


def kept_window(
    user: Any, *, filters: Any, start: dt.date, live_limit: int, count: Callable[[], ChartWindow]
) -> ChartWindow:
    seen = scope_for(user).cache_key(Perm.VIEW_ORG)
    who = "all" if seen == "all" else f"{user.pk}:{seen}"  # a lead sees his own projects too
    asked = hashlib.sha256(repr(filters).encode()).hexdigest()[:32]
    key = f"{who}:{start.isoformat()}:{asked}:{live_limit}"
    return CHART.kept(key, count, seconds=KEEP_SECONDS)


def connect_version() -> None:
    from zhengxian.orgs.models import Unit

    from .models import Milestone, Project, ProjectTag

    CHART.follow(Project, Milestone, ProjectTag, Unit)
