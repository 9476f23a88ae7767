"""The judging panel page: judges enter scores, the campaign office sees the matrix."""

from __future__ import annotations

import re
from decimal import Decimal as D

import pytest
from django.urls import reverse

from zhengxian.core.actors import system_actor
from zhengxian.orgs.roles import Role
from zhengxian.orgs.testing import make_person
from zhengxian.scoring.models import PanelScore
from zhengxian.scoring.services.compute import period_score
from zhengxian.scoring.services.panels import panel_score_enter
from zhengxian.scoring.services.publication import period_publish
from zhengxian.scoring.tests.factories import small_campaign

OFFICE = system_actor("office")

pytestmark = pytest.mark.django_db


@pytest.fixture
def january(org):
    return small_campaign(org).periods.get(key="2026-01")


def _url(period, panel="arena"):
    return reverse("scoring:panel_entry", args=[period.pk, panel])


def _field(unit):
    return f"unit-{unit.pk}"


def _input(html, unit):
    match = re.search(rf'<input[^>]*name="{_field(unit)}"[^>]*>', html)
    assert match, f"no input for {unit}"
    return match.group(0)


def test_a_judge_sees_every_competing_unit_with_their_own_unit_disabled(org, login, january):
    html = login("evaluator").get(_url(january)).content.decode()
    for unit in (org.community_a, org.community_b):
        assert "disabled" not in _input(html, unit)
    assert "disabled" in _input(html, org.office)  # 考评员 belongs to 党政办
    assert 'data-testid="own-unit"' in html
    assert org.grid_a.name not in html  # grids compete in no group
    assert 'data-testid="panel-matrix"' not in html  # judges do not see each other's scores


def test_a_judge_enters_scores_and_corrects_them_later(org, login, january):
    client = login("evaluator")
    judge = org.people["evaluator"]
    response = client.post(
        _url(january), {_field(org.community_a): "88.5", _field(org.community_b): ""}
    )
    assert response.status_code == 302 and response.url == _url(january)
    assert list(PanelScore.objects.values_list("judge", "unit", "score")) == [
        (judge.pk, org.community_a.pk, D("88.50"))
    ]
    assert 'value="88.50"' in _input(client.get(_url(january)).content.decode(), org.community_a)
    client.post(_url(january), {_field(org.community_a): "90", _field(org.community_b): "70"})
    assert dict(PanelScore.objects.values_list("unit", "score")) == {
        org.community_a.pk: D("90.00"),
        org.community_b.pk: D("70.00"),
    }


def test_a_score_posted_for_the_judges_own_unit_is_not_stored(org, login, january):
    login("evaluator").post(
        _url(january), {_field(org.office): "100", _field(org.community_a): "80"}
    )
    assert list(PanelScore.objects.values_list("unit", flat=True)) == [org.community_a.pk]


def test_a_score_above_100_is_shown_as_an_error_and_nothing_is_stored(org, login, january):
    response = login("evaluator").post(
        _url(january), {_field(org.community_a): "101", _field(org.community_b): "80"}
    )
    assert response.status_code == 200
    assert "invalid-feedback" in response.content.decode()
    assert not PanelScore.objects.exists()


def test_the_office_sees_judges_by_units_with_the_trimmed_mean(org, login, january):
    judges = [
        make_person(f"judge{i}", org.office, [(Role.EVALUATOR, org.subdistrict)], f"评委{i}")
        for i in range(1, 5)
    ]
    for judge, score in zip(judges, ["80", "90", "70", "100"], strict=True):
        panel_score_enter(
            period=january, panel="arena", judge=judge, unit=org.community_a, score=D(score),
            actor=judge.user,
        )  # fmt: skip
    html = login("office").get(_url(january)).content.decode()
    assert 'data-testid="panel-matrix"' in html
    for judge in judges:
        assert judge.name in html
    assert re.search(rf'data-testid="mean-{org.community_a.pk}">\s*85\.00\s*<', html)
    row = re.search(rf'data-testid="matrix-row-{org.community_a.pk}">(.*?)</tr>', html, re.S).group(
        1
    )
    assert row.count('data-dropped="1"') == 2  # 100 and 70
    assert 'data-testid="panel-form"' in html  # the office may judge too


def test_someone_who_may_not_assess_gets_403_and_someone_outside_the_campaign_404(
    org, login, client, january
):
    assert login("cadre_a").get(_url(january)).status_code == 403
    assert login("cadre_a").post(_url(january), {_field(org.community_b): "100"}).status_code == 403
    assert login("nobody").get(_url(january)).status_code == 404
    client.logout()
    assert client.get(_url(january)).status_code == 302  # to the login page
    assert not PanelScore.objects.exists()
    # The same page and the same post work for a judge.
    judge = login("evaluator")
    assert judge.get(_url(january)).status_code == 200
    assert judge.post(_url(january), {_field(org.community_b): "100"}).status_code == 302
    assert list(PanelScore.objects.values_list("unit", flat=True)) == [org.community_b.pk]


def test_a_panel_the_campaign_does_not_have_is_404(login, january):
    assert login("evaluator").get(_url(january, panel="stage")).status_code == 404
    assert login("evaluator").get(_url(january, panel="arena")).status_code == 200


def test_a_published_period_shows_the_scores_frozen_and_refuses_changes(org, login, january):
    judge = org.people["evaluator"]
    panel_score_enter(
        period=january, panel="arena", judge=judge, unit=org.community_a, score=D("80"),
        actor=judge.user,
    )  # fmt: skip
    period_score(period=january, actor=OFFICE)
    period_publish(period=january, actor=OFFICE, force=True)
    client = login("evaluator")
    html = client.get(_url(january)).content.decode()
    assert 'data-testid="panel-frozen"' in html
    assert "disabled" in _input(html, org.community_a)
    response = client.post(_url(january), {_field(org.community_a): "99"})
    assert response.status_code == 200
    assert "alert-danger" in response.content.decode()
    assert PanelScore.objects.get().score == D("80.00")
