"""A unit's published totals and ranks over a campaign, period by period."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Avg

from zhengxian.campaigns.models import Campaign, Period
from zhengxian.orgs.models import Unit
from zhengxian.orgs.roles import Perm
from zhengxian.orgs.scope import access_unit

from ..models import SheetStatus, UnitScore
from ._numbers import to_cents
from .publication_modes import Standing, standings_for


@dataclass(frozen=True)
class TrendPoint:
    period: Period
    version: int
    total: Decimal
    rank: int
    group_size: int
    group_mean: Decimal | None
    movement: int | None
    standing: Standing | None = None  # in place of the rank, for whom the mode hides it

    @property
    def movement_size(self) -> int:
        return abs(self.movement or 0)


def unit_trend_for(user: Any, campaign: Campaign, unit_id: int) -> tuple[Unit, list[TrendPoint]]:
    """The unit's published totals and ranks, period by period (404 outside the scope)."""
    unit = access_unit(user, unit_id, Perm.VIEW_SCORES)
    rows = list(
        UnitScore.objects.filter(
            unit=unit, sheet__status=SheetStatus.PUBLISHED, sheet__period__campaign=campaign
        )
        .select_related("sheet__period")
        .defer("detail")
        .order_by("sheet__period__index")
    )
    means: dict[tuple[int, str], Decimal] = {}
    if rows:
        for sheet_id, group_code, mean in (
            UnitScore.objects.filter(sheet_id__in=[row.sheet_id for row in rows])
            .values("sheet_id", "group_code")
            .annotate(mean=Avg("total"))
            .values_list("sheet_id", "group_code", "mean")
        ):
            means[(sheet_id, group_code)] = to_cents(mean)
    standings = standings_for(user, campaign, rows)
    points: list[TrendPoint] = []
    for row in rows:
        previous = points[-1] if points else None
        movement = previous.rank - row.rank if previous is not None else None
        points.append(
            TrendPoint(
                period=row.sheet.period,
                version=row.sheet.version,
                total=row.total,
                rank=row.rank,
                group_size=row.group_size,
                group_mean=means.get((row.sheet_id, row.group_code)),
                movement=movement,
                standing=standings[row.pk] if standings is not None else None,
            )
        )
    return unit, points
