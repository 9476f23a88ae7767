"""What campaigns brings to the others (see `zhengxian.core.hooks`)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from zhengxian.audit.registry import audited
from zhengxian.core import hooks
from zhengxian.core.demo import DemoBuilder
from zhengxian.core.navigation import NavItem, NavSection
from zhengxian.orgs.roles import Perm

from .models import Campaign, CompetitionGroup, GroupMembership, IndicatorNode, Period

hooks.register(
    "navigation", NavItem(_("Campaigns"), "campaigns:campaign_list", "trophy", Perm.VIEW_SCORES)
)
hooks.register(
    "navigation_sections",
    NavSection("campaign", _("Campaign"), "trophy", ("campaigns", "scoring")),
    order=20,
)
# After every other record: the scoring builder (order 110) then scores the past months.
hooks.register("demo_builders", DemoBuilder("zhengxian.campaigns.demo"), order=100)


@hooks.register("audit")
def audited_models() -> None:
    audited(Campaign, CompetitionGroup, IndicatorNode, Period, unit_of=_campaign_unit)
    audited(GroupMembership)


def _campaign_unit(instance: Any) -> object:
    """The organising unit of a campaign or of an object that belongs to one."""
    campaign = instance if instance._meta.model_name == "campaign" else instance.campaign
    return campaign.owner_unit
