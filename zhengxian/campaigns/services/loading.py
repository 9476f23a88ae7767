"""Loading a campaign file into the database: a campaign with its indicator tree, groups,
memberships and periods."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from zhengxian.engine.sources import registry
from zhengxian.engine.types import LeafSpec
from zhengxian.orgs.models import Unit, UnitKind
from zhengxian.orgs.roles import Perm
from zhengxian.orgs.scope import require

from ..campaign_file import CampaignSpec, Organisation, load_campaign_file
from ..models import Campaign, CampaignStatus, CompetitionGroup, IndicatorNode
from ..selectors import tiers_to_stored
from .common import _json_safe
from .memberships import campaign_sync_members
from .periods import campaign_create_periods


@transaction.atomic
def campaign_load_file(
    *,
    text: str,
    owner_unit: Unit,
    actor: Any,
    replace_existing: bool = False,
    year: int | None = None,
) -> Campaign:
    """Reads, checks and stores a campaign file; a bad file raises CampaignFileError and
    changes nothing. An existing campaign with the same code is refused unless
    ``replace_existing`` and none of its periods has been scored yet. ``year`` moves the
    campaign to another year first (``CampaignSpec.shifted_to_year``)."""
    require(actor, Perm.MANAGE_CAMPAIGN, owner_unit)
    units = Unit.objects.filter(path__startswith=owner_unit.path, is_active=True)
    organisation = Organisation(
        units=dict(units.exclude(pk=owner_unit.pk).values_list("code", "kind")),
        owner_code=owner_unit.code,
    )
    spec = load_campaign_file(
        text, sources=registry, unit_kinds=UnitKind.values, organisation=organisation
    )
    if year is not None:
        spec = spec.shifted_to_year(year)
    return campaign_create_from_spec(
        spec=spec, owner_unit=owner_unit, actor=actor, replace_existing=replace_existing
    )


@transaction.atomic
def campaign_create_from_spec(
    *, spec: CampaignSpec, owner_unit: Unit, actor: Any, replace_existing: bool = False
) -> Campaign:
    require(actor, Perm.MANAGE_CAMPAIGN, owner_unit)
    existing = Campaign.objects.filter(code=spec.code).first()
    if existing is not None:
        if not replace_existing:
            raise ValidationError(
                _("A campaign with the code %(code)s exists already.") % {"code": spec.code}
            )
        if existing.periods.filter(sheets__isnull=False).exists():
            raise ValidationError(
                _("The campaign %(code)s has scored periods; it can no longer be replaced.")
                % {"code": spec.code}
            )
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
        publication_mode=spec.publication_mode,
        tiers=tiers_to_stored(spec.tiers),
        list_size=spec.list_size,
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
    campaign_sync_members(campaign=campaign, actor=actor)
    campaign_create_periods(campaign=campaign, actor=actor)
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
                campaign=campaign,
                parent=parent,
                code=node.code,
                name=node.name,
                weight=node.weight,
                order=order,
            )
            _create_nodes(campaign, node.children, parent=dimension)
