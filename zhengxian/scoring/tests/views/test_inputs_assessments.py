"""Evaluators enter manual points on the grid of manual leaves × units (考评录入)."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
import time_machine
from django.urls import reverse

from zhengxian.core.actors import system_actor
from zhengxian.orgs.roles import Role
from zhengxian.orgs.testing import make_person
from zhengxian.scoring.models import ManualAssessment, UnitScore
from zhengxian.scoring.services.compute import period_score
from zhengxian.scoring.services.publication import period_publish

from .inputs_data import NOW, content, january, pdf, renamed_text, text

OFFICE = system_actor("office")

pytestmark = pytest.mark.django_db

OWN_UNITS_NOTE = (
    "Units you belong to are not listed: nobody scores their own unit, someone outside it does."
)


@pytest.fixture(autouse=True)
def _pinned_clock():
    with time_machine.travel(NOW, tick=False):
        yield


def _grid(period, group: str = "community") -> str:
    return f"{reverse('scoring:assessments', args=[period.pk])}?group={group}"


def _post_cell(client, period, leaf, unit, *, points, comment, attachment=None, htmx=True):
    prefix = f"c{leaf.pk}-{unit.pk}"
    data = {f"{prefix}-points": points, f"{prefix}-comment": comment}
    if attachment is not None:
        data[f"{prefix}-attachment"] = attachment
    headers = {"HX-Request": "true"} if htmx else {}
    url = reverse("scoring:assessment_cell", args=[period.pk, leaf.pk, unit.pk])
    return client.post(url, data, headers=headers)


def test_the_grid_shows_the_manual_leaves_for_the_units_of_the_chosen_group(org, login):
    _campaign, period = january(org)
    client = login("evaluator")
    page = content(client.get(_grid(period)))
    assert "考评员评价" in page and "湘湖社区" in page and "湖头陈社区" in page
    assert "党政办" not in page
    assert "擂台比武" not in page  # computed leaves are not typed in


def test_the_grid_leaves_out_the_evaluators_own_unit_and_says_why(org, client):
    _campaign, period = january(org)
    client.force_login(org.user("evaluator"))  # sits in 党政办, which competes
    page = content(client.get(_grid(period, "office")))
    assert "党政办" not in page
    assert text(OWN_UNITS_NOTE) in page
    street = make_person("street_eval", org.subdistrict, [(Role.EVALUATOR, org.subdistrict)])
    client.force_login(street.user)
    assert "党政办" in content(client.get(_grid(period, "office")))


def test_an_evaluator_enters_points_with_a_comment_and_the_cell_shows_who_and_when(org, login):
    campaign, period = january(org)
    leaf = campaign.nodes.get(code="assessment")
    client = login("evaluator")
    response = _post_cell(
        client,
        period,
        leaf,
        org.community_a,
        points="32.5",
        comment="走访扎实，台账齐全",
        attachment=pdf(),
    )
    assert response.status_code == 200
    cell = content(response)
    assert f'id="cell-{leaf.pk}-{org.community_a.pk}"' in cell
    assert "32.50" in cell and "考评员" in cell and "2026-02-03 09:30" in cell
    assert text("Saved") in cell
    assessment = ManualAssessment.objects.get(period=period, leaf=leaf, unit=org.community_a)
    assert assessment.comment == "走访扎实，台账齐全" and assessment.attachment
    sheet = period_score(period=period, actor=OFFICE)
    row = UnitScore.objects.get(sheet=sheet, unit=org.community_a)
    assert row.detail["leaves"]["assessment"]["points"] == "32.50"
    # The grid shows it on the next visit too.
    assert "32.50" in content(client.get(_grid(period)))


def test_points_without_a_comment_are_refused(org, login):
    campaign, period = january(org)
    leaf = campaign.nodes.get(code="assessment")
    response = _post_cell(
        login("evaluator"), period, leaf, org.community_a, points="30", comment="  "
    )
    assert text("Say why: a comment is required.") in content(response)
    assert not ManualAssessment.objects.exists()


def test_points_above_the_leaf_maximum_are_refused_with_a_clear_message(org, login):
    campaign, period = january(org)
    leaf = campaign.nodes.get(code="assessment")
    response = _post_cell(
        login("evaluator"), period, leaf, org.community_a, points="41", comment="很好"
    )
    assert text("Points must lie between 0 and %(max)s.", max="40.00") in content(response)
    assert not ManualAssessment.objects.exists()


def test_without_htmx_the_grid_is_shown_again_with_the_outcome(org, login):
    campaign, period = january(org)
    leaf = campaign.nodes.get(code="assessment")
    client = login("evaluator")
    response = _post_cell(
        client, period, leaf, org.community_b, points="-1", comment="差", htmx=False
    )
    assert response.status_code == 302 and response["Location"] == _grid(period)
    assert text("Points must lie between 0 and %(max)s.", max="40.00") in content(
        client.get(_grid(period))
    )
    response = _post_cell(
        client, period, leaf, org.community_b, points="12", comment="一般", htmx=False
    )
    page = content(client.get(response["Location"]))
    assert text("Points for %(unit)s saved.", unit="湖头陈社区") in page


def test_a_renamed_text_file_is_refused_as_evidence(org, login):
    campaign, period = january(org)
    leaf = campaign.nodes.get(code="assessment")
    response = _post_cell(
        login("evaluator"),
        period,
        leaf,
        org.community_a,
        points="30",
        comment="好",
        attachment=renamed_text(),
    )
    assert "情况说明.pdf" in content(response)
    assert not ManualAssessment.objects.exists()


def test_a_cadre_can_neither_open_the_grid_nor_enter_points(org, login):
    campaign, period = january(org)
    leaf = campaign.nodes.get(code="assessment")
    client = login("cadre_a")
    assert client.get(_grid(period)).status_code == 403
    response = _post_cell(client, period, leaf, org.community_a, points="40", comment="自评满分")
    assert response.status_code == 403
    assert not ManualAssessment.objects.exists()
    evaluator = login("evaluator")  # the same grid and cell take an evaluator's points
    assert evaluator.get(_grid(period)).status_code == 200
    response = _post_cell(evaluator, period, leaf, org.community_a, points="40", comment="满分")
    assert response.status_code == 200 and ManualAssessment.objects.count() == 1


def test_someone_outside_the_campaign_gets_not_found(org, login):
    _campaign, period = january(org)
    assert login("nobody").get(_grid(period)).status_code == 404
    assert login("evaluator").get(_grid(period)).status_code == 200


def test_only_manual_leaves_take_points(org, login):
    campaign, period = january(org)
    computed = campaign.nodes.get(code="arena")
    response = _post_cell(
        login("evaluator"), period, computed, org.community_a, points="10", comment="好"
    )
    assert response.status_code == 404
    manual = campaign.nodes.get(code="assessment")  # the same post on a manual leaf is kept
    _post_cell(login("evaluator"), period, manual, org.community_a, points="10", comment="好")
    assert ManualAssessment.objects.get().leaf == manual


def test_a_published_period_takes_no_more_points(org, login):
    campaign, period = january(org)
    leaf = campaign.nodes.get(code="assessment")
    period_score(period=period, actor=OFFICE)
    period_publish(period=period, actor=OFFICE, force=True)
    client = login("evaluator")
    response = _post_cell(client, period, leaf, org.community_a, points="30", comment="补录")
    assert text("This period is published; its inputs can no longer change.") in content(response)
    assert not ManualAssessment.objects.exists()
    page = content(client.get(_grid(period)))
    assert text("This period is published; its inputs can no longer change.") in page
    assert "hx-post" not in page


def test_the_landing_page_lists_the_periods_with_links_for_evaluators_only(org, login):
    campaign, period = january(org)
    page = content(login("evaluator").get(reverse("scoring:inputs_home")))
    assert reverse("scoring:assessments", args=[period.pk]) in page
    assert reverse("scoring:adjustments", args=[period.pk]) in page
    assert reverse("scoring:checklists", args=[campaign.pk]) in page
    assert login("cadre_a").get(reverse("scoring:inputs_home")).status_code == 403


def test_the_service_refuses_a_unit_that_does_not_compete(org):
    from zhengxian.core.errors import DomainError
    from zhengxian.scoring.services.assessments import manual_assess

    campaign, period = january(org)
    leaf = campaign.nodes.get(code="assessment")
    with pytest.raises(DomainError):
        manual_assess(
            period=period,
            leaf=leaf,
            unit=org.grid_a,
            points=D("10"),
            comment="网格不参赛",
            actor=org.user("evaluator"),
        )
