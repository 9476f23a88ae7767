"""A group's ranking of one sheet, a page at a time, with movement since the last publication;
the campaigns whose rankings a user may open."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, NamedTuple, TypedDict, Unpack

from django.core.paginator import Page
from django.db.models import Count

from zhengxian.campaigns.models import Campaign, CompetitionGroup, Period
from zhengxian.campaigns.selectors import campaigns_visible_to
from zhengxian.core.pagination import KnownCountPaginator
from zhengxian.orgs.duties import is_own_unit
from zhengxian.orgs.models import Unit
from zhengxian.orgs.paths import Placed
from zhengxian.orgs.roles import Perm
from zhengxian.orgs.scope import scope_for
from zhengxian.scoring.links import scorecard_urls

from ..models import ScoreSheet, SheetStatus, UnitScore
from ._numbers import percent
from .access import (
    current_sheet_for,
    full_score,
    manages_campaign,
    preview_sheet,
    previous_published_sheet,
)

RANKING_PAGE_SIZE = 100


@dataclass(frozen=True)
class RankingRow:
    unit_id: int
    code: str
    name: str
    total: Decimal
    rank: int
    group_size: int
    previous_rank: int | None
    movement: int | None  # previous period's published rank − this rank; None: new
    percent: Decimal  # the total as a share of the full score, 0 … 100, for bars
    can_open: bool  # the user may open this unit's score card
    own: bool = False  # the user belongs to this unit (or to a unit below it)
    card_url: str = ""  # the score card's address when the user may open it

    @property
    def movement_size(self) -> int:
        return abs(self.movement or 0)


@dataclass(frozen=True)
class GroupTab:
    code: str
    name: str
    size: int


@dataclass(frozen=True)
class Ranking:
    sheet: ScoreSheet
    previous: ScoreSheet | None
    groups: list[GroupTab]
    group: GroupTab
    page: Page
    rows: list[RankingRow]
    full_score: Decimal


class PageChoice(TypedDict, total=False):
    """Which group and page of a ranking to show: ``sheet_ranking``'s keywords of that name."""

    group: str
    page: Any
    per_page: int


def ranking_for(user: Any, period: Period, **choice: Unpack[PageChoice]) -> Ranking | None:
    """One group's ranking, a page at a time, with movement; None when the user sees no sheet."""
    sheet = current_sheet_for(user, period)
    if sheet is None:
        return None
    scope = scope_for(user)
    return sheet_ranking(
        sheet,
        period,
        can_open=lambda unit: scope.can(Perm.VIEW_SCORES, unit),
        is_own=lambda unit: is_own_unit(user, unit),
        **choice,
    )


def sheet_ranking(
    sheet: ScoreSheet,
    period: Period,
    *,
    group: str = "",
    page: Any = 1,
    per_page: int = RANKING_PAGE_SIZE,
    can_open: Callable[[Placed], bool] = lambda unit: False,
    is_own: Callable[[Placed], bool] = lambda unit: False,
) -> Ranking | None:
    """One group's ranking of ``sheet`` (whoever may see it: the caller decides), a page at a
    time, with movement; None when the sheet has no rows. A constant number of queries."""
    basis = _basis(sheet, period)
    if basis is None:
        return None
    chosen = next((tab for tab in basis.tabs if tab.code == group), basis.tabs[0])
    return _group_page(basis, chosen, page, per_page, can_open, is_own)


def sheet_rankings(
    sheet: ScoreSheet,
    period: Period,
    *,
    per_page: int = RANKING_PAGE_SIZE,
    can_open: Callable[[Placed], bool] = lambda unit: False,
    is_own: Callable[[Placed], bool] = lambda unit: False,
) -> list[Ranking]:
    """The first page of every group's ranking of ``sheet``, in the groups' order: what the
    groups share (their tabs, the previous sheet, the full score) read once."""
    basis = _basis(sheet, period)
    if basis is None:
        return []
    return [_group_page(basis, tab, 1, per_page, can_open, is_own) for tab in basis.tabs]


def sheet_ranking_pages(
    sheet: ScoreSheet, period: Period, *, per_page: int = RANKING_PAGE_SIZE
) -> Iterator[Ranking]:
    """Every page of every group's ranking of ``sheet``, groups in their order and pages in
    theirs (a circular states every unit's line): what the groups share read once."""
    basis = _basis(sheet, period)
    if basis is None:
        return
    for tab in basis.tabs:
        page = 1
        while True:
            ranking = _group_page(basis, tab, page, per_page, _nobody, _nobody)
            yield ranking
            if not ranking.page.has_next():
                break
            page += 1


def _nobody(unit: Placed) -> bool:
    return False


def rankings_for(user: Any, period: Period, *, per_page: int) -> list[Ranking]:
    """The first page of every group's ranking the user may see (none without a sheet)."""
    sheet = current_sheet_for(user, period)
    if sheet is None:
        return []
    scope = scope_for(user)
    return sheet_rankings(
        sheet,
        period,
        per_page=per_page,
        can_open=lambda unit: scope.can(Perm.VIEW_SCORES, unit),
        is_own=lambda unit: is_own_unit(user, unit),
    )


@dataclass(frozen=True)
class _Basis:
    """What every group's ranking of a sheet shares."""

    sheet: ScoreSheet
    period: Period
    tabs: list[GroupTab]
    previous: ScoreSheet | None
    most: Decimal
    card_url: Callable[[int], str]


def _basis(sheet: ScoreSheet, period: Period) -> _Basis | None:
    named = list(
        CompetitionGroup.objects.filter(campaign_id=period.campaign_id)
        .order_by("order", "code")
        .values_list("code", "name")
    )
    names = dict(named)
    sizes = dict(
        UnitScore.objects.filter(sheet=sheet)
        .values("group_code")
        .annotate(n=Count("pk"))
        .values_list("group_code", "n")
    )
    codes = [code for code, _ in named if code in sizes]
    codes += sorted(c for c in sizes if c not in names)
    if not codes:
        return None
    return _Basis(
        sheet=sheet,
        period=period,
        tabs=[GroupTab(code, names.get(code, code), sizes[code]) for code in codes],
        previous=previous_published_sheet(period),
        most=full_score(period.campaign),
        card_url=scorecard_urls(period.pk),
    )


class _Listed(NamedTuple):
    """A ranking row as read: the unit's id, code, name and path, and its standing."""

    pk: int
    code: str
    name: str
    path: str
    total: Decimal
    rank: int
    group_size: int


def _group_page(
    basis: _Basis,
    chosen: GroupTab,
    page: Any,
    per_page: int,
    can_open: Callable[[Placed], bool],
    is_own: Callable[[Placed], bool],
) -> Ranking:
    # Tuples, not model objects: a page of 100 UnitScore and Unit objects took 5 ms, 1 ms read
    # as values.
    rows_qs = (
        UnitScore.objects.filter(sheet=basis.sheet, group_code=chosen.code)
        .order_by("rank", "unit__code")
        .values_list(
            "unit_id", "unit__code", "unit__name", "unit__path", "total", "rank", "group_size"
        )
    )
    paged = KnownCountPaginator(rows_qs, per_page, count=chosen.size).get_page(page)
    listed = [_Listed(*values) for values in paged.object_list]
    before: dict[int, tuple[str, int]] = {}
    if basis.previous is not None:
        before = {
            unit_id: (group_code, rank)
            for unit_id, group_code, rank in UnitScore.objects.filter(
                sheet=basis.previous, unit_id__in=[row.pk for row in listed]
            ).values_list("unit_id", "group_code", "rank")
        }
    rows = []
    for row in listed:
        earlier = before.get(row.pk)
        previous_rank = earlier[1] if earlier and earlier[0] == chosen.code else None
        rows.append(
            RankingRow(
                unit_id=row.pk,
                code=row.code,
                name=row.name,
                total=row.total,
                rank=row.rank,
                group_size=row.group_size,
                previous_rank=previous_rank,
                movement=None if previous_rank is None else previous_rank - row.rank,
                percent=percent(row.total, basis.most),
                can_open=(opens := can_open(row)),
                own=is_own(row),
                card_url=basis.card_url(row.pk) if opens else "",
            )
        )
    return Ranking(basis.sheet, basis.previous, basis.tabs, chosen, paged, rows, basis.most)


def own_preview_units(user: Any, period: Period, *, limit: int = 50) -> list[Unit]:
    """Units in the user's scope with a score in the period's preview: their own cards."""
    return [row.unit for row in own_preview_rows(user, period, limit=limit)]


@dataclass(frozen=True)
class PreviewRow:
    """A unit's own result in preview (公示), as a unit sees it before publication."""

    unit: Unit
    total: Decimal
    rank: int
    group_size: int
    may_appeal: bool  # the user holds Perm.APPEAL over the unit
    appeal_until: dt.date | None  # the last day of the preview: appeals are filed until then
    own: bool  # the user belongs to the unit (or to a unit below it)


def own_preview_rows(user: Any, period: Period, *, limit: int = 50) -> list[PreviewRow]:
    """The units in the user's scope with a score in the period's preview, each with its
    total and rank and whether the user may appeal it (two queries)."""
    sheet = preview_sheet(period)
    if sheet is None:
        return []
    scope = scope_for(user)
    rows = (
        scope.filter(UnitScore.objects.filter(sheet=sheet), Perm.VIEW_SCORES, via="unit")
        .select_related("unit")
        .defer("detail")
        .order_by("unit__code")[:limit]
    )
    return [
        PreviewRow(
            unit=row.unit,
            total=row.total,
            rank=row.rank,
            group_size=row.group_size,
            may_appeal=scope.can(Perm.APPEAL, row.unit),
            appeal_until=sheet.preview_until,
            own=is_own_unit(user, row.unit),
        )
        for row in rows
    ]


@dataclass(frozen=True)
class CampaignRankingLink:
    campaign: Campaign
    has_periods: bool
    latest: Period | None  # the latest period with a ranking the user may see
    in_preview: bool  # that ranking is the one in preview (the office and evaluators)


def ranking_campaigns_for(user: Any) -> list[CampaignRankingLink]:
    """The campaigns visible to the user, each with the latest ranking they may see
    (a preview only for those who manage the campaign); a constant number of queries."""
    campaigns = list(
        campaigns_visible_to(user).select_related("owner_unit").order_by("-year", "name", "code")
    )
    ids = [campaign.pk for campaign in campaigns]
    with_periods = set(
        Period.objects.filter(campaign_id__in=ids).values_list("campaign_id", flat=True).distinct()
    )
    shown: dict[int, list[tuple[int, int, str]]] = defaultdict(list)
    for campaign_id, index, period_id, status in ScoreSheet.objects.filter(
        period__campaign_id__in=ids, status__in=[SheetStatus.PREVIEW, SheetStatus.PUBLISHED]
    ).values_list("period__campaign_id", "period__index", "period_id", "status"):
        shown[campaign_id].append((index, period_id, status))
    latest: dict[int, tuple[int, bool]] = {}
    for campaign in campaigns:
        manages = manages_campaign(user, campaign)
        visible = [
            (index, period_id, status == SheetStatus.PREVIEW)
            for index, period_id, status in shown[campaign.pk]
            if status == SheetStatus.PUBLISHED or manages
        ]
        if visible:
            # The latest period; within it the preview (a correction) before the publication.
            _, period_id, in_preview = max(visible)
            latest[campaign.pk] = (period_id, in_preview)
    periods = Period.objects.in_bulk([period_id for period_id, _ in latest.values()])
    links = []
    for campaign in campaigns:
        found = latest.get(campaign.pk)
        links.append(
            CampaignRankingLink(
                campaign=campaign,
                has_periods=campaign.pk in with_periods,
                latest=periods.get(found[0]) if found else None,
                in_preview=bool(found and found[1]),
            )
        )
    return links
