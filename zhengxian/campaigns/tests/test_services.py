"""Editing a stored campaign: every change is checked by the campaign file's rules on the
whole campaign, stored atomically, and refused once a period is published."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal as D

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils import translation

from zhengxian.campaigns.campaign_file import (
    dump_campaign_file,
    load_campaign_file,
    read_preset,
)
from zhengxian.campaigns.models import Campaign, IndicatorNode
from zhengxian.campaigns.selectors import campaign_to_spec
from zhengxian.campaigns.services import (
    NodeFields,
    campaign_create_from_spec,
    campaign_update,
    indicator_node_create,
    indicator_node_delete,
    indicator_node_update,
)
from zhengxian.core.actors import SYSTEM, system_actor
from zhengxian.core.errors import DomainError
from zhengxian.engine.sources import registry
from zhengxian.orgs.models import UnitKind
from zhengxian.scoring.services.assessments import manual_assess
from zhengxian.scoring.services.compute import period_score
from zhengxian.scoring.services.publication import period_publish
from zhengxian.scoring.tests.factories import SMALL_CAMPAIGN

from .stand_in_sources import BUILT_IN_SOURCES

OFFICE = system_actor("office")

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    with translation.override("en"):
        yield


def _load(text: str, org) -> tuple[object, Campaign]:
    spec = load_campaign_file(text, sources=registry, unit_kinds=UnitKind.values)
    return spec, campaign_create_from_spec(actor=SYSTEM, spec=spec, owner_unit=org.subdistrict)


def _leaf(
    campaign: Campaign, leaf_code: str, **changes: object
) -> tuple[IndicatorNode, NodeFields]:
    """A leaf and the editor's fields for it, with ``changes`` applied."""
    node = campaign.nodes.get(code=leaf_code)
    fields = {
        "code": node.code,
        "name": node.name,
        "order": node.order,
        "weight": node.weight,
        "source": node.source,
        "source_params": dict(node.source_params) or None,
        "method": node.method,
        "method_params": _numbers(node.method_params) or None,
        "lower_is_better": node.lower_is_better,
        "when_empty": node.when_empty,
    }
    fields.update(changes)
    return node, NodeFields(**fields)  # type: ignore[arg-type]


def _numbers(value: object) -> object:
    if isinstance(value, dict):
        return {key: _numbers(item) for key, item in value.items()}
    if isinstance(value, str):
        return D(value)
    return value


def _publish_january(campaign: Campaign) -> None:
    january = campaign.periods.get(key="2026-01")
    period_score(period=january, actor=OFFICE)
    period_publish(period=january, actor=OFFICE, force=True)


# -- export and load ------------------------------------------------------------------------


@pytest.mark.parametrize("preset", ["small", "chengxiang-2023-core", "chengxiang-2023"])
def test_exporting_a_loaded_campaign_and_loading_the_file_gives_the_same_campaign(org, preset):
    with registry.register_temporarily(*BUILT_IN_SOURCES):
        text = SMALL_CAMPAIGN if preset == "small" else read_preset(preset)
        spec, campaign = _load(text, org)
        exported = campaign_to_spec(campaign)
        assert exported == spec
        assert load_campaign_file(dump_campaign_file(exported), sources=registry) == spec


# -- the tree editor's services -------------------------------------------------------------


def test_a_new_leaf_weight_is_stored_and_its_dimension_weight_follows(org, campaign):
    node, fields = _leaf(campaign, "arena", weight=D("25.5"))
    indicator_node_update(actor=SYSTEM, node=node, parent=node.parent, fields=fields)
    assert campaign.nodes.get(code="arena").weight == D("25.5")
    assert campaign.nodes.get(code="work").weight == D("65.5")
    assert campaign_to_spec(campaign).total_weight == D("105.5")


@pytest.mark.parametrize(
    ("weight", "message"),
    [(D(0), "Must be greater than 0, got 0."), (D("1.234"), "at most 2 decimal places")],
)
def test_a_bad_weight_is_refused_on_the_weight_field_and_nothing_changes(
    org, campaign, weight, message
):
    node, fields = _leaf(campaign, "arena", weight=weight, name="改了名字")
    with pytest.raises(ValidationError) as caught:
        indicator_node_update(actor=SYSTEM, node=node, parent=node.parent, fields=fields)
    assert any(message in text for text in caught.value.message_dict["weight"])
    node.refresh_from_db()
    assert (node.weight, node.name) == (D(20), "擂台比武")


def test_an_unknown_source_is_refused_naming_the_known_sources(org, campaign):
    node, fields = _leaf(campaign, "arena", source="panels")
    with pytest.raises(ValidationError) as caught:
        indicator_node_update(actor=SYSTEM, node=node, parent=node.parent, fields=fields)
    [message] = caught.value.message_dict["source"]
    assert "Unknown source 'panels'" in message and "Did you mean 'panel'?" in message
    assert campaign.nodes.get(code="arena").source == "panel"


def test_source_and_method_parameters_are_checked_against_what_they_accept(org, campaign):
    node, fields = _leaf(
        campaign, "red-property", source_params={"list": "x"}, method_params={"goal": 1}
    )
    with pytest.raises(ValidationError) as caught:
        indicator_node_update(actor=SYSTEM, node=node, parent=node.parent, fields=fields)
    errors = caught.value.message_dict
    assert any("Unknown parameter 'list'" in m for m in errors["source_params"])
    assert any("needs the parameter 'checklist'" in m for m in errors["source_params"])
    assert errors["method_params"]


def test_a_duplicate_code_is_refused_with_where_it_is_used(org, campaign):
    node, fields = _leaf(campaign, "arena", code="residents")
    with pytest.raises(ValidationError) as caught:
        indicator_node_update(actor=SYSTEM, node=node, parent=node.parent, fields=fields)
    [message] = caught.value.message_dict["code"]
    assert message.startswith("The code residents is already used by 居民考官团评分")


def test_a_new_dimension_is_stored_with_its_first_indicator(org, campaign):
    dimension = indicator_node_create(
        actor=SYSTEM,
        campaign=campaign,
        parent=None,
        is_leaf=False,
        fields=NodeFields(code="study", name="学习"),
        first_child=NodeFields(
            code="study-panel",
            name="分享会评分",
            weight=D(10),
            source="panel",
            source_params={"panel": "sharing"},
            method="relative",
        ),
    )
    assert dimension.weight == D(10) and not dimension.is_leaf
    leaf = dimension.children.get()
    assert (leaf.code, leaf.source_params, leaf.method) == (
        "study-panel",
        {"panel": "sharing"},
        "relative",
    )
    assert [n.code for n in campaign_to_spec(campaign).indicators] == ["work", "style", "study"]


def test_errors_on_a_new_dimensions_first_indicator_are_keyed_to_it(org, campaign):
    with pytest.raises(ValidationError) as caught:
        indicator_node_create(
            actor=SYSTEM,
            campaign=campaign,
            parent=None,
            is_leaf=False,
            fields=NodeFields(code="study", name="学习"),
            first_child=NodeFields(
                code="study-manual",
                name="考评",
                weight=D(5),
                source="manual",
                method="target",
                method_params={"target": 1},
            ),
        )
    assert "first_child.method" in caught.value.message_dict
    assert not campaign.nodes.filter(code__startswith="study").exists()


def test_a_leaf_added_under_a_dimension_takes_the_next_place(org, campaign):
    work = campaign.nodes.get(code="work")
    leaf = indicator_node_create(
        actor=SYSTEM,
        campaign=campaign,
        parent=work,
        is_leaf=True,
        fields=NodeFields(
            code="red-committee",
            name="红色业委会",
            weight=D(5),
            source="checklist",
            source_params={"checklist": "red-committee"},
            method="target",
            method_params={"target": 1},
        ),
    )
    assert leaf.parent == work and leaf.order == 3
    assert campaign.nodes.get(code="work").weight == D(65)


def test_moving_a_leaf_to_another_dimension_recomputes_both_weights(org, campaign):
    node, fields = _leaf(campaign, "arena")
    indicator_node_update(
        actor=SYSTEM, node=node, parent=campaign.nodes.get(code="style"), fields=fields
    )
    assert campaign.nodes.get(code="work").weight == D(40)
    assert campaign.nodes.get(code="style").weight == D(60)


def test_a_dimension_may_not_lose_its_last_indicator(org, campaign):
    with pytest.raises(ValidationError) as caught:
        indicator_node_delete(actor=SYSTEM, node=campaign.nodes.get(code="assessment"))
    [message] = caught.value.message_dict[NON_FIELD_ERRORS]
    assert message.startswith("indicators[1].children (作风):")
    assert campaign.nodes.filter(code="assessment").exists()


def test_deleting_a_dimension_deletes_its_indicators(org, campaign):
    indicator_node_delete(actor=SYSTEM, node=campaign.nodes.get(code="style"))
    assert list(campaign.nodes.values_list("code", flat=True).order_by("code")) == [
        "arena",
        "red-property",
        "residents",
        "work",
    ]


def test_a_leaf_with_assessments_cannot_be_deleted(org, campaign):
    indicator_node_create(
        actor=SYSTEM,
        campaign=campaign,
        parent=campaign.nodes.get(code="style"),
        is_leaf=True,
        fields=NodeFields(code="extra", name="额外", weight=D(5), source="manual", method="manual"),
    )
    leaf = campaign.nodes.get(code="assessment")
    manual_assess(
        period=campaign.periods.get(key="2026-01"),
        leaf=leaf,
        unit=org.community_a,
        points=D(30),
        comment="好",
        actor=org.user("evaluator"),
    )
    with pytest.raises(DomainError, match="recorded against it"):
        indicator_node_delete(actor=SYSTEM, node=leaf)


def test_the_tree_is_frozen_once_a_period_is_published(org, campaign):
    _publish_january(campaign)
    node, fields = _leaf(campaign, "arena", weight=D(10))
    with pytest.raises(DomainError, match="2026-01 were published"):
        indicator_node_update(actor=SYSTEM, node=node, parent=node.parent, fields=fields)
    with pytest.raises(DomainError):
        indicator_node_delete(actor=SYSTEM, node=node)
    with pytest.raises(DomainError):
        indicator_node_create(
            actor=SYSTEM,
            campaign=campaign,
            parent=None,
            is_leaf=True,
            fields=NodeFields(code="x", name="x", weight=D(1), source="manual", method="manual"),
        )
    assert campaign.nodes.get(code="arena").weight == D(20)


def test_the_campaign_settings_follow_the_file_rules(org, campaign):
    with pytest.raises(ValidationError) as caught:
        campaign_update(
            actor=SYSTEM,
            campaign=campaign,
            name="新名称",
            preview_days=31,
            bonus_cap=D("1.005"),
            penalty_cap=D(10),
            status="active",
        )
    errors = caught.value.message_dict
    assert set(errors) == {"preview_days", "bonus_cap"}
    campaign_update(
        actor=SYSTEM,
        campaign=campaign,
        name="新名称",
        preview_days=3,
        bonus_cap=D(6),
        penalty_cap=D(8),
        status="closed",
    )
    campaign.refresh_from_db()
    assert (campaign.name, campaign.preview_days, campaign.bonus_cap, campaign.status) == (
        "新名称",
        3,
        D(6),
        "closed",
    )


def test_caps_are_frozen_once_a_period_is_published_but_the_name_is_not(org, campaign):
    _publish_january(campaign)
    with pytest.raises(ValidationError) as caught:
        campaign_update(
            actor=SYSTEM,
            campaign=campaign,
            name="x",
            preview_days=5,
            bonus_cap=D(9),
            penalty_cap=D(10),
            status="active",
        )
    assert list(caught.value.message_dict) == ["bonus_cap"]
    campaign_update(
        actor=SYSTEM,
        campaign=campaign,
        name="改名",
        preview_days=5,
        bonus_cap=D(5),
        penalty_cap=D(10),
        status="active",
    )
    campaign.refresh_from_db()
    assert campaign.name == "改名"
