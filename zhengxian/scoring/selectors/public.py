"""Reads for the public ranking pages (no login): published sheets only, never a preview.

What the public sees of a publication is its ranks, unit names, totals and movement, with the
version, time and digest: no indicator details, no evidence, no people. A campaign that
publishes tiers or the red and black lists only shows those, without points or ranks.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.http import Http404

from zhengxian.campaigns.models import Campaign, Period, PublicationMode

from ..models import ScoreSheet, SheetStatus
from .access import published_sheet
from .publication_modes import ModeView, mode_view
from .ranking import Ranking, sheet_ranking


@dataclass(frozen=True)
class PublicPeriod:
    key: str
    label: str


@dataclass(frozen=True)
class PublicCampaign:
    code: str
    name: str
    year: int
    periods: list[PublicPeriod]  # the published ones, latest first

    @property
    def latest(self) -> PublicPeriod:
        return self.periods[0]


def public_campaigns() -> list[PublicCampaign]:
    """The campaigns with at least one published period, latest year first (two queries)."""
    published: dict[int, list[tuple[int, PublicPeriod]]] = defaultdict(list)
    rows = (
        ScoreSheet.objects.filter(status=SheetStatus.PUBLISHED)
        .values_list("period__campaign_id", "period__index", "period__key", "period__label")
        .distinct()
    )
    for campaign_id, index, key, label in rows:
        published[campaign_id].append((index, PublicPeriod(key, label)))
    if not published:
        return []
    campaigns = Campaign.objects.filter(pk__in=published).order_by("-year", "name", "code")
    return [
        PublicCampaign(
            code=campaign.code,
            name=campaign.name,
            year=campaign.year,
            periods=[period for _, period in sorted(set(published[campaign.pk]), key=_latest)],
        )
        for campaign in campaigns
    ]


def _latest(item: tuple[int, PublicPeriod]) -> int:
    return -item[0]


@dataclass(frozen=True)
class PublicRanking:
    campaign: Campaign
    period: Period
    sheet: ScoreSheet
    ranking: Ranking | None  # None: the publication holds no unit, or the mode is not full
    periods: list[PublicPeriod]  # the campaign's published periods, latest first
    mode: ModeView | None = None  # tiers or lists only: what the campaign's mode publishes


def public_ranking(
    campaign_code: str, period_key: str, *, group: str = "", page: Any = 1
) -> PublicRanking:
    """A published period's ranking, one group a page at a time; ``Http404`` when there is
    no such period or it has no publication (a sheet in preview is never shown)."""
    period = (
        Period.objects.select_related("campaign")
        .filter(campaign__code=campaign_code, key=period_key)
        .first()
    )
    if period is None:
        raise Http404
    sheet = published_sheet(period)
    if sheet is None:
        raise Http404
    periods = [
        PublicPeriod(key, label)
        for key, label in Period.objects.filter(
            campaign_id=period.campaign_id, sheets__status=SheetStatus.PUBLISHED
        )
        .order_by("-index")
        .values_list("key", "label")
        .distinct()
    ]
    if period.campaign.publication_mode != PublicationMode.FULL:
        # The public sees what the mode publishes: tiers or the lists, no points or ranks.
        return PublicRanking(
            campaign=period.campaign,
            period=period,
            sheet=sheet,
            ranking=None,
            periods=periods,
            mode=mode_view(sheet, period),
        )
    return PublicRanking(
        campaign=period.campaign,
        period=period,
        sheet=sheet,
        ranking=sheet_ranking(sheet, period, group=group, page=page),
        periods=periods,
    )
