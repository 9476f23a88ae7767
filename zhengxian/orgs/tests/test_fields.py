"""Unit and person fields at any size: an ordinary select while the scope is small, a search
box holding only the chosen option(s) past the threshold, rendered in the same number of
queries for 10 people or 10,000, and the same checks of a submitted id either way.

The threshold is the setting ZHENGXIAN_AUTOCOMPLETE_THRESHOLD (300); these tests lower it so
that the fixture's sub-district counts as large.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from zhengxian.core.actors import SYSTEM
from zhengxian.core.forms import BootstrapForm
from zhengxian.matters import services as matter_services
from zhengxian.matters.services import VisitTarget
from zhengxian.orgs.fields import (
    PeopleChoiceField,
    PersonChoiceField,
    UnitChoiceField,
    unit_search,
)
from zhengxian.orgs.models import Person, Unit
from zhengxian.orgs.roles import Perm
from zhengxian.orgs.selectors import people_visible_to, units_visible_to
from zhengxian.orgs.services import unit_create
from zhengxian.orgs.testing import add_communities_with_accounts, make_person

INVALID_CHOICE = "选择一个有效的选项"


class PickForm(BootstrapForm):
    unit = UnitChoiceField(
        label="单位", queryset=Unit.objects.none(), search=unit_search(Perm.RECORD_WORK)
    )
    lead = PersonChoiceField(label="负责人", queryset=Person.objects.none(), required=False)
    people = PeopleChoiceField(label="人员", queryset=Person.objects.none(), required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        people = people_visible_to(user)
        self.fields["unit"].queryset = units_visible_to(user)  # type: ignore[attr-defined]
        self.fields["lead"].queryset = people  # type: ignore[attr-defined]
        self.fields["people"].queryset = people  # type: ignore[attr-defined]


@pytest.fixture
def large(settings):
    """Every list of more than 3 counts as long."""
    settings.ZHENGXIAN_AUTOCOMPLETE_THRESHOLD = 3


def options(html: str) -> list[str]:
    return re.findall(r"<option[^>]*>([^<]*)</option>", html)


def test_a_small_scope_keeps_the_ordinary_select(org):
    form = PickForm(user=org.user("office"))
    html = str(form["unit"])
    assert "data-zx-ac" not in html
    units = units_visible_to(org.user("office")).values_list("name", flat=True)
    assert options(html)[1:] == list(units)
    assert form["unit"].id_for_label == "id_unit"
    assert " required" in html  # the select itself is required, as before


def test_a_long_list_renders_a_search_box_with_only_the_chosen_option(org, large):
    user = org.user("office")
    form = PickForm(user=user, initial={"unit": org.community_a.pk, "lead": org.people["cadre_b"]})
    unit, lead = str(form["unit"]), str(form["lead"])
    assert options(unit) == ["湘湖社区"]
    assert options(lead) == ["湖头陈干部（湖头陈社区）"]
    assert 'data-zx-ac data-url="/orgs/units/search/?perm=record_work"' in unit
    assert 'data-url="/orgs/people/search/"' in lead
    assert re.search(r'<input type="text"[^>]* id="id_unit_search"[^>]* value="湘湖社区"', unit)
    assert form["unit"].id_for_label == "id_unit_search"  # the label names the text box
    assert " required" not in unit and 'aria-required="true"' in unit
    assert "data-zx-ac-clear" not in unit  # a required choice has no clear button
    assert "data-zx-ac-clear" in lead and "data-optional" in lead
    # nothing chosen: an empty option, an empty box
    empty = str(PickForm(user=user)["lead"])
    assert options(empty) == [""] and 'value=""' in empty


def test_the_search_box_renders_in_the_same_queries_for_few_or_many(org, large):
    user = org.user("office")

    def render() -> tuple[int, str]:
        form = PickForm(user=user, initial={"unit": org.grid_a.pk, "lead": org.people["cadre_a"]})
        with CaptureQueriesContext(connection) as ctx:
            html = form.as_div()
        return len(ctx), html

    few, html = render()
    assert "data-zx-ac" in html
    add_communities_with_accounts(org.subdistrict, 40)
    many, html = render()
    assert many == few
    assert "测试社区" not in html and "测试人员" not in html


def test_a_chosen_id_in_the_scope_is_accepted_and_one_outside_is_refused(org, large):
    user = org.user("cadre_a")  # 湘湖社区 and its grid
    data = {"unit": org.grid_a.pk, "lead": org.people["leader_a"].pk}
    form = PickForm(data, user=user)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["unit"] == org.grid_a
    assert form.cleaned_data["lead"] == org.people["leader_a"]

    outside = PickForm({"unit": org.community_b.pk, "lead": org.people["cadre_b"].pk}, user=user)
    assert not outside.is_valid()
    assert INVALID_CHOICE in outside.errors["unit"][0]
    assert INVALID_CHOICE in outside.errors["lead"][0]
    html = outside.as_div()
    assert "湖头陈" not in html  # the refused choice is not shown back, nor its name


def test_garbage_ids_render_as_no_choice(org, large):
    user = org.user("office")
    for value in ("abc", "99999999999999999999", "-1", "0", "1.5"):
        form = PickForm({"unit": value, "lead": value, "people": [value, value]}, user=user)
        assert not form.is_valid()
        assert options(str(form["lead"])) == [""]
        assert options(str(form["people"])) == []


def test_a_choice_of_many_shows_the_chosen_as_removable_tags(org, large):
    user = org.user("office")
    chosen = [org.people["cadre_a"].pk, org.people["cadre_b"].pk]
    form = PickForm({"unit": org.grid_a.pk, "people": chosen}, user=user)
    assert form.is_valid(), form.errors
    assert list(form.cleaned_data["people"]) == [org.people["cadre_a"], org.people["cadre_b"]]
    html = str(form["people"])
    assert "data-multiple" in html and " multiple" in html
    assert options(html) == ["湘湖干部 · 湘湖社区", "湖头陈干部 · 湖头陈社区"]
    assert html.count("data-zx-ac-remove") == 2
    stranger = make_person("stranger", org.district, [], "区里的人")
    refused = PickForm({"unit": org.grid_a.pk, "people": [*chosen, stranger.pk]}, user=user)
    assert not refused.is_valid()
    assert INVALID_CHOICE in refused.errors["people"][0]


# -- the pages -------------------------------------------------------------------------------


def _visit(org, cadre: str, unit: Unit, household: str) -> None:
    matter_services.visit_create(
        actor=org.user(cadre),
        unit=unit,
        visited_on=org.people[cadre].created_at.date(),
        target=VisitTarget(kind="household", unit=unit, household=household),
        summary="走访了解情况",
        visitors=[org.people[cadre]],
    )


def test_the_visit_lists_person_filter_is_a_search_box_that_filters(org, login, large):
    _visit(org, "cadre_a", org.community_a, "湘湖家园1幢")
    _visit(org, "cadre_b", org.community_b, "湖头陈新村2幢")
    client = login("office")
    html = client.get(reverse("matters:visit_list")).content.decode()
    assert 'id="id_person_search"' in html and 'id="id_unit_search"' in html
    assert escape("湖头陈干部 · 湖头陈社区") not in html  # the people are not listed
    person = org.people["cadre_b"]
    html = client.get(reverse("matters:visit_list"), {"person": person.pk}).content.decode()
    assert "湖头陈新村2幢" in html and "湘湖家园1幢" not in html
    assert f'<option value="{person.pk}" selected>湖头陈干部 · 湖头陈社区</option>' in html


def test_the_visit_list_runs_the_same_queries_for_few_or_many_people(org, login, large):
    client = login("office")
    url = reverse("matters:visit_list") + f"?person={org.people['cadre_a'].pk}"

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx)

    few = queries()
    for i in range(40):
        make_person(f"many{i}", org.community_b, [], f"测试人员{i}")
        unit_create(
            actor=SYSTEM, code=f"T{i}", name=f"测试网格{i}", kind="grid", parent=org.community_b
        )
    assert queries() == few


def test_the_activity_forms_audience_people_become_a_search_box(org, login, large):
    html = login("office").get(reverse("activities:activity_create")).content.decode()
    assert 'id="id_people_search"' in html and 'id="id_organiser_search"' in html
    assert "湖头陈干部" not in html


def test_the_supervision_days_check_boxes_become_search_boxes_that_save(org, login, settings):
    from zhengxian.matters.models import SupervisionDay

    settings.ZHENGXIAN_AUTOCOMPLETE_THRESHOLD = 1  # 3 units to inspect, 2 supervisors
    client = login("office")
    url = reverse("matters:supervision_create")
    html = client.get(url).content.decode()
    assert 'id="id_inspected_units_search"' in html and 'id="id_supervisors_search"' in html
    assert 'type="checkbox"' not in html
    assert f'data-value="{org.people["office"].pk}"' in html  # the user, pre-chosen, as a tag
    response = client.post(
        url,
        {
            "held_on": dt.date.today().isoformat(),
            "unit": org.subdistrict.pk,
            "title": "固定监督日",
            "inspected_units": [org.community_a.pk, org.community_b.pk],
            "supervisors": [org.people["supervisor"].pk],
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    day = SupervisionDay.objects.get(title="固定监督日")
    assert set(day.inspections.values_list("unit_id", flat=True)) == {
        org.community_a.pk,
        org.community_b.pk,
    }


def test_below_the_threshold_the_supervision_day_keeps_its_check_boxes(org, login):
    html = login("office").get(reverse("matters:supervision_create")).content.decode()
    assert 'type="checkbox"' in html and "data-zx-ac" not in html
