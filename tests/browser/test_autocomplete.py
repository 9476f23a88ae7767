"""A long list of people or units is a search box: the office types a name into the visit
list's filter, picks the match, and the list shows that person's visits (issue 13: at province
scale the filter would otherwise list 285,000 people). The threshold is lowered so that the
fixture's sub-district counts as long."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from zhengxian.matters import services
from zhengxian.matters.services import VisitTarget
from zhengxian.orgs.testing import PASSWORD

from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _visit(org, cadre: str, unit, household: str) -> None:
    services.visit_create(
        actor=org.user(cadre),
        unit=unit,
        visited_on=dt.date.today(),
        target=VisitTarget(kind="household", unit=unit, household=household),
        summary="走访了解情况",
        visitors=[org.people[cadre]],
    )


def test_typing_a_name_in_the_visit_filter_finds_the_person_and_filters_the_list(
    live_server, org, phone_page, settings, shoot
):
    settings.ZHENGXIAN_AUTOCOMPLETE_THRESHOLD = 3
    _visit(org, "cadre_a", org.community_a, "湘湖家园1幢")
    _visit(org, "cadre_b", org.community_b, "湖头陈新村2幢")
    page = phone_page
    log_in(page, live_server.url, "office", PASSWORD)
    page.goto(f"{live_server.url}/matters/visits/")
    table = page.get_by_test_id("visit-table")
    expect(table).to_contain_text("湘湖家园1幢")
    expect(page.locator("#id_person option")).to_have_count(1)  # no list of everyone

    box = page.locator("#id_person_search")
    box.fill("湖头陈")
    match = page.locator("#id_person_listbox [role=option]").filter(has_text="湖头陈干部")
    expect(match).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shoot(page, "autocomplete-person-phone")
    match.click()
    expect(box).to_have_value("湖头陈干部 · 湖头陈社区")
    expect(table).to_contain_text("湖头陈新村2幢")
    expect(table).not_to_contain_text("湘湖家园1幢")
    expect(page).to_have_url(re.compile(rf"person={org.people['cadre_b'].pk}"))

    # The keyboard: type, arrow down to the second match, Enter; the clear button empties it.
    unit_box = page.locator("#id_unit_search")
    unit_box.fill("湘湖")
    options = page.locator("#id_unit_listbox [role=option]")
    expect(options).to_have_count(2)  # 湘湖社区, 湘湖第一网格
    unit_box.press("ArrowDown")
    expect(options.nth(1)).to_have_attribute("aria-selected", "true")
    unit_box.press("Enter")
    expect(unit_box).to_have_value("湘湖第一网格")
    expect(page.locator("#id_unit")).to_have_value(str(org.grid_a.pk))
    page.locator("#id_person_search ~ [data-zx-ac-clear]").click()
    expect(box).to_have_value("")
    expect(page).not_to_have_url(re.compile(r"person=\d"))


def test_an_organiser_picks_people_by_typing_removes_one_and_saves_on_a_phone(
    live_server, org, phone_page, settings, shoot
):
    settings.ZHENGXIAN_AUTOCOMPLETE_THRESHOLD = 3
    page = phone_page
    log_in(page, live_server.url, "office", PASSWORD)
    page.goto(f"{live_server.url}/activities/new/")
    page.fill("#id_title", "街道干部专题学习")
    organiser = page.locator("#id_organiser_search")
    organiser.fill("城厢")
    page.locator("#id_organiser_listbox [role=option]").filter(has_text="城厢街道").click()
    expect(organiser).to_have_value("城厢街道")

    people = page.locator("#id_people_search")
    for name in ("湘湖干部", "湖头陈干部", "网格员甲"):
        people.fill(name)
        page.locator("#id_people_listbox [role=option]").filter(has_text=name).first.click()
        expect(people).to_have_value("")
    tags = page.locator("[data-zx-ac-chips] .zx-ac-chip")
    expect(tags).to_have_count(3)
    people.fill("干部")  # the chosen are not offered again
    expect(page.locator("#id_people_listbox [role=option]")).to_have_count(1)  # 纪检干部
    people.press("Escape")
    tags.filter(has_text="湖头陈干部").locator("[data-zx-ac-remove]").click()
    expect(tags).to_have_count(2)
    expect(page.locator("#id_people option")).to_have_count(2)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shoot(page, "autocomplete-people-phone")
    page.fill("#id_start_time", "09:00")
    page.fill("#id_end_time", "10:30")
    page.fill("#id_place", "城厢街道党群服务中心")
    page.locator("form.zx-form button[type=submit]").click()
    expected = page.locator("dd").filter(has_text="湘湖干部")
    expect(expected).to_contain_text("网格员甲")
    expect(expected).not_to_contain_text("湖头陈干部")


def test_the_office_files_a_new_person_under_a_unit_found_by_typing(
    live_server, org, phone_page, settings
):
    """At province scale the unit list of the person form is a search box, not 24,000 options."""
    settings.ZHENGXIAN_AUTOCOMPLETE_THRESHOLD = 3
    page = phone_page
    log_in(page, live_server.url, "office", PASSWORD)
    page.goto(f"{live_server.url}/orgs/people/new/")
    expect(page.locator("#id_unit option")).to_have_count(1)  # the empty choice, no unit listed
    page.fill("#id_name", "新来的干部")
    unit = page.locator("#id_unit_search")
    unit.fill("湖头陈")
    page.locator("#id_unit_listbox [role=option]").filter(has_text="湖头陈社区").first.click()
    expect(page.locator("#id_unit")).to_have_value(str(org.community_b.pk))
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.locator("form button[type=submit]").last.click()
    expect(page.locator("body")).to_contain_text("新来的干部")
    expect(page.locator("body")).to_contain_text("湖头陈社区")
