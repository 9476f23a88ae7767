"""The cockpit's slow panels, counted at most every few minutes per user.

At province scale the matters-by-state panel and attendance since January each read
millions of rows (about 1 s and 3 s), and a wall screen asks every minute. Those panels (and
this month's visit coverage) are kept in the cache — the database cache in production, so
every app server shares them — for ``ZHENGXIAN_COCKPIT_KEEP_SECONDS`` (300), and the page
says when they were counted. The worker counts them again shortly before they expire for
each user who opened the cockpit in the last hour, so an open wall screen never waits; the
first opening of the day counts while the user waits.

Kept per user (a leader's scope decides every figure), per day and per language (the
panels hold translated labels).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.utils import translation

from zhengxian.core import clock

from .matters import MatterFigures, matter_figures
from .people import AttendanceFigures, CoverageFigures, attendance, visit_coverage
from .scope import cockpit_unit_for

VIEWERS_KEY = "cockpit:viewers"
WATCHED = dt.timedelta(hours=1)  # how long after a visit the worker keeps counting
AHEAD = dt.timedelta(seconds=90)  # counted again this long before the kept ones expire
REMEMBERED_FOR = dt.timedelta(minutes=1)  # a viewer's latest visit, written no more often


def keep_seconds() -> int:
    return int(settings.ZHENGXIAN_COCKPIT_KEEP_SECONDS)


@dataclass(frozen=True)
class Counted:
    matters: MatterFigures
    attendance: AttendanceFigures
    coverage: CoverageFigures | None
    at: dt.datetime


def _key(user_id: int, today: dt.date, language: str) -> str:
    return f"cockpit:panels:{user_id}:{today.isoformat()}:{language}"


def counted_panels(user: Any, *, unit: Any, today: dt.date) -> Counted:
    """The slow panels for ``user``: as kept, or counted now (and kept)."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    _remember(user.pk, language)
    key = _key(user.pk, today, language)
    found = cache.get(key)
    if isinstance(found, Counted):
        return found
    return _count_and_keep(user, unit=unit, today=today, key=key)


def _count_and_keep(user: Any, *, unit: Any, today: dt.date, key: str) -> Counted:
    counted = Counted(
        matters=matter_figures(user, today=today),
        attendance=attendance(user, today=today),
        coverage=visit_coverage(user, unit=unit, today=today) if unit is not None else None,
        at=clock.now(),
    )
    cache.set(key, counted, keep_seconds())
    return counted


def _remember(user_id: int, language: str) -> None:
    # Written at most once a minute per viewer: the worker only asks who opened the cockpit
    # in the last hour, and a cache write is a transaction on the database's cache table.
    viewers = cache.get(VIEWERS_KEY) or {}
    entry, now = f"{user_id}:{language}", clock.now()
    seen = viewers.get(entry)
    if seen is not None and now - seen < REMEMBERED_FOR:
        return
    viewers[entry] = now
    cache.set(VIEWERS_KEY, viewers, int(WATCHED.total_seconds()) * 2)


def warm_cockpits() -> int:
    """Counts again the panels of each user who opened the cockpit in the last hour whose
    kept panels are missing or about to expire (the worker, every minute); returns how many."""
    if keep_seconds() <= 0:  # counted on every request: nothing to keep warm
        return 0
    now, today = clock.now(), clock.today()
    viewers = {
        entry: seen
        for entry, seen in (cache.get(VIEWERS_KEY) or {}).items()
        if now - seen < WATCHED
    }
    cache.set(VIEWERS_KEY, viewers, int(WATCHED.total_seconds()) * 2)
    users = get_user_model().objects.in_bulk({int(entry.split(":")[0]) for entry in viewers})
    counted = 0
    for entry in viewers:
        user_id, language = entry.split(":", 1)
        user = users.get(int(user_id))
        if user is None or not user.is_active:
            continue
        key = _key(user.pk, today, language)
        found = cache.get(key)
        expires = dt.timedelta(seconds=keep_seconds()) - AHEAD
        if isinstance(found, Counted) and now - found.at < expires:
            continue
        with translation.override(language):
            try:
                unit = cockpit_unit_for(user)
            except PermissionDenied:  # the leadership role was taken away
                continue
            _count_and_keep(user, unit=unit, today=today, key=key)
        counted += 1
    return counted
