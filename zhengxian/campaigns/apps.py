from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    name = "zhengxian.campaigns"
    label = "campaigns"
    verbose_name = _("Campaigns")

    def ready(self) -> None:
        from zhengxian.audit.registry import audited

        from .models import Campaign, CompetitionGroup, GroupMembership, IndicatorNode, Period

        audited(Campaign, CompetitionGroup, IndicatorNode, Period, unit_of=_campaign_unit)
        audited(GroupMembership)

        from zhengxian.core.navigation import NavItem, register
        from zhengxian.orgs.roles import Perm

        register(NavItem(_("Campaigns"), "campaigns:campaign_list", "trophy", Perm.VIEW_SCORES))


def _campaign_unit(instance: Any) -> object:
    """The organising unit of a campaign or of an object that belongs to one."""
    campaign = instance if instance._meta.model_name == "campaign" else instance.campaign
    return campaign.owner_unit
