"""A campaign's periods: its months or quarters between its start and end."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from zhengxian.orgs.roles import Perm
from zhengxian.orgs.scope import require

from ..models import Campaign, Period, PeriodLength, month_key

QUARTER_MONTHS = 3


def _period_bounds(campaign: Campaign) -> Iterator[tuple[str, str, dt.date, dt.date]]:
    step = QUARTER_MONTHS if campaign.period_length == PeriodLength.QUARTER else 1
    year, month = campaign.start.year, campaign.start.month
    if step == QUARTER_MONTHS:
        month = ((month - 1) // 3) * 3 + 1
    while dt.date(year, month, 1) <= campaign.end:
        start = dt.date(year, month, 1)
        end_year, end_month = (
            (year, month + step) if month + step <= 12 else (year + 1, month + step - 12)
        )
        end = dt.date(end_year, end_month, 1) - dt.timedelta(days=1)
        if step == QUARTER_MONTHS:
            quarter = (month - 1) // 3 + 1
            key, label = (
                f"{year}-Q{quarter}",
                _("%(year)s Q%(quarter)s") % {"year": year, "quarter": quarter},
            )
        else:
            key, label = (
                f"{year}-{month:02d}",
                _("%(year)s-%(month)02d") % {"year": year, "month": month},
            )
        yield key, label, max(start, campaign.start), min(end, campaign.end)
        year, month = end_year, end_month


@transaction.atomic
def campaign_create_periods(*, campaign: Campaign, actor: Any) -> list[Period]:
    require(actor, Perm.MANAGE_CAMPAIGN, campaign.owner_unit)
    periods = []
    for index, (key, label, start, end) in enumerate(_period_bounds(campaign), start=1):
        period, _created = Period.objects.get_or_create(
            campaign=campaign,
            key=key,
            defaults={
                "index": index,
                "label": label,
                "start": start,
                "end": end,
                "first_month": month_key(start),
                "last_month": month_key(end),
            },
        )
        periods.append(period)
    return periods
