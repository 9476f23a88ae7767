"""The indicator tree editor: changes are checked by the campaign file's rules, refused
with the reason, and refused altogether once a period is published."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from zhengxian.core.actors import system_actor
from zhengxian.scoring.services.compute import period_score
from zhengxian.scoring.services.publication import period_publish

OFFICE = system_actor("office")

pytestmark = pytest.mark.django_db


def _edit_url(campaign, code: str) -> str:
    return reverse("campaigns:node_edit", args=[campaign.pk, campaign.nodes.get(code=code).pk])


def _arena_form(campaign, **changes: object) -> dict[str, object]:
    """What the editor posts for the leaf 擂台比武, with ``changes``."""
    data: dict[str, object] = {
        "code": "arena",
        "name": "擂台比武",
        "parent": campaign.nodes.get(code="work").pk,
        "order": 1,
        "weight": "20",
        "source": "panel",
        "source_params": "{panel: arena}",
        "method": "relative",
        "method_params": "",
        "when_empty": "full",
    }
    data.update(changes)
    return data


def test_the_editor_shows_the_leaf_as_it_is_stored(org, as_user, campaign):
    page = as_user("office").get(_edit_url(campaign, "red-property"))
    form = page.context["form"]
    assert form.initial["source_params"] == "{checklist: red-property}"
    assert form.initial["method_params"] == "{target: 1}"
    assert form.initial["weight"] == "20"
    assert '<datalist id="zx-sources">' in page.text and 'value="checklist"' in page.text


def test_the_office_changes_a_leaf_and_its_dimension_weight_follows(org, as_user, campaign):
    client = as_user("office")
    url = _edit_url(campaign, "arena")
    response = client.post(url, _arena_form(campaign, weight="30", method="rank"))
    assert response.status_code == 302
    assert response.url == reverse("campaigns:campaign_detail", args=[campaign.pk])
    arena = campaign.nodes.get(code="arena")
    assert (arena.weight, arena.method) == (D(30), "rank")
    assert campaign.nodes.get(code="work").weight == D(70)
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert messages == ["擂台比武 saved."]


def test_a_bad_weight_is_refused_with_the_reason(org, as_user, campaign):
    response = as_user("office").post(
        _edit_url(campaign, "arena"), _arena_form(campaign, weight="0")
    )
    assert response.status_code == 200
    assert response.context["form"].errors["weight"] == ["Must be greater than 0, got 0."]
    assert "Must be greater than 0, got 0." in response.text
    assert campaign.nodes.get(code="arena").weight == D(20)


def test_an_unknown_source_is_refused_with_the_known_sources(org, as_user, campaign):
    response = as_user("office").post(
        _edit_url(campaign, "arena"), _arena_form(campaign, source="visit_count")
    )
    [message] = response.context["form"].errors["source"]
    assert message.startswith("Unknown source 'visit_count'. Known sources: ")
    assert "checklist, " in message and "panel" in message
    assert campaign.nodes.get(code="arena").source == "panel"


def test_unreadable_or_wrong_parameters_are_refused_on_their_field(org, as_user, campaign):
    client = as_user("office")
    url = _edit_url(campaign, "arena")
    response = client.post(url, _arena_form(campaign, source_params="{panel: [arena"))
    [message] = response.context["form"].errors["source_params"]
    assert message.startswith("YAML syntax error at line 1")
    response = client.post(url, _arena_form(campaign, method_params="{target: 1}"))
    assert response.context["form"].errors["method_params"] == [
        "The method 'relative' takes no parameters."
    ]
    response = client.post(url, _arena_form(campaign, source_params="{panel: *a}"))
    [message] = response.context["form"].errors["source_params"]
    assert message.startswith("YAML aliases (*name) are not allowed")
    arena = campaign.nodes.get(code="arena")
    assert (arena.source_params, arena.method_params) == ({"panel": "arena"}, {})


def test_the_office_adds_a_dimension_with_its_first_indicator(org, as_user, campaign):
    client = as_user("office")
    url = reverse("campaigns:node_create", args=[campaign.pk]) + "?kind=dimension"
    assert client.get(url).status_code == 200
    data = {
        "kind": "dimension",
        "code": "study",
        "name": "学习",
        "leaf-code": "study-sharing",
        "leaf-name": "青城学院分享会",
        "leaf-weight": "0",
        "leaf-source": "panel",
        "leaf-source_params": '{"panel": "sharing"}',
        "leaf-method": "rank",
        "leaf-when_empty": "full",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert response.context["first_form"].errors["weight"] == ["Must be greater than 0, got 0."]
    assert not campaign.nodes.filter(code="study").exists()
    response = client.post(url, {**data, "leaf-weight": "10"})
    assert response.status_code == 302
    study = campaign.nodes.get(code="study")
    assert study.weight == D(10) and study.children.get().code == "study-sharing"


def test_the_office_adds_a_leaf_under_a_dimension(org, as_user, campaign):
    style = campaign.nodes.get(code="style")
    url = reverse("campaigns:node_create", args=[campaign.pk]) + f"?kind=leaf&parent={style.pk}"
    client = as_user("office")
    assert client.get(url).context["form"].initial["parent"] == str(style.pk)
    response = client.post(
        url,
        {
            "kind": "leaf",
            "parent": style.pk,
            "code": "deputies",
            "name": "两代表一委员评议",
            "weight": "10",
            "source": "rating",
            "source_params": "panel: deputies",
            "method": "target",
            "method_params": "target: 5",
            "when_empty": "group_mean",
        },
    )
    assert response.status_code == 302
    leaf = campaign.nodes.get(code="deputies")
    assert (leaf.parent, leaf.method_params, leaf.when_empty) == (
        style,
        {"target": "5"},
        "group_mean",
    )
    assert campaign.nodes.get(code="style").weight == D(50)


def test_the_office_deletes_a_leaf_after_confirming(org, as_user, campaign):
    client = as_user("office")
    url = reverse("campaigns:node_delete", args=[campaign.pk, campaign.nodes.get(code="arena").pk])
    page = client.get(url)
    assert "will be removed from the tree" in page.text
    assert client.post(url).status_code == 302
    assert not campaign.nodes.filter(code="arena").exists()
    assert campaign.nodes.get(code="work").weight == D(40)


def test_deleting_the_last_indicator_of_a_dimension_is_refused_with_the_reason(
    org, as_user, campaign
):
    url = reverse(
        "campaigns:node_delete", args=[campaign.pk, campaign.nodes.get(code="assessment").pk]
    )
    response = as_user("office").post(url)
    assert response.status_code == 200
    [error] = response.context["errors"]
    assert error.startswith("indicators[1].children (作风): ")
    assert campaign.nodes.filter(code="assessment").exists()


def test_the_tree_cannot_change_once_a_period_is_published(org, as_user, campaign):
    january = campaign.periods.get(key="2026-01")
    period_score(period=january, actor=OFFICE)
    period_publish(period=january, actor=OFFICE, force=True)
    client = as_user("office")
    url = _edit_url(campaign, "arena")
    response = client.post(url, _arena_form(campaign, weight="30"))
    assert response.status_code == 302
    [message] = [str(m) for m in get_messages(response.wsgi_request)]
    assert message.startswith(
        f"The indicator tree can no longer change: the results of {january.label} "
    )
    assert campaign.nodes.get(code="arena").weight == D(20)
    assert client.get(url).status_code == 302
    detail = client.get(reverse("campaigns:campaign_detail", args=[campaign.pk]))
    assert 'data-testid="tree-frozen"' in detail.text
    assert url not in detail.text


def test_a_cadre_cannot_edit_the_tree(org, as_user, campaign):
    client = as_user("office")  # the same form opens for the office
    url = _edit_url(campaign, "arena")
    assert client.get(url).status_code == 200
    client = as_user("cadre_a")
    assert client.get(url).status_code == 403
    assert client.post(url, _arena_form(campaign, weight="30")).status_code == 403
    create = reverse("campaigns:node_create", args=[campaign.pk])
    assert client.post(create, {"kind": "leaf", "code": "x"}).status_code == 403
    delete = reverse(
        "campaigns:node_delete", args=[campaign.pk, campaign.nodes.get(code="arena").pk]
    )
    assert client.post(delete).status_code == 403
    assert campaign.nodes.get(code="arena").weight == D(20)
