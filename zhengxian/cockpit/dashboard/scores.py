"""Rankings with movement, a unit's trend and its radar against the group mean, through the
result pages' selectors (the same sheet, the same scope)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django.http import Http404
from django.urls import reverse

from zhengxian.campaigns.models import Campaign, Period
from zhengxian.scoring.selectors import (
    GroupTab,
    ScoreCard,
    TrendPoint,
    current_sheet_for,
    ranking_campaigns_for,
    ranking_for,
    rankings_for,
    scorecard_for,
    unit_trend_for,
)
from zhengxian.scoring.selectors.publication_modes import sees_full_ranking
from zhengxian.scoring.selectors.ranking import RankingRow

MAX_ROWS = 15  # the cockpit shows a group's head; the list behind it has every unit


@dataclass(frozen=True)
class GroupRanking:
    """A group's head as the cockpit draws it: plain values, no page or query set, so that
    it can be kept in the cache (``kept_scores``)."""

    tab: GroupTab
    full_score: Decimal
    rows: list[RankingRow]
    url: str


@dataclass
class ScoreFigures:
    campaign: Campaign | None = None
    period: Period | None = None
    groups: list[GroupRanking] = field(default_factory=list)
    unit_id: int | None = None
    unit_name: str = ""
    trend: list[TrendPoint] = field(default_factory=list)
    trend_url: str = ""
    card: ScoreCard | None = None
    card_url: str = ""
    ranking_url: str = ""  # the ranking page: where a tiers-only campaign's ranking is read
    tiers_only: bool = False  # the publication mode hides points and ranks from this user

    @property
    def unit_choices(self) -> list[tuple[int, str]]:
        """The ranked units whose card the user may open: whose trend the page may show."""
        return [(r.unit_id, r.name) for g in self.groups for r in g.rows if r.can_open]


def _latest(user: Any) -> tuple[Campaign, Period] | None:
    for link in ranking_campaigns_for(user):
        if link.latest is not None:
            return link.campaign, link.latest
    return None


def _first_openable(ranking: Any) -> int | None:
    return next((row.unit_id for row in ranking.rows if row.can_open), None)


def score_figures(user: Any, *, unit_id: int | None = None) -> ScoreFigures:
    """The latest ranking the user may see, each group's head; the trend and radar of
    ``unit_id`` (when in the user's scope) or of the first group's leader."""
    found = _latest(user)
    if found is None:
        return ScoreFigures()
    campaign, period = found
    figures = ScoreFigures(campaign=campaign, period=period)
    # The head of each group only: building a whole page of 100 rows per group for the 15
    # shown was half of the cockpit's time at province scale.
    if not sees_full_ranking(user, campaign):
        # The same rule as the ranking page: tiers or lists only, no points, ranks or chart;
        # no group's rows are read for it.
        if current_sheet_for(user, period) is not None:
            figures.ranking_url = reverse("scoring:ranking", args=[period.pk])
            figures.tiers_only = True
        return figures
    rankings = rankings_for(user, period, per_page=MAX_ROWS)
    if not rankings:
        return figures
    first = rankings[0]
    base = figures.ranking_url = reverse("scoring:ranking", args=[period.pk])
    for ranking in rankings:
        url = f"{base}?{urlencode({'group': ranking.group.code})}"
        figures.groups.append(GroupRanking(ranking.group, ranking.full_score, ranking.rows, url))
    chosen = unit_id or _first_openable(first)
    if chosen is None and first.page.has_next():
        # None of the head may be opened (a unit's own leader): look further down the list.
        whole = ranking_for(user, period, group=first.group.code)
        chosen = _first_openable(whole) if whole is not None else None
    if chosen is None:
        return figures
    try:
        unit, figures.trend = unit_trend_for(user, campaign, chosen)
        figures.card = scorecard_for(user, period, chosen)
    except Http404:
        return figures
    figures.unit_id, figures.unit_name = unit.pk, unit.name
    figures.trend_url = reverse("scoring:unit_trend", args=[campaign.pk, unit.pk])
    figures.card_url = reverse("scoring:scorecard", args=[period.pk, unit.pk])
    return figures
