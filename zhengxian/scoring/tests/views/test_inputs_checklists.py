"""Checklists (创建清单, e.g. 红色物业 created): the office sets items for many units at once;
a unit's leader or cadre marks an item done with a date, a note and a file."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
import time_machine
from django.urls import reverse

from zhengxian.scoring.models import ChecklistItem
from zhengxian.scoring.services.compute import compute_period

from .inputs_data import NOW, content, january, ntext, pdf, renamed_text, text

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _pinned_clock():
    with time_machine.travel(NOW, tick=False):
        yield


def _page(campaign) -> str:
    return reverse("scoring:checklists", args=[campaign.pk])


def _add(client, campaign, name: str = "红色物业", *, group=None, units=()):
    data = {
        "checklist": "red-property",
        "name": name,
        "group": group.pk if group else "",
        "units": [u.pk for u in units],
    }
    return client.post(_page(campaign), data)


def _mark(
    client,
    item,
    day: str = "2026-01-20",
    note: str = "物业党支部已成立",
    attachment=None,
    htmx=True,
):
    data = {f"i{item.pk}-done_on": day, f"i{item.pk}-note": note}
    if attachment is not None:
        data[f"i{item.pk}-attachment"] = attachment
    headers = {"HX-Request": "true"} if htmx else {}
    return client.post(
        reverse("scoring:checklist_item_done", args=[item.pk]), data, headers=headers
    )


def _confirm(client, item):
    return client.post(reverse("scoring:checklist_item_done", args=[item.pk]), {"confirm": "1"})


def _raw(period, unit):
    result, _ = compute_period(period)
    return result.unit(unit.pk).leaves["red-property"]


def test_the_office_adds_an_item_for_every_community_in_one_go(org, login):
    campaign, _period = january(org)
    office = login("office")
    response = _add(office, campaign, group=campaign.groups.get(code="community"))
    assert response.status_code == 302
    assert sorted(ChecklistItem.objects.values_list("unit__name", "name")) == [
        ("湖头陈社区", "红色物业"),
        ("湘湖社区", "红色物业"),
    ]
    assert ntext("%(n)s item added.", "%(n)s items added.", 2) in content(
        office.get(response["Location"])
    )
    _add(office, campaign, group=campaign.groups.get(code="community"))  # again: nothing doubles
    assert ChecklistItem.objects.count() == 2
    _add(office, campaign, "红色业委会", units=[org.community_a])
    assert ChecklistItem.objects.filter(unit=org.community_a).count() == 2


def test_adding_items_needs_a_group_or_units(org, login):
    campaign, _period = january(org)
    response = _add(login("office"), campaign)
    assert text("Choose a group or at least one unit.") in content(response)
    assert not ChecklistItem.objects.exists()


def test_only_the_office_adds_items(org, login):
    campaign, _period = january(org)
    for key in ("evaluator", "leader_a", "cadre_a"):
        client = login(key)
        page = client.get(_page(campaign))
        assert page.status_code == 200 and 'name="name"' not in content(page), key
        assert _add(client, campaign, units=[org.community_a]).status_code == 403
    assert not ChecklistItem.objects.exists()
    office = login("office")  # the office gets the form on the same page, and adds
    assert 'name="name"' in content(office.get(_page(campaign)))
    assert _add(office, campaign, units=[org.community_a]).status_code == 302
    assert ChecklistItem.objects.count() == 1


def test_marking_an_item_done_raises_the_checklist_leafs_raw_value(org, login):
    campaign, period = january(org)
    _add(login("office"), campaign, group=campaign.groups.get(code="community"))
    item = ChecklistItem.objects.get(unit=org.community_a)
    before = _raw(period, org.community_a)
    assert before.raw == D(0) and before.points == D("0.00")
    cadre = login("cadre_a")
    response = _mark(cadre, item, attachment=pdf())
    assert response.status_code == 200
    assert "2026-01-20" in content(response) and f'id="item-{item.pk}"' in content(response)
    item.refresh_from_db()
    assert (
        item.done_on.isoformat() == "2026-01-20" and item.done_month == 202601 and item.attachment
    )
    # The unit's own tick counts once an evaluator from outside the unit confirms it.
    assert item.awaiting_confirmation and _raw(period, org.community_a).raw == D(0)
    assert _confirm(login("evaluator"), item).status_code == 302
    after = _raw(period, org.community_a)
    assert after.raw == D(1) and (after.numerator, after.denominator) == (D(1), D(1))
    assert after.points == D("20.00") and after.evidence == (f"scoring.checklistitem:{item.pk}",)
    assert _raw(period, org.community_b).raw == D(0)


def test_an_item_done_after_the_period_does_not_count_in_it(org, login):
    campaign, period = january(org)
    _add(login("office"), campaign, units=[org.community_a])
    item = ChecklistItem.objects.get()
    _mark(login("leader_a"), item, day="2026-02-02")
    _confirm(login("evaluator"), item)
    assert _raw(period, org.community_a).raw == D(0)
    assert _raw(campaign.periods.get(key="2026-02"), org.community_a).raw == D(1)


def test_the_unit_sees_its_own_items_and_marks_them_from_the_page(org, login):
    campaign, _period = january(org)
    _add(login("office"), campaign, group=campaign.groups.get(code="community"))
    item_a = ChecklistItem.objects.get(unit=org.community_a)
    item_b = ChecklistItem.objects.get(unit=org.community_b)
    page = content(login("cadre_a").get(_page(campaign)))
    assert "湘湖社区" in page and "湖头陈社区" not in page
    assert reverse("scoring:checklist_item_done", args=[item_a.pk]) in page
    page = content(login("viewer_b").get(_page(campaign)))
    assert (
        "湖头陈社区" in page
        and reverse("scoring:checklist_item_done", args=[item_b.pk]) not in page
    )


def test_marking_needs_the_right_to_record_work_over_the_unit(org, login):
    campaign, _period = january(org)
    _add(login("office"), campaign, group=campaign.groups.get(code="community"))
    item_a = ChecklistItem.objects.get(unit=org.community_a)
    item_b = ChecklistItem.objects.get(unit=org.community_b)
    assert _mark(login("cadre_b"), item_a).status_code == 404  # 湘湖 lies outside their scope
    assert _mark(login("viewer_b"), item_b).status_code == 403  # sees, may not record
    assert not ChecklistItem.objects.filter(done_on__isnull=False).exists()
    # Each community's own cadre marks the same item.
    assert _mark(login("cadre_a"), item_a).status_code == 200
    assert _mark(login("cadre_b"), item_b).status_code == 200
    assert ChecklistItem.objects.filter(done_on__isnull=False).count() == 2


def test_a_day_in_the_future_and_a_disguised_file_are_refused(org, login):
    campaign, _period = january(org)
    _add(login("office"), campaign, units=[org.community_a])
    item = ChecklistItem.objects.get()
    client = login("cadre_a")
    page = content(_mark(client, item, day="2026-02-04"))
    assert text("The day it was done cannot lie in the future.") in page
    page = content(_mark(client, item, attachment=renamed_text()))
    assert "情况说明.pdf" in page
    item.refresh_from_db()
    assert item.done_on is None


def test_without_htmx_the_page_is_shown_again_with_the_outcome(org, login):
    campaign, _period = january(org)
    _add(login("office"), campaign, units=[org.community_a])
    item = ChecklistItem.objects.get()
    client = login("leader_a")
    response = _mark(client, item, htmx=False)
    assert response.status_code == 302
    assert text("“%(item)s” marked done.", item="红色物业") in content(
        client.get(response["Location"])
    )


def test_the_checklists_entry_leads_straight_to_the_only_campaign(org, login):
    campaign, _period = january(org)
    response = login("cadre_a").get(reverse("scoring:checklist_home"))
    assert response.status_code == 302 and response["Location"] == _page(campaign)


def test_someone_outside_the_campaign_gets_not_found(org, login):
    campaign, _period = january(org)
    assert login("nobody").get(_page(campaign)).status_code == 404
    assert login("cadre_a").get(_page(campaign)).status_code == 200
