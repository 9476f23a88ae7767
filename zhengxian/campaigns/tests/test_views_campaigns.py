"""The campaign pages: the list (scoped), loading a campaign file or a preset (all or
nothing, every problem with its path), export, the campaign page and its settings."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from zhengxian.campaigns.campaign_file import load_campaign_file
from zhengxian.campaigns.models import Campaign, IndicatorNode, Period
from zhengxian.campaigns.services import campaign_load_file
from zhengxian.core.actors import SYSTEM
from zhengxian.engine.sources import registry
from zhengxian.orgs.services import unit_create
from zhengxian.scoring.tests.factories import SMALL_CAMPAIGN

pytestmark = pytest.mark.django_db

BAD_FILE = (
    SMALL_CAMPAIGN.replace("year: 2026", "year: twenty")
    .replace("weight: 20\n        source: panel", "weight: 0\n        source: panel")
    .replace("source: rating", "source: ratings")
)


def _upload(text: str, name: str = "campaign.yaml") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="application/yaml")


def _load_page(client, org, **data):
    data.setdefault("owner_unit", org.subdistrict.pk)
    return client.post(reverse("campaigns:campaign_load"), data)


def test_the_office_loads_a_good_file_through_the_page(org, as_user):
    client = as_user("office")
    response = _load_page(client, org, file=_upload(SMALL_CAMPAIGN))
    campaign = Campaign.objects.get(code="test-2026")
    assert response.status_code == 302
    assert response.url == reverse("campaigns:campaign_detail", args=[campaign.pk])
    assert campaign.owner_unit == org.subdistrict
    assert campaign.nodes.count() == 6 and campaign.periods.count() == 12
    page = client.get(response.url)
    assert "Campaign 2026年测试比学活动 loaded from campaign.yaml." in page.text


def test_a_bad_file_lists_every_problem_with_its_path_and_creates_nothing(org, as_user):
    response = _load_page(as_user("office"), org, file=_upload(BAD_FILE))
    assert response.status_code == 200
    problems = response.context["problems"]
    paths = [problem.path for problem in problems]
    assert paths == [
        "year",
        "indicators[0].children[1].weight",
        "indicators[0].children[2].source",
    ]
    assert "3 problems were found. Nothing was changed" in response.text
    for path in paths:
        assert f'<code class="text-break">{path}</code>' in response.text
    assert "Unknown source &#x27;ratings&#x27;" in response.text
    assert not Campaign.objects.exists()
    assert not IndicatorNode.objects.exists() and not Period.objects.exists()


def test_a_file_that_is_not_yaml_text_is_refused_on_the_file_field(org, as_user):
    client = as_user("office")
    response = _load_page(client, org, file=_upload("x", name="campaign.xlsx"))
    assert "A campaign file ends in .yaml or .yml." in response.text
    response = _load_page(
        client, org, file=SimpleUploadedFile("c.yaml", b"\xff\xfe\x00bad", "application/yaml")
    )
    assert "The file is not UTF-8 text." in response.text
    response = _load_page(client, org)
    assert "Upload a campaign file or choose a preset (one of the two)." in response.text
    assert not Campaign.objects.exists()


def test_a_shipped_preset_loads_moved_to_another_year(org, as_user):
    response = _load_page(as_user("office"), org, preset="chengxiang-2023-core", year=2026)
    assert response.status_code == 302
    campaign = Campaign.objects.get()
    assert (campaign.code, campaign.year, campaign.start.isoformat()) == (
        "chengxiang-core-2026",
        2026,
        "2026-01-01",
    )
    assert campaign.name.startswith("2026年城厢街道")
    assert campaign.nodes.filter(parent=None).count() == 8


def test_a_second_campaign_with_the_same_code_is_refused(org, as_user, campaign):
    response = _load_page(as_user("office"), org, file=_upload(SMALL_CAMPAIGN))
    assert response.status_code == 200
    assert "A campaign with the code test-2026 exists already." in response.text
    assert Campaign.objects.count() == 1


def test_the_exported_file_loads_back_to_the_same_campaign(org, as_user):
    spec = load_campaign_file(SMALL_CAMPAIGN, sources=registry)
    campaign = campaign_load_file(actor=SYSTEM, text=SMALL_CAMPAIGN, owner_unit=org.subdistrict)
    response = as_user("cadre_a").get(reverse("campaigns:campaign_export", args=[campaign.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/yaml; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="test-2026.yaml"'
    assert load_campaign_file(response.content.decode(), sources=registry) == spec


def test_a_cadre_can_neither_load_nor_see_the_load_action(org, as_user, campaign):
    client = as_user("cadre_a")
    assert client.get(reverse("campaigns:campaign_load")).status_code == 403
    response = _load_page(client, org, file=_upload(SMALL_CAMPAIGN.replace("test-2026", "x-1")))
    assert response.status_code == 403
    assert not Campaign.objects.filter(code="x-1").exists()
    page = client.get(reverse("campaigns:campaign_list"))
    assert page.status_code == 200 and campaign.name in page.text
    assert reverse("campaigns:campaign_load") not in page.text
    assert (
        as_user("office")
        .get(reverse("campaigns:campaign_list"))
        .text.count(reverse("campaigns:campaign_load"))
    )


def test_people_see_only_the_campaigns_of_their_scope(org, as_user, campaign):
    other_subdistrict = unit_create(
        actor=SYSTEM, code="WX", name="闻堰街道", kind="subdistrict", parent=org.district
    )
    unit_create(
        actor=SYSTEM, code="WX-A", name="闻堰社区", kind="community", parent=other_subdistrict
    )
    unit_create(  # the office group needs a member: an empty group is refused
        actor=SYSTEM, code="WX-B", name="闻堰党政办", kind="office", parent=other_subdistrict
    )
    other = campaign_load_file(
        actor=SYSTEM,
        text=SMALL_CAMPAIGN.replace("test-2026", "wenyan-2026").replace("测试", "闻堰"),
        owner_unit=other_subdistrict,
    )
    client = as_user("cadre_a")
    page = client.get(reverse("campaigns:campaign_list"))
    assert list(page.context["campaigns"]) == [campaign]
    assert client.get(reverse("campaigns:campaign_detail", args=[other.pk])).status_code == 404
    assert client.get(reverse("campaigns:campaign_export", args=[other.pk])).status_code == 404
    assert client.get(reverse("scoring:period_list", args=[other.pk])).status_code == 404
    assert as_user("nobody").get(reverse("campaigns:campaign_list")).status_code == 403
    # The same pages of the same campaign open for a cadre of 闻堰街道.
    from zhengxian.orgs.roles import Role
    from zhengxian.orgs.services import person_create

    wenyan, _ = person_create(
        actor=SYSTEM,
        name="闻堰干部",
        unit=other_subdistrict,
        username="cadre_wx",
        password="wx-pass-123",
        roles=[(Role.CADRE, other_subdistrict)],
    )
    client.force_login(wenyan.user)
    assert list(client.get(reverse("campaigns:campaign_list")).context["campaigns"]) == [other]
    for name in ("campaigns:campaign_detail", "campaigns:campaign_export", "scoring:period_list"):
        assert client.get(reverse(name, args=[other.pk])).status_code == 200, name


def test_the_campaign_page_shows_groups_tree_and_periods(org, as_user, campaign):
    page = as_user("cadre_a").get(reverse("campaigns:campaign_detail", args=[campaign.pk]))
    assert page.status_code == 200
    groups = {row.group.code: row.members for row in page.context["groups"]}
    assert groups == {"community": 2, "office": 1}
    text = page.text
    for name in ("实干", "红色物业创建", "擂台比武", "居民考官团评分", "考评员评价"):
        assert name in text
    assert "checklist: red-property" in text
    assert (
        '<i class="bi bi-calculator"></i> target <code class="text-body-secondary">1</code>' in text
    )
    assert "no data: zero" in text
    assert text.count('data-testid="period-2026-') == 12
    edit = reverse("campaigns:node_edit", args=[campaign.pk, campaign.nodes.first().pk])
    assert edit not in text
    office = as_user("office").get(reverse("campaigns:campaign_detail", args=[campaign.pk]))
    assert edit in office.text  # the office, who may edit the tree, gets the link


def test_the_office_edits_the_campaign_settings_by_the_file_rules(org, as_user, campaign):
    client = as_user("office")
    url = reverse("campaigns:campaign_edit", args=[campaign.pk])
    data = {"name": "新名称", "preview_days": 31, "bonus_cap": "5", "penalty_cap": "10"}
    response = client.post(url, {**data, "status": "active"})
    assert response.status_code == 200
    assert "31 is out of range: use 0 to 30." in response.text
    response = client.post(url, {**data, "preview_days": 7, "status": "closed"})
    assert response.status_code == 302
    campaign.refresh_from_db()
    assert (campaign.name, campaign.preview_days, campaign.status) == ("新名称", 7, "closed")
    assert as_user("cadre_a").post(url, data).status_code == 403


def test_the_navigation_offers_campaigns_to_whoever_sees_scores(org, as_user):
    page = as_user("cadre_a").get(reverse("campaigns:campaign_list"))
    assert {"label": "Campaigns", "url": reverse("campaigns:campaign_list")}.items() <= next(
        item for item in page.context["nav_items"] if item["name"] == "campaigns:campaign_list"
    ).items()
