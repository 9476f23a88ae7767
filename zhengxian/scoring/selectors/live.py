"""Reading the live ranking of a running period (kept by scoring/services/live.py).

Only the campaign office and the leadership over the organising unit see it: it moves with
every record and is never published, so units must not be ranked by it (the 2024 rules
against ranking abuse); they see the published sheets.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import F

from zhengxian.campaigns.models import Campaign, Period
from zhengxian.orgs.models import Unit
from zhengxian.orgs.roles import Perm
from zhengxian.orgs.scope import scope_for
from zhengxian.scoring.models import LiveLeaf, LiveRanking, ScoreSheet, UnitScore
from zhengxian.scoring.services.live import live_periods

from .access import previous_published_sheet

PAGE_SIZE = 50


def sees_live_ranking(user: Any, campaign: Campaign) -> bool:
    scope = scope_for(user)
    return scope.can(Perm.MANAGE_CAMPAIGN, campaign.owner_unit) or scope.can(
        Perm.VIEW_COCKPIT, campaign.owner_unit
    )


def is_live(period: Period) -> bool:
    return live_periods().filter(pk=period.pk).exists()


@dataclass(frozen=True)
class LiveGroup:
    code: str
    name: str
    size: int


@dataclass(frozen=True)
class LiveRow:
    rank: int
    unit_id: int
    name: str
    total: Decimal
    published_rank: int | None  # in the latest published period, for comparison


@dataclass(frozen=True)
class LiveView:
    groups: list[LiveGroup]
    group: LiveGroup
    page: Page[Any]
    rows: list[LiveRow]
    computed_at: dt.datetime | None
    waiting: int  # leaves marked by writes and not yet re-scored
    compared_with: ScoreSheet | None


def live_ranking_for(period: Period, *, group: str = "", page: Any = 1) -> LiveView | None:
    """One group's live ranking, a page of it; None before the first refresh. The caller
    checks ``sees_live_ranking``."""
    ranking = LiveRanking.objects.filter(period=period, computed_at__isnull=False).first()
    if ranking is None:
        return None
    sizes: dict[str, int] = {}
    for _unit, code, _total, _rank in ranking.rows:
        sizes[code] = sizes.get(code, 0) + 1
    groups = [
        LiveGroup(code, name, sizes.get(code, 0))
        for code, name in period.campaign.groups.order_by("order", "code").values_list(
            "code", "name"
        )
    ]
    if not groups:
        return None
    chosen = next((g for g in groups if g.code == group), groups[0])
    rows = [row for row in ranking.rows if row[1] == chosen.code]
    shown = Paginator(rows, PAGE_SIZE).get_page(page)
    unit_ids = [row[0] for row in shown.object_list]
    names = dict(Unit.objects.filter(pk__in=unit_ids).values_list("pk", "name"))
    compared_with = previous_published_sheet(period)
    published = (
        dict(
            UnitScore.objects.filter(sheet=compared_with, unit_id__in=unit_ids).values_list(
                "unit_id", "rank"
            )
        )
        if compared_with
        else {}
    )
    waiting = LiveLeaf.objects.filter(period=period, computed__lt=F("wanted")).count()
    return LiveView(
        groups=groups,
        group=chosen,
        page=shown,
        rows=[
            LiveRow(
                rank=rank,
                unit_id=unit,
                name=names.get(unit, ""),
                total=Decimal(total),
                published_rank=published.get(unit),
            )
            for unit, _code, total, rank in shown.object_list
        ],
        computed_at=ranking.computed_at,
        waiting=waiting + (1 if ranking.computed < ranking.wanted else 0),
        compared_with=compared_with,
    )
