"""Bad input on the project pages is a form error or a 400, never a server error, and
changes nothing: dates outside 2000–2100, ids given as text or 20 digits, long text."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from django.urls import reverse

from zhengxian.projects.models import Milestone, Project

from .factories import add_milestone, make_project

HUGE = "99999999999999999999"


def project_post(org, **fields):
    data = {
        "code": "XM-9",
        "name": "新项目",
        "category": "economy",
        "unit": org.community_a.pk,
        "planned_start": "2026-01-01",
        "planned_end": "2026-12-31",
        "planned_investment": "100",
    }
    data.update(fields)
    return data


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("planned_start", "1999-12-31"),
        ("planned_end", "2101-01-01"),
        ("unit", "abc"),
        ("unit", HUGE),
        ("lead", HUGE),
        ("description", "长" * 4001),
    ],
)
def test_bad_project_input_is_a_form_error(org, today, login, field, value):
    response = login("office").post(
        reverse("projects:project_create"), project_post(org, **{field: value})
    )
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert not Project.objects.exists()


@pytest.mark.parametrize("day", ["1999-01-01", "2101-01-01", "0001-01-01"])
def test_a_milestone_date_outside_2000_to_2100_is_a_form_error(org, today, login, day):
    project = make_project(org)
    response = login("office").post(
        reverse("projects:milestone_create", args=[project.pk]),
        {"name": "开工", "planned_date": day},
    )
    assert response.status_code == 200 and response.context["form"].errors["planned_date"]
    assert not Milestone.objects.exists()


def test_marking_done_on_a_day_beyond_2100_changes_nothing(org, today, login):
    milestone = add_milestone(make_project(org), "开工", 5)
    login("office").post(
        reverse("projects:milestone_done", args=[milestone.pk]), {"day": "2101-01-01"}
    )
    milestone.refresh_from_db()
    assert milestone.actual_date is None


@pytest.mark.parametrize(
    "params", [{"unit": HUGE}, {"lead": "abc"}, {"year": HUGE}, {"month": HUGE}]
)
def test_bad_filters_never_fail(org, today, login, params):
    client = login("office")
    for name in ("project_list", "battle_chart", "warnings"):
        assert client.get(reverse(f"projects:{name}"), params).status_code == 200, name
    export = client.post(f"{reverse('projects:export')}?{urlencode(params)}")
    assert export.status_code == 302
