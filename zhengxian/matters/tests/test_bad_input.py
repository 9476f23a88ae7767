"""Bad input on the matters pages is a 400 or a form error, never a server error, and
nothing is saved: text where an id belongs, 20-digit ids, dates outside 2000–2100, text
beyond its limit."""

from __future__ import annotations

import pytest
from django.urls import reverse

from zhengxian.matters.models import Matter, MediationCase, SupervisionDay, Visit

HUGE = "99999999999999999999"


def visit_post(org, **fields):
    data = {
        "unit": org.community_a.pk,
        "visited_on": "2026-03-09",
        "target_kind": "household",
        "target_unit": org.community_a.pk,
        "household": "湘湖家园3幢",
        "summary": "走访",
        "visitors": [org.people["cadre_a"].pk],
    }
    data.update(fields)
    return data


def test_unit_abc_on_the_visit_form_is_a_form_error(org, login):
    response = login("cadre_a").post(reverse("matters:visit_create"), visit_post(org, unit="abc"))
    assert response.status_code == 200
    assert response.context["form"].errors["unit"]
    assert not Visit.objects.exists()


@pytest.mark.parametrize("value", ["abc", HUGE, "-1", "²"])
def test_a_bad_unit_on_the_visitors_search_is_a_400(org, login, value):
    response = login("cadre_a").get(reverse("matters:visit_visitors"), {"unit": value})
    assert response.status_code == 400


@pytest.mark.parametrize("value", [HUGE, "abc", "1e5"])
def test_a_huge_or_text_id_among_the_visitors_is_a_form_error(org, login, value):
    data = visit_post(org, visitors=[org.people["cadre_a"].pk, value])
    response = login("cadre_a").post(reverse("matters:visit_create"), data)
    assert response.status_code == 200
    assert response.context["form"].errors["visitors"]
    assert not Visit.objects.exists()


def test_huge_ids_in_the_supervision_multi_selects_are_form_errors(org, login):
    data = {
        "unit": org.subdistrict.pk,
        "held_on": "2026-03-09",
        "title": "固定监督日",
        "inspected_units": [HUGE],
        "supervisors": [HUGE, "abc"],
    }
    response = login("supervisor").post(reverse("matters:supervision_create"), data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["inspected_units"] and errors["supervisors"]
    assert not SupervisionDay.objects.exists()


@pytest.mark.parametrize("day", ["1999-12-31", "2101-01-01", "0001-01-01", "20266-03-01"])
def test_dates_outside_2000_to_2100_are_form_errors(org, login, day):
    response = login("cadre_a").post(
        reverse("matters:visit_create"), visit_post(org, visited_on=day)
    )
    assert response.status_code == 200
    assert response.context["form"].errors["visited_on"]
    assert not Visit.objects.exists()


def test_an_assign_deadline_in_2101_is_refused(org, login):
    from .factories import file_matter

    matter = file_matter(org)
    url = reverse("matters:matter_act", args=[matter.pk, "assign"])
    response = login("leader_a").post(
        url, {"responsible_unit": org.community_a.pk, "deadline": "2101-01-01"}, follow=True
    )
    assert response.status_code == 200
    matter.refresh_from_db()
    assert matter.state == "reported" and matter.deadline is None


def test_too_long_texts_are_form_errors(org, login):
    response = login("cadre_a").post(
        reverse("matters:visit_create"), visit_post(org, summary="长" * 4001)
    )
    assert response.context["form"].errors["summary"]
    response = login("cadre_a").post(
        reverse("matters:matter_create"),
        {
            "title": "路灯",
            "description": "长" * 4001,
            "origin": "visit",
            "category": "other",
            "reporting_unit": org.community_a.pk,
            "file_anyway": "on",
        },
    )
    assert response.context["form"].errors["description"]
    assert not Visit.objects.exists() and not Matter.objects.exists()


def test_mediation_with_huge_ids_and_a_bad_year_never_fails(org, login):
    client = login("leader_a")
    response = client.post(
        reverse("matters:mediation_create"),
        {"reporting_unit": HUGE, "handling_unit": "abc", "title": "邻里纠纷"},
    )
    assert response.status_code == 200 and not MediationCase.objects.exists()
    for year in (HUGE, "abc", "99999", "-1"):
        assert client.get(reverse("matters:mediation_list"), {"year": year}).status_code == 200


@pytest.mark.parametrize("link", [HUGE, "²", "abc"])
def test_a_bad_link_choice_files_the_matter_instead_of_failing(org, login, link):
    response = login("cadre_a").post(
        reverse("matters:matter_create"),
        {
            "title": "路灯坏了",
            "origin": "visit",
            "category": "other",
            "reporting_unit": org.community_a.pk,
            "file_anyway": "on",
            "link_to": link,
        },
    )
    assert response.status_code == 302
    assert Matter.objects.count() == 1
