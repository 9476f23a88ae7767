"""A community never sees another community's matters, visits, cases or findings."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from zhengxian.matters import services
from zhengxian.matters.selectors.matters import matters_visible_to
from zhengxian.matters.services import VisitTarget
from zhengxian.matters.workflow import Action

from .factories import act, file_matter, file_mediation_case


@pytest.fixture
def records(org):
    a = file_matter(org, title="湘湖家园路灯坏了")
    b = file_matter(org, by="cadre_b", unit="community_b", title="湖头陈井盖缺失")
    visit_a = services.visit_create(
        actor=org.user("cadre_a"),
        unit=org.community_a,
        visited_on=dt.date(2026, 3, 9),
        target=VisitTarget(kind="community", unit=org.community_a),
        summary="了解民情",
        visitors=[org.people["cadre_a"]],
    ).visit
    case_a = file_mediation_case(org)
    return {"a": a, "b": b, "visit_a": visit_a, "case_a": case_a}


def test_each_community_lists_only_its_own_matters(org, records, login):
    response = login("cadre_b").get(reverse("matters:matter_list"), {"state": ""})
    page = response.content.decode()
    assert (
        response.status_code == 200 and "湖头陈井盖缺失" in page and "湘湖家园路灯坏了" not in page
    )
    own = login("cadre_a").get(reverse("matters:matter_list"), {"state": ""})
    assert "湘湖家园路灯坏了" in own.content.decode()  # the same list shows it to its community
    assert set(matters_visible_to(org.user("viewer_b"))) == {records["b"]}
    assert set(matters_visible_to(org.user("grid_a"))) == set()  # a grid sees its own only
    assert set(matters_visible_to(org.user("leadership"))) >= {records["a"], records["b"]}


@pytest.mark.parametrize(
    "name,key",
    [
        ("matters:matter_detail", "a"),
        ("matters:visit_detail", "visit_a"),
        ("matters:mediation_detail", "case_a"),
    ],
)
def test_another_communitys_record_is_not_found(org, records, login, name, key):
    url = reverse(name, args=[records[key].pk])
    assert login("cadre_b").get(url).status_code == 404
    assert login("leadership").get(url).status_code == 200


def test_another_community_cannot_act_on_a_matter(org, records, login):
    url = reverse("matters:matter_act", args=[records["a"].pk, "comment"])
    before = records["a"].history.count()
    assert login("cadre_b").post(url, {"note": "x"}).status_code == 404
    assert records["a"].history.count() == before
    # The same action on the same matter by its own community is recorded.
    assert login("cadre_a").post(url, {"note": "已联系物业"}).status_code == 302
    assert records["a"].history.filter(note="已联系物业").exists()


def test_duplicate_checks_do_not_reveal_other_communities(org, records, login):
    url = reverse("matters:duplicate_check") + "?fields=text&link=l"
    response = login("cadre_b").post(url, {"text": "湘湖家园路灯坏了"})
    assert response.status_code == 200
    assert "湘湖家园路灯坏了" not in response.content.decode()
    # The same check by the community that filed it finds it: the check itself works.
    own = login("cadre_a").post(url, {"text": "湘湖家园路灯坏了"})
    assert own.status_code == 200 and "湘湖家园路灯坏了" in own.content.decode()


def test_a_matter_assigned_to_an_office_is_seen_by_the_office_and_the_reporting_community(
    org, records
):
    matter = act(org, records["a"], Action.ESCALATE, "leader_a", note="需街道协调")
    matter = act(org, matter, Action.ASSIGN, "office", responsible_unit=org.office)
    assert matter in matters_visible_to(org.user("cadre_a"))
    assert matter not in matters_visible_to(org.user("cadre_b"))


def test_supervision_findings_are_seen_by_the_inspected_community_only(org, login):
    day = services.supervision_day_create(
        actor=org.user("supervisor"),
        unit=org.subdistrict,
        held_on=dt.date(2026, 3, 9),
        title="固定监督日",
        inspected_units=[org.community_a, org.community_b],
        supervisors=[org.people["supervisor"]],
    )
    for unit, title in ((org.community_a, "湘湖台账缺失"), (org.community_b, "湖头陈公示未更新")):
        services.supervision_finding_create(
            day=day,
            actor=org.user("supervisor"),
            unit=unit,
            title=title,
            deadline=dt.date(2026, 3, 31),
        )
    page = (
        login("leader_a").get(reverse("matters:supervision_detail", args=[day.pk])).content.decode()
    )
    assert "湘湖台账缺失" in page and "湖头陈公示未更新" not in page
    everything = (
        login("supervisor")
        .get(reverse("matters:supervision_detail", args=[day.pk]))
        .content.decode()
    )
    assert "湘湖台账缺失" in everything and "湖头陈公示未更新" in everything
