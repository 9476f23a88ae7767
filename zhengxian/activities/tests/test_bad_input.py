"""Bad input on the activity pages is a form error, never a server error, and creates
nothing: 20-digit ids in the audience multi-selects, dates outside 2000–2100, long text."""

from __future__ import annotations

import pytest
from django.urls import reverse

from zhengxian.activities.models import Activity, Brand

HUGE = "99999999999999999999"


def activity_post(org, **fields):
    data = {
        "kind": "sharing",
        "title": "青城学院分享会",
        "organiser": org.community_a.pk,
        "day": "2026-03-25",
        "start_time": "14:00",
        "end_time": "16:00",
        "place": "湘湖党群服务中心",
        "units": [org.community_a.pk],
        "opens_before_minutes": 20,
        "grace_minutes": 10,
    }
    data.update(fields)
    return data


@pytest.mark.parametrize(
    ("field", "values"),
    [("units", [HUGE]), ("people", [HUGE]), ("units", ["abc"]), ("people", ["1", HUGE])],
)
def test_huge_or_text_ids_in_the_audience_are_form_errors(org, clock, login, field, values):
    response = login("leader_a").post(
        reverse("activities:activity_create"), activity_post(org, **{field: values})
    )
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert not Activity.objects.exists()


@pytest.mark.parametrize("day", ["1999-12-31", "2101-01-01", "0001-01-01"])
def test_dates_outside_2000_to_2100_are_form_errors(org, clock, login, day):
    response = login("leader_a").post(
        reverse("activities:activity_create"), activity_post(org, day=day)
    )
    assert response.status_code == 200
    assert response.context["form"].errors["day"]
    assert not Activity.objects.exists()


def test_a_description_beyond_its_limit_is_a_form_error(org, clock, login):
    response = login("leader_a").post(
        reverse("activities:activity_create"), activity_post(org, description="长" * 4001)
    )
    assert response.context["form"].errors["description"]
    assert not Activity.objects.exists()


def test_a_brand_owner_given_as_text_or_huge_is_a_form_error(org, login):
    for owner in ("abc", HUGE):
        response = login("office").post(
            reverse("activities:brand_create"), {"code": "xm", "name": "寻梦城河", "owner": owner}
        )
        assert response.status_code == 200 and response.context["form"].errors["owner"]
    assert not Brand.objects.exists()
