"""Which campaign, period and sheet a user may see.

Who sees what (product.md, "Preview and appeal"): a published sheet is seen by everyone the
campaign is visible to; a sheet in preview (公示) only by the campaign office and the
evaluators, and, as a unit's own score card, by users whose scope covers that unit. A score
card of a unit outside the user's scope is a 404, published or not.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Sum
from django.http import Http404

from zhengxian.campaigns.models import Campaign, IndicatorNode, Period
from zhengxian.campaigns.selectors import campaigns_visible_to
from zhengxian.orgs.models import Unit
from zhengxian.orgs.roles import Perm
from zhengxian.orgs.scope import require, scope_for

from ..models import ScoreSheet, SheetStatus, UnitScore


def campaign_managed_by(user: Any, campaign_id: int) -> Campaign:
    """A campaign the user may see (404 otherwise) and manage (403 otherwise)."""
    campaign = (
        campaigns_visible_to(user).select_related("owner_unit").filter(pk=campaign_id).first()
    )
    if campaign is None:
        raise Http404
    require(user, Perm.MANAGE_CAMPAIGN, campaign.owner_unit)
    return campaign


def manages_campaign(user: Any, campaign: Campaign) -> bool:
    """The campaign office or an evaluator over the campaign's organising unit."""
    scope = scope_for(user)
    owner = campaign.owner_unit
    return scope.can(Perm.MANAGE_CAMPAIGN, owner) or scope.can(Perm.ASSESS, owner)


def published_sheet(period: Period) -> ScoreSheet | None:
    return period.sheets.filter(status=SheetStatus.PUBLISHED).order_by("-version").first()


def preview_sheet(period: Period) -> ScoreSheet | None:
    return period.sheets.filter(status=SheetStatus.PREVIEW).order_by("-version").first()


def current_sheet_for(user: Any, period: Period, unit: Unit | None = None) -> ScoreSheet | None:
    """The sheet of ``period`` the user sees: the one in preview, where they may see it,
    else the published one. With ``unit``, for that unit's own score card."""
    scope = scope_for(user)
    may_preview = manages_campaign(user, period.campaign) or (
        unit is not None and scope.can(Perm.VIEW_SCORES, unit)
    )
    if may_preview:
        preview = preview_sheet(period)
        if preview is not None:
            return preview
    return published_sheet(period)


@dataclass(frozen=True)
class PeriodChoice:
    period: Period
    published: bool
    in_preview: bool
    visible: bool  # the user sees a ranking for it
    own_preview: bool = False  # in preview with a result of a unit in the user's scope

    @property
    def selectable(self) -> bool:
        """The period picker links it: a ranking, or the user's own results in preview."""
        return self.visible or self.own_preview


def period_choices(user: Any, campaign: Campaign) -> list[PeriodChoice]:
    """The campaign's periods for a period picker, with what the user can see of each."""
    manages = manages_campaign(user, campaign)
    statuses: dict[int, set[str]] = defaultdict(set)
    rows = ScoreSheet.objects.filter(
        period__campaign=campaign, status__in=[SheetStatus.PREVIEW, SheetStatus.PUBLISHED]
    ).values_list("period_id", "status")
    for period_id, status in rows:
        statuses[period_id].add(status)
    # Periods in preview where a unit in the user's scope has a result (one query): a unit
    # sees its own results in preview and may appeal them, so the picker offers the month.
    own_preview = set(
        scope_for(user)
        .filter(
            UnitScore.objects.filter(
                sheet__period__campaign=campaign, sheet__status=SheetStatus.PREVIEW
            ),
            Perm.VIEW_SCORES,
            via="unit",
        )
        .order_by()  # the model's ordering would make DISTINCT keep every row
        .values_list("sheet__period_id", flat=True)
        .distinct()
    )
    choices = []
    for period in campaign.periods.order_by("index"):
        published = SheetStatus.PUBLISHED in statuses[period.pk]
        in_preview = SheetStatus.PREVIEW in statuses[period.pk]
        choices.append(
            PeriodChoice(
                period,
                published,
                in_preview,
                published or (manages and in_preview),
                own_preview=in_preview and period.pk in own_preview,
            )
        )
    return choices


def previous_published_sheet(period: Period) -> ScoreSheet | None:
    """The publication of the latest earlier period: what movement is measured against."""
    return (
        ScoreSheet.objects.filter(
            period__campaign_id=period.campaign_id,
            period__index__lt=period.index,
            status=SheetStatus.PUBLISHED,
        )
        .select_related("period")
        .order_by("-period__index", "-version")
        .first()
    )


def full_score(campaign: Campaign) -> Decimal:
    """The sum of the top-level weights: the most a unit earns before bonus and penalty."""
    total = IndicatorNode.objects.filter(campaign=campaign, parent__isnull=True).aggregate(
        s=Sum("weight")
    )["s"]
    return total or Decimal(0)


class UnknownPeriod(LookupError):
    """No campaign with that code, or no period with that key; the message says which."""


def period_by_keys(campaign_code: str, period_key: str) -> Period:
    """The period by campaign code and period key, for commands (no user, no scope): the
    error names the known campaigns or periods."""
    campaign = Campaign.objects.filter(code=campaign_code).first()
    if campaign is None:
        known = (
            ", ".join(Campaign.objects.order_by("code").values_list("code", flat=True)) or "(none)"
        )
        raise UnknownPeriod(f"Unknown campaign {campaign_code!r}. Known campaigns: {known}.")
    period = campaign.periods.select_related("campaign").filter(key=period_key).first()
    if period is None:
        keys = list(campaign.periods.order_by("index").values_list("key", flat=True))
        listed = f"{keys[0]} … {keys[-1]}" if len(keys) > 2 else ", ".join(keys) or "(none)"
        raise UnknownPeriod(
            f"Campaign {campaign_code!r} has no period {period_key!r}. Its periods: {listed}."
        )
    return period
