"""Writes of campaigns: loading a campaign file into the database, periods, membership."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from zhengxian.orgs.models import Unit
from zhengxian.scoring.sources.registry import registry
from zhengxian.scoring.types import DimensionSpec, LeafSpec

from .campaign_file import CampaignFileError, CampaignSpec, load_campaign_file
from .models import (
    Campaign,
    CampaignStatus,
    CompetitionGroup,
    GroupMembership,
    IndicatorNode,
    Period,
    PeriodLength,
    month_key,
)

QUARTER_MONTHS = 3


@transaction.atomic
def campaign_load_file(*, text: str, owner_unit: Unit, replace_existing: bool = False) -> Campaign:
    """Reads, checks and stores a campaign file; a bad file raises CampaignFileError and
    changes nothing. An existing campaign with the same code is refused unless
    ``replace_existing`` and none of its periods has been scored yet."""
    spec = load_campaign_file(text, sources=registry)
    return campaign_create_from_spec(spec=spec, owner_unit=owner_unit, replace_existing=replace_existing)


@transaction.atomic
def campaign_create_from_spec(*, spec: CampaignSpec, owner_unit: Unit, replace_existing: bool = False) -> Campaign:
    existing = Campaign.objects.filter(code=spec.code).first()
    if existing is not None:
        if not replace_existing:
            raise ValidationError(_("A campaign with the code %(code)s exists already.") % {"code": spec.code})
        if existing.periods.filter(sheets__isnull=False).exists():
            raise ValidationError(_("The campaign %(code)s has scored periods; it can no longer be replaced.") % {"code": spec.code})
        _delete_campaign(existing)
    campaign = Campaign.objects.create(
        code=spec.code,
        name=spec.name,
        year=spec.year,
        start=spec.start,
        end=spec.end,
        period_length=spec.period,
        preview_days=spec.preview_days,
        bonus_cap=spec.bonus_cap,
        penalty_cap=spec.penalty_cap,
        owner_unit=owner_unit,
        status=CampaignStatus.ACTIVE,
    )
    _create_nodes(campaign, spec.indicators, parent=None)
    for order, group_spec in enumerate(spec.groups):
        CompetitionGroup.objects.create(
            campaign=campaign,
            code=group_spec.code,
            name=group_spec.name,
            order=order,
            unit_kinds=list(group_spec.unit_kinds),
            unit_codes=list(group_spec.unit_codes),
        )
    campaign_sync_members(campaign=campaign)
    campaign_create_periods(campaign=campaign)
    return campaign


def _delete_campaign(campaign: Campaign) -> None:
    campaign.periods.all().delete()
    campaign.memberships.all().delete()
    campaign.nodes.filter(parent__isnull=False).delete()
    campaign.nodes.all().delete()
    campaign.delete()


def _create_nodes(campaign: Campaign, nodes: tuple[Any, ...], parent: IndicatorNode | None) -> None:
    for order, node in enumerate(nodes):
        if isinstance(node, LeafSpec):
            IndicatorNode.objects.create(
                campaign=campaign,
                parent=parent,
                code=node.code,
                name=node.name,
                weight=node.weight,
                order=order,
                is_leaf=True,
                source=node.source,
                source_params=_json_safe(node.source_params),
                method=node.method.name,
                method_params=_json_safe(node.method.params),
                lower_is_better=node.method.lower_is_better,
                when_empty=node.method.when_empty,
            )
        else:
            dimension = IndicatorNode.objects.create(
                campaign=campaign, parent=parent, code=node.code, name=node.name, weight=node.weight, order=order
            )
            _create_nodes(campaign, node.children, parent=dimension)


def _json_safe(value: Any) -> Any:
    """Decimals become strings so that JSON keeps them exact; dates become ISO strings."""
    from decimal import Decimal

    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict) or hasattr(value, "items"):
        return {str(k): _json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json_safe(v) for v in value]
    return value


@transaction.atomic
def campaign_sync_members(*, campaign: Campaign) -> int:
    """Resolves each group's unit selector (kinds and codes) into memberships.

    A unit already in an earlier group stays there (one group per unit per campaign).
    """
    owner_path = campaign.owner_unit.path
    taken: set[int] = set()
    rows = []
    GroupMembership.objects.filter(campaign=campaign).delete()
    for group in campaign.groups.order_by("order", "code"):
        units = Unit.objects.filter(path__startswith=owner_path, is_active=True)
        selected = units.none()
        if group.unit_kinds:
            selected = selected | units.filter(kind__in=group.unit_kinds)
        if group.unit_codes:
            selected = selected | units.filter(code__in=group.unit_codes)
        for unit_id in selected.values_list("pk", flat=True).order_by("pk"):
            if unit_id not in taken:
                taken.add(unit_id)
                rows.append(GroupMembership(campaign=campaign, group=group, unit_id=unit_id))
    GroupMembership.objects.bulk_create(rows)
    return len(rows)


def _period_bounds(campaign: Campaign) -> Iterator[tuple[str, str, dt.date, dt.date]]:
    step = QUARTER_MONTHS if campaign.period_length == PeriodLength.QUARTER else 1
    year, month = campaign.start.year, campaign.start.month
    if step == QUARTER_MONTHS:
        month = ((month - 1) // 3) * 3 + 1
    while dt.date(year, month, 1) <= campaign.end:
        start = dt.date(year, month, 1)
        end_year, end_month = (year, month + step) if month + step <= 12 else (year + 1, month + step - 12)
        end = dt.date(end_year, end_month, 1) - dt.timedelta(days=1)
        if step == QUARTER_MONTHS:
            quarter = (month - 1) // 3 + 1
            key, label = f"{year}-Q{quarter}", _("%(year)s Q%(quarter)s") % {"year": year, "quarter": quarter}
        else:
            key, label = f"{year}-{month:02d}", _("%(year)s-%(month)02d") % {"year": year, "month": month}
        yield key, label, max(start, campaign.start), min(end, campaign.end)
        year, month = end_year, end_month


@transaction.atomic
def campaign_create_periods(*, campaign: Campaign) -> list[Period]:
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


def campaign_spec_errors_as_validation(error: CampaignFileError) -> ValidationError:
    return ValidationError([f"{p.path}: {p.message}" if p.path else p.message for p in error.problems])
