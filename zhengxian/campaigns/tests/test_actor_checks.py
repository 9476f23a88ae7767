"""Every campaign write service checks its actor itself (Perm.MANAGE_CAMPAIGN over the
organising unit), so no page, command, import or API can skip the check."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from zhengxian.campaigns.models import Campaign, GroupMembership, IndicatorNode, Period
from zhengxian.campaigns.services import (
    NodeFields,
    campaign_create_periods,
    campaign_load_file,
    campaign_sync_members,
    campaign_update,
    indicator_node_create,
    indicator_node_delete,
    indicator_node_update,
)
from zhengxian.core.actors import system_actor
from zhengxian.core.errors import NotAllowed
from zhengxian.orgs.roles import Role
from zhengxian.orgs.testing import make_person
from zhengxian.scoring.tests.factories import SMALL_CAMPAIGN

pytestmark = pytest.mark.django_db

OUTSIDERS = ["evaluator", "leader_a", "cadre_a", "leadership", "supervisor", "nobody"]


def _fields(node: IndicatorNode, **changes: object) -> NodeFields:
    values = {
        "code": node.code,
        "name": node.name,
        "order": node.order,
        "weight": node.weight,
        "source": node.source,
        "source_params": dict(node.source_params) or None,
        "method": node.method,
        "method_params": None,
        "lower_is_better": node.lower_is_better,
        "when_empty": node.when_empty,
        **changes,
    }
    return NodeFields(**values)  # type: ignore[arg-type]


@pytest.mark.parametrize("who", OUTSIDERS)
def test_only_the_campaign_office_loads_a_campaign_file(org, who):
    with pytest.raises(NotAllowed):
        campaign_load_file(text=SMALL_CAMPAIGN, owner_unit=org.subdistrict, actor=org.user(who))
    assert not Campaign.objects.exists()


def test_an_office_of_a_community_cannot_load_a_campaign_for_the_sub_district(org):
    office_a = make_person("office_a", org.community_a, [(Role.OFFICE, org.community_a)])
    with pytest.raises(NotAllowed):
        campaign_load_file(text=SMALL_CAMPAIGN, owner_unit=org.subdistrict, actor=office_a.user)
    assert not Campaign.objects.exists()


def test_the_office_and_a_command_load_a_campaign_file(org):
    campaign = campaign_load_file(
        text=SMALL_CAMPAIGN, owner_unit=org.subdistrict, actor=org.user("office")
    )
    assert campaign.periods.exists() and GroupMembership.objects.filter(campaign=campaign)
    again = campaign_load_file(
        text=SMALL_CAMPAIGN,
        owner_unit=org.subdistrict,
        actor=system_actor("manage.py load_campaign"),
        replace_existing=True,
    )
    assert Campaign.objects.get() == again


@pytest.mark.parametrize("who", OUTSIDERS)
def test_only_the_campaign_office_edits_the_campaign_and_its_tree(org, campaign, who):
    actor = org.user(who)
    leaf = campaign.nodes.get(code="arena")
    before = {n.code: n.weight for n in campaign.nodes.all()}
    with pytest.raises(NotAllowed):
        indicator_node_update(
            node=leaf, parent=leaf.parent, fields=_fields(leaf, weight=D("30")), actor=actor
        )
    with pytest.raises(NotAllowed):
        indicator_node_create(
            campaign=campaign,
            parent=leaf.parent,
            is_leaf=True,
            fields=_fields(leaf, code="arena2", name="另一个"),
            actor=actor,
        )
    with pytest.raises(NotAllowed):
        indicator_node_delete(node=leaf, actor=actor)
    with pytest.raises(NotAllowed):
        campaign_update(
            campaign=campaign,
            name="改名",
            preview_days=1,
            bonus_cap=D("50"),
            penalty_cap=D("0"),
            status=campaign.status,
            actor=actor,
        )
    members, periods = GroupMembership.objects.count(), Period.objects.count()
    with pytest.raises(NotAllowed):
        campaign_sync_members(campaign=campaign, actor=actor)
    with pytest.raises(NotAllowed):
        campaign_create_periods(campaign=campaign, actor=actor)
    campaign.refresh_from_db()
    assert {n.code: n.weight for n in campaign.nodes.all()} == before
    assert campaign.name != "改名" and campaign.bonus_cap != D("50")
    assert (GroupMembership.objects.count(), Period.objects.count()) == (members, periods)


def test_the_campaign_office_makes_the_edits_refused_to_outsiders(org, campaign):
    """The positive control of the test above: the same calls go through for the office."""
    actor = org.user("office")
    leaf = campaign.nodes.get(code="arena")
    indicator_node_update(
        node=leaf, parent=leaf.parent, fields=_fields(leaf, name="擂台"), actor=actor
    )
    campaign_update(
        campaign=campaign,
        name="改名",
        preview_days=1,
        bonus_cap=D("50"),
        penalty_cap=D("0"),
        status=campaign.status,
        actor=actor,
    )
    campaign_sync_members(campaign=campaign, actor=actor)
    campaign_create_periods(campaign=campaign, actor=actor)
    campaign.refresh_from_db()
    assert campaign.nodes.get(code="arena").name == "擂台"
    assert (campaign.name, campaign.bonus_cap) == ("改名", D("50"))
