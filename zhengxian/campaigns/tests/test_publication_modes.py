"""The publication mode in the campaign file: publication_mode, tiers and list_size are read,
checked with located messages, stored on the campaign and written back unchanged."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from zhengxian.campaigns.campaign_file import (
    CampaignFileError,
    dump_campaign_file,
    load_campaign_file,
)
from zhengxian.campaigns.campaign_file.spec import TierSpec, tier_for
from zhengxian.campaigns.models import Campaign, PublicationMode
from zhengxian.campaigns.selectors import campaign_tiers, campaign_to_spec
from zhengxian.campaigns.services import campaign_load_file
from zhengxian.core.actors import SYSTEM
from zhengxian.engine.sources import registry
from zhengxian.scoring.tests.factories import SMALL_CAMPAIGN

TIERS_KEYS = """publication_mode: tiers
tiers:
  - {name: 好, min: 90}
  - {name: 较好, min: 80.5}
  - {name: 一般, min: 60}
  - {name: 较差}
list_size: 5
"""
WITH_TIERS = SMALL_CAMPAIGN.replace("groups:\n", TIERS_KEYS + "groups:\n", 1)
TIERS = (
    TierSpec(name="好", min=Decimal(90)),
    TierSpec(name="较好", min=Decimal("80.5")),
    TierSpec(name="一般", min=Decimal(60)),
    TierSpec(name="较差"),
)


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    with translation.override("en"):
        yield


def _problems(text: str) -> dict[str, str]:
    with pytest.raises(CampaignFileError) as caught:
        load_campaign_file(text, sources=registry)
    return {problem.path: problem.message for problem in caught.value.problems}


def _with(keys: str) -> str:
    return SMALL_CAMPAIGN.replace("groups:\n", keys + "groups:\n", 1)


def test_a_file_without_the_keys_publishes_a_full_ranking_with_lists_of_three():
    spec = load_campaign_file(SMALL_CAMPAIGN, sources=registry)
    assert (spec.publication_mode, spec.tiers, spec.list_size) == ("full", (), 3)
    text = dump_campaign_file(spec)
    assert "publication_mode" not in text and "tiers" not in text and "list_size" not in text


def test_the_mode_tiers_and_list_size_are_read_and_round_trip():
    spec = load_campaign_file(WITH_TIERS, sources=registry)
    assert (spec.publication_mode, spec.tiers, spec.list_size) == ("tiers", TIERS, 5)
    assert load_campaign_file(dump_campaign_file(spec), sources=registry) == spec


def test_a_units_tier_is_the_first_whose_cut_off_its_total_reaches():
    assert [tier_for(Decimal(t), TIERS) for t in ("95", "90", "80.49", "80.5", "0")] == [
        "好",
        "好",
        "一般",
        "较好",
        "较差",
    ]


def test_an_unknown_mode_is_named_with_the_choices():
    assert _problems(_with("publication_mode: ranking\n")) == {
        "publication_mode": "Unknown publication mode 'ranking'. Use one of: full, tiers, lists."
    }


def test_publishing_by_tiers_needs_the_tiers():
    message = _problems(_with("publication_mode: tiers\n"))["publication_mode"]
    assert message.startswith("Publishing by tiers needs the tiers")


def test_each_tier_mistake_is_located():
    text = _with(
        "tiers:\n"
        "  - {name: 好, min: 80}\n"
        "  - {name: 较好, min: 85}\n"
        "  - {name: 好, min: 50}\n"
        "  - {name: 一般}\n"
        "  - {name: 较差, min: 10}\n"
        "list_size: 0\n"
    )
    assert _problems(text) == {
        "tiers[1].min": (
            "Tiers go best first: this tier's 'min' (85) must be below the one before it (80)."
        ),
        "tiers[2].name": "The tier '好' is already named at tiers[0].name.",
        "tiers[3]": ("Give this tier its 'min': the points of the total a unit needs to be in it."),
        "tiers[4].min": "The last tier takes every unit below the others: it has no 'min'.",
        "list_size": "0 is out of range: use 1 to 50.",
    }


def test_a_single_tier_is_refused():
    assert _problems(_with("tiers:\n  - {name: 全部}\n")) == {
        "tiers": "Give between 2 and 10 tiers; this list has 1."
    }


@pytest.mark.django_db
def test_a_loaded_campaign_keeps_the_mode_and_exports_it_back(org, as_user):
    campaign = campaign_load_file(actor=SYSTEM, text=WITH_TIERS, owner_unit=org.subdistrict)
    stored = Campaign.objects.get(pk=campaign.pk)
    assert stored.publication_mode == PublicationMode.TIERS and stored.list_size == 5
    assert campaign_tiers(stored) == TIERS
    spec = load_campaign_file(WITH_TIERS, sources=registry)
    assert campaign_to_spec(stored) == spec
    answer = as_user("office").get(reverse("campaigns:campaign_export", args=[campaign.pk]))
    exported = answer.content.decode()
    assert "publication_mode: tiers\n" in exported and "- {name: 较好, min: 80.5}\n" in exported
    assert load_campaign_file(exported, sources=registry) == spec


def _settings(campaign, **changes):
    data = {
        "name": campaign.name,
        "preview_days": campaign.preview_days,
        "bonus_cap": str(campaign.bonus_cap),
        "penalty_cap": str(campaign.penalty_cap),
        "status": campaign.status,
    }
    return {**data, **changes}


@pytest.mark.django_db
def test_the_office_chooses_the_mode_and_tiers_on_the_settings_page(as_user, campaign):
    client = as_user("office")
    url = reverse("campaigns:campaign_edit", args=[campaign.pk])
    data = _settings(
        campaign, publication_mode="tiers", tiers="好 90\n较好 80.5\n\n一般 60\n较差\n", list_size=4
    )
    assert client.post(url, data).status_code == 302
    campaign.refresh_from_db()
    assert campaign.publication_mode == "tiers" and campaign.list_size == 4
    assert campaign_tiers(campaign) == TIERS
    detail = client.get(reverse("campaigns:campaign_detail", args=[campaign.pk])).text
    assert "Tiers only: 好 ≥ 90 · 较好 ≥ 80.5 · 一般 ≥ 60 · 较差" in detail
    form = client.get(url).text
    assert "好 90\n较好 80.5\n一般 60\n较差</textarea>" in form


@pytest.mark.django_db
def test_tiers_that_break_the_file_rules_are_shown_on_the_field_and_change_nothing(
    as_user, campaign
):
    client = as_user("office")
    url = reverse("campaigns:campaign_edit", args=[campaign.pk])
    answer = client.post(
        url, _settings(campaign, publication_mode="tiers", tiers="好 80\n较好 85\n较差")
    )
    assert answer.status_code == 200
    assert "must be below the one before it (80)" in answer.text
    answer = client.post(url, _settings(campaign, publication_mode="tiers", tiers="好 很多"))
    assert "Line 1: “很多” is not a number of points." in answer.text
    answer = client.post(url, _settings(campaign, publication_mode="tiers", tiers=""))
    assert "Publishing by tiers needs the tiers" in answer.text
    campaign.refresh_from_db()
    assert (campaign.publication_mode, campaign.tiers) == ("full", [])


@pytest.mark.django_db
def test_a_settings_request_without_the_publication_fields_leaves_them_unchanged(org, as_user):
    campaign = campaign_load_file(actor=SYSTEM, text=WITH_TIERS, owner_unit=org.subdistrict)
    url = reverse("campaigns:campaign_edit", args=[campaign.pk])
    assert as_user("office").post(url, _settings(campaign, name="新名称")).status_code == 302
    campaign.refresh_from_db()
    assert campaign.name == "新名称" and campaign.publication_mode == "tiers"
    assert campaign_tiers(campaign) == TIERS and campaign.list_size == 5


@st.composite
def publications(draw: st.DrawFn) -> dict[str, object]:
    names = draw(
        st.lists(
            st.text(alphabet="好较一般差优良中ABC", min_size=1, max_size=6),
            min_size=2,
            max_size=10,
            unique=True,
        )
    )
    cents = sorted(
        draw(
            st.lists(
                st.integers(0, 99999), min_size=len(names) - 1, max_size=len(names) - 1, unique=True
            )
        ),
        reverse=True,
    )
    tiers = tuple(
        TierSpec(name=name, min=None if i == len(names) - 1 else Decimal(cents[i]) / 100)
        for i, name in enumerate(names)
    )
    return {
        "publication_mode": draw(st.sampled_from(["full", "tiers", "lists"])),
        "tiers": tiers,
        "list_size": draw(st.integers(1, 50)),
    }


@settings(max_examples=40, deadline=None)
@given(publications())
def test_any_valid_publication_survives_dump_then_load(publication):
    spec = replace(load_campaign_file(SMALL_CAMPAIGN, sources=registry), **publication)
    assert load_campaign_file(dump_campaign_file(spec), sources=registry) == spec
