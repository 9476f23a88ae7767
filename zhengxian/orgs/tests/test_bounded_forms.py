"""The orgs pages that choose a unit stay bounded at any size: the new and edit pages of units
and people, a person's role form and the people list's unit filter render a search box (past
the threshold) holding only the chosen unit, in the same number of queries for a few units and
people as for many; a unit posted by id is still checked against the user's scope.

The threshold is the setting ZHENGXIAN_AUTOCOMPLETE_THRESHOLD (300); these tests lower it so
that the fixture's sub-district counts as large (the org fixture: zhengxian/orgs/testing.py).
"""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from zhengxian.orgs.models import Person, Unit
from zhengxian.orgs.roles import Role
from zhengxian.orgs.testing import bulk_units

pytestmark = pytest.mark.django_db

PAGE_SIZE = 50  # orgs.views.person_list
GROWN = "增长单位"


@pytest.fixture
def large(settings):
    """Every list of more than one counts as long (a unit leader's two units too)."""
    settings.ZHENGXIAN_AUTOCOMPLETE_THRESHOLD = 1


def options(html: str) -> list[str]:
    return re.findall(r"<option[^>]*>([^<]*)</option>", html)


def grow(parent: Unit, count: int, *, people: int) -> None:
    """``count`` communities under ``parent`` with ``people`` active people each, in bulk."""
    bulk_units(parent, count, prefix=GROWN, kind="community", people=people)


def queries_of(client, url: str) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx), response.content.decode()


PAGES = {
    "unit_create": lambda org: reverse("orgs:unit_create") + f"?parent={org.community_a.pk}",
    "unit_edit": lambda org: reverse("orgs:unit_edit", args=[org.grid_a.pk]),
    "person_create": lambda org: reverse("orgs:person_create") + f"?unit={org.grid_a.pk}",
    "person_edit": lambda org: reverse("orgs:person_edit", args=[org.people["cadre_a"].pk]),
    "person_detail": lambda org: reverse("orgs:person_detail", args=[org.people["cadre_a"].pk]),
    "person_list": lambda org: reverse("orgs:person_list"),
    "person_list_filtered": lambda org: reverse("orgs:person_list") + f"?unit={org.subdistrict.pk}",
}


@pytest.mark.parametrize("page", PAGES)
def test_the_unit_choosing_pages_run_the_same_queries_for_few_or_many_units(
    page, org, login, large
):
    client = login("office")
    url = PAGES[page](org)
    few, html = queries_of(client, url)
    assert "data-zx-ac" in html  # the unit field is a search box
    grow(org.subdistrict, 40, people=3)

    many, html = queries_of(client, url)

    assert many == few
    assert not [label for label in options(html) if GROWN in label]  # no unit listed
    assert html.count("<tr>") <= PAGE_SIZE + 1  # the people list: one page and its header


def test_the_people_list_is_one_page_whatever_the_number_of_people(org, login, large):
    grow(org.subdistrict, 30, people=4)
    url = reverse("orgs:person_list")

    html = login("office").get(url).text
    second = login("office").get(url, {"page": 2}).text

    assert html.count("<tr>") - 1 == PAGE_SIZE  # the rows and the header
    assert "page=2" in html
    assert second.count("<tr>") - 1 == PAGE_SIZE


# ---------------------------------------------------------------------------------------
# Posting a unit by id: inside the scope saved, outside refused
# ---------------------------------------------------------------------------------------


def _unit_data(parent: Unit | None, **changes) -> dict:
    data = {"code": "CX-XH-G2", "name": "湘湖第二网格", "kind": "grid", "sort_order": 0}
    data["parent"] = parent.pk if parent else ""
    data["is_active"] = "on"
    return {**data, **changes}


def test_a_unit_is_created_with_its_parent_posted_by_id(org, login, large):
    client = login("office")
    assert "data-zx-ac" in client.get(reverse("orgs:unit_create")).text

    response = client.post(reverse("orgs:unit_create"), _unit_data(org.community_a))

    assert response.status_code == 302
    assert Unit.objects.get(code="CX-XH-G2").parent == org.community_a


def test_a_parent_outside_the_scope_is_refused(org, login, large):
    response = login("office").post(reverse("orgs:unit_create"), _unit_data(org.district))

    assert response.status_code == 200
    assert "parent" in response.context["form"].errors
    assert not Unit.objects.filter(code="CX-XH-G2").exists()
    assert "萧山区" not in options(response.text)  # the refused unit is not shown back


def test_a_unit_is_moved_with_its_new_parent_posted_by_id(org, login, large):
    unit = org.grid_a
    data = _unit_data(org.community_b, code=unit.code, name=unit.name)

    response = login("office").post(reverse("orgs:unit_edit", args=[unit.pk]), data)

    assert response.status_code == 302
    unit.refresh_from_db()
    assert unit.parent == org.community_b


@pytest.mark.parametrize("parent", ["district", "grid_a", "community_a"])
def test_a_parent_outside_the_scope_or_inside_the_unit_is_refused_on_edit(
    parent, org, login, large
):
    unit = org.community_a
    data = _unit_data(getattr(org, parent), code=unit.code, name=unit.name, kind="community")

    response = login("office").post(reverse("orgs:unit_edit", args=[unit.pk]), data)

    assert response.status_code == 200
    assert "parent" in response.context["form"].errors
    unit.refresh_from_db()
    assert unit.parent == org.subdistrict


# ---------------------------------------------------------------------------------------
# Posting a person's unit by id
# ---------------------------------------------------------------------------------------


def _person_data(unit: Unit, name: str = "新网格员") -> dict:
    return {"name": name, "unit": unit.pk, "position": "", "phone": "", "is_active": "on"}


def test_a_person_is_created_and_moved_with_the_unit_posted_by_id(org, login, large):
    client = login("leader_a")
    assert "data-zx-ac" in client.get(reverse("orgs:person_create")).text

    created = client.post(reverse("orgs:person_create"), _person_data(org.grid_a))
    person = Person.objects.get(name="新网格员")
    moved = client.post(
        reverse("orgs:person_edit", args=[person.pk]), _person_data(org.community_a)
    )

    assert created.status_code == 302 and moved.status_code == 302
    person.refresh_from_db()
    assert person.unit == org.community_a


def test_a_persons_unit_outside_the_scope_is_refused(org, login, large):
    client = login("leader_a")
    person = org.people["cadre_a"]

    created = client.post(reverse("orgs:person_create"), _person_data(org.community_b, "越界者"))
    moved = client.post(
        reverse("orgs:person_edit", args=[person.pk]), _person_data(org.community_b, "湘湖干部")
    )

    for response in (created, moved):
        assert response.status_code == 200
        assert "unit" in response.context["form"].errors
        assert "湖头陈社区" not in options(response.text)
    assert not Person.objects.filter(name="越界者").exists()
    person.refresh_from_db()
    assert person.unit == org.community_a


def test_a_role_is_granted_over_a_unit_posted_by_id_and_refused_outside(org, login, large):
    person = org.people["cadre_a"]
    client = login("leader_a")
    url = reverse("orgs:person_role_add", args=[person.pk])
    assert "data-zx-ac" in client.get(reverse("orgs:person_detail", args=[person.pk])).text

    client.post(url, {"role": Role.VIEWER, "unit": org.grid_a.pk})
    client.post(url, {"role": Role.VIEWER, "unit": org.community_b.pk})

    assert person.roles.filter(role=Role.VIEWER, unit=org.grid_a).exists()
    assert not person.roles.filter(unit=org.community_b).exists()


def test_the_people_lists_unit_filter_takes_an_id_of_the_scope_only(org, login, large):
    client = login("leader_a")
    url = reverse("orgs:person_list")

    grid = client.get(url, {"unit": org.grid_a.pk}).text
    outside = client.get(url, {"unit": org.community_b.pk}).text

    assert "网格员甲" in grid and "湘湖干部" not in grid
    assert "湖头陈" not in outside  # refused: the list of the user's own scope
    assert "湘湖干部" in outside
