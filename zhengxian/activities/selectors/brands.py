"""Brands and their season totals (e.g. 一河四站 新春季: 累计6万人次), computed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404
from django.utils import timezone

from ..models import Activity, Brand, Season, Session
from ..models.activities import HELD_STATUSES
from .access import activity_visibility_q


@dataclass(frozen=True)
class SeasonTotals:
    season: Season
    participants: int
    events: int  # activities with at least one held session in the season
    sessions: int  # held sessions in the season


def brands_for(user: Any) -> QuerySet[Brand]:
    """Every brand: a brand and its totals are the sub-district's published figures."""
    return Brand.objects.select_related("owner").order_by("name")


def brand_get_for(user: Any, brand_id: int) -> Brand:
    brand = brands_for(user).filter(pk=brand_id).first()
    if brand is None:
        raise Http404
    return brand


def _day_bounds(first: dt.date, last: dt.date) -> tuple[dt.datetime, dt.datetime]:
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(first, dt.time.min, tzinfo=tz)
    end = dt.datetime.combine(last + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    return start, end


def held_sessions_of(brand: Brand, first: dt.date, last: dt.date) -> QuerySet[Session]:
    start, end = _day_bounds(first, last)
    return Session.objects.filter(
        activity__brand=brand, status__in=HELD_STATUSES, starts_at__gte=start, starts_at__lt=end
    )


def season_totals(brand: Brand) -> list[SeasonTotals]:
    """Participants, events and sessions of each season: one aggregate query per season."""
    totals = []
    for season in brand.seasons.order_by("-starts_on"):
        figures = held_sessions_of(brand, season.starts_on, season.ends_on).aggregate(
            participants=Sum("participants"),
            events=Count("activity", distinct=True),
            sessions=Count("pk"),
        )
        totals.append(
            SeasonTotals(
                season=season,
                participants=figures["participants"] or 0,
                events=figures["events"],
                sessions=figures["sessions"],
            )
        )
    return totals


def brand_sessions(user: Any, brand: Brand, season: Season | None = None) -> QuerySet[Session]:
    """The brand's sessions the user may see, newest first."""
    sessions = Session.objects.filter(
        Q(activity__brand=brand), Q(activity__in=_visible_activity_ids(user))
    )
    if season is not None:
        start, end = _day_bounds(season.starts_on, season.ends_on)
        sessions = sessions.filter(starts_at__gte=start, starts_at__lt=end)
    return sessions.select_related("activity__organiser").order_by("-starts_at")


def _visible_activity_ids(user: Any) -> QuerySet[Any]:
    return Activity.objects.filter(activity_visibility_q(user)).values("pk")
