"""Every page answers the roles that may use it and refuses the others; the forms work
through the URLs a user takes."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from zhengxian.matters import services
from zhengxian.matters.models import (
    Enterprise,
    Matter,
    MatterState,
    MediationCase,
    SupervisionDay,
    Visit,
)
from zhengxian.matters.services import VisitTarget

from .factories import file_matter, matter_in

PAGES = [
    ("matters:matter_list", {"cadre_a", "leader_a", "office", "leadership", "viewer_b"}),
    ("matters:matter_create", {"cadre_a", "leader_a", "office", "supervisor"}),
    ("matters:deadlines", {"cadre_a", "leader_a", "office", "leadership"}),
    ("matters:visit_list", {"cadre_a", "grid_a", "leader_a", "office", "supervisor"}),
    ("matters:visit_create", {"cadre_a", "grid_a", "leader_a", "office"}),
    ("matters:coverage", {"cadre_a", "leader_a", "office", "leadership"}),
    ("matters:supervision_list", {"supervisor", "office"}),
    ("matters:supervision_create", {"supervisor", "office"}),
    ("matters:mediation_list", {"cadre_a", "leader_a", "leadership", "viewer_b"}),
    ("matters:mediation_create", {"cadre_a", "leader_a", "office"}),
]


@pytest.mark.parametrize(("name", "allowed"), PAGES)
def test_pages_open_for_their_roles_and_refuse_people_without_them(org, login, name, allowed):
    for role in allowed:
        assert login(role).get(reverse(name)).status_code == 200, role
    assert login("nobody").get(reverse(name)).status_code == 403


def test_anonymous_users_are_sent_to_log_in(client):
    response = client.get(reverse("matters:matter_list"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_logging_a_visit_with_two_problems_files_two_matters(org, login):
    client = login("cadre_a")
    client.get(reverse("matters:visit_create"))
    response = client.post(
        reverse("matters:visit_create"),
        {
            "visited_on": "2026-03-10",
            "unit": org.community_a.pk,
            "visitors": [org.people["cadre_a"].pk],
            "target_kind": "household",
            "target_unit": org.community_a.pk,
            "household": "湘湖家园3幢2单元王阿姨",
            "summary": "了解老人独居生活情况",
            "problem_key": ["k1", "k2", "k3"],
            "problem-k1-text": "楼道声控灯坏了，晚上上下楼看不见",
            "problem-k1-category": "facilities",
            "problem-k2-text": "希望社区帮助申请居家养老服务",
            "problem-k2-category": "livelihood",
            "problem-k3-text": "",
        },
    )
    visit = Visit.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "matters:visit_detail", args=[visit.pk]
    )
    matters = Matter.objects.filter(visit=visit).order_by("id")
    assert [m.category for m in matters] == ["facilities", "livelihood"]
    assert all(
        m.requester_name == "湘湖社区 · 湘湖家园3幢2单元王阿姨" and m.origin == "visit"
        for m in matters
    )
    page = client.get(response["Location"]).content.decode()
    assert "楼道声控灯坏了" in page


def test_a_visit_to_a_new_enterprise_adds_it_to_the_register(org, login):
    client = login("cadre_a")
    client.post(
        reverse("matters:visit_create"),
        {
            "visited_on": "2026-03-09",
            "unit": org.community_a.pk,
            "visitors": [org.people["cadre_a"].pk],
            "target_kind": "enterprise",
            "target_unit": org.community_a.pk,
            "enterprise_name": "杭州湘湖精密机械有限公司",
            "summary": "了解企业生产经营情况",
            "problem_key": ["k1"],
            "problem-k1-text": "",
        },
    )
    company = Enterprise.objects.get()
    assert (company.name, company.unit) == ("杭州湘湖精密机械有限公司", org.community_a)
    found = client.get(
        reverse("matters:enterprise_search"), {"enterprise_name": "精密"}
    ).content.decode()
    assert "杭州湘湖精密机械有限公司" in found
    assert (
        "杭州湘湖精密机械有限公司"
        in login("cadre_b")
        .get(reverse("matters:enterprise_search"), {"enterprise_name": "精密"})
        .content.decode()
    )  # the register is shared in the sub-district


def test_a_visit_problem_can_be_linked_to_an_open_matter_instead_of_filed(org, login):
    lamp = file_matter(org, title="湘湖家园3幢门口路灯坏了", description="晚上很黑")
    client = login("cadre_a")
    check = client.post(
        reverse("matters:duplicate_check") + "?fields=problem-k1-text&link=problem-k1-link",
        {"problem-k1-text": "3幢门口的路灯不亮，晚上很黑"},
    ).content.decode()
    assert f'name="problem-k1-link" value="{lamp.pk}"' in check
    client.post(
        reverse("matters:visit_create"),
        {
            "visited_on": "2026-03-10",
            "unit": org.community_a.pk,
            "visitors": [org.people["cadre_a"].pk],
            "target_kind": "community",
            "target_unit": org.community_a.pk,
            "summary": "走访",
            "problem_key": ["k1"],
            "problem-k1-text": "3幢门口的路灯不亮，晚上很黑",
            "problem-k1-link": str(lamp.pk),
        },
    )
    assert Matter.objects.count() == 1
    assert lamp.links.get().text == "3幢门口的路灯不亮，晚上很黑"


def test_filing_a_look_alike_matter_asks_first_then_files_or_links(org, login):
    lamp = file_matter(org, title="湘湖家园3幢门口路灯坏了", description="晚上很黑")
    client = login("cadre_a")
    form = {
        "title": "3幢门口的路灯不亮",
        "description": "晚上很黑，出行不安全",
        "category": "facilities",
        "origin": "other",
        "reporting_unit": org.community_a.pk,
    }
    asked = client.post(reverse("matters:matter_create"), form)
    assert asked.status_code == 200 and 'data-testid="duplicates"' in asked.content.decode()
    assert Matter.objects.count() == 1
    linked = client.post(reverse("matters:matter_create"), {**form, "link_to": lamp.pk})
    assert linked["Location"] == reverse("matters:matter_detail", args=[lamp.pk])
    filed = client.post(reverse("matters:matter_create"), {**form, "file_anyway": "on"})
    assert filed.status_code == 302 and Matter.objects.count() == 2


def test_taking_a_matter_through_its_loop_on_the_pages(org, login):
    matter = file_matter(org)
    leader = login("leader_a")

    def act(action, **data):
        return leader.post(reverse("matters:matter_act", args=[matter.pk, action]), data)

    assert (
        "action-assign"
        in leader.get(reverse("matters:matter_detail", args=[matter.pk])).content.decode()
    )
    act("assign", responsible_unit=org.grid_a.pk, deadline="2026-03-20", note="请网格处理")
    act("accept")
    act("resolve", note="已更换灯泡")
    matter.refresh_from_db()
    assert (matter.state, matter.responsible_unit) == (MatterState.RESOLVED, org.grid_a)
    requester = login("cadre_a")
    requester.post(reverse("matters:matter_act", args=[matter.pk, "rate"]), {"satisfaction": "5"})
    requester.post(
        reverse("matters:matter_act", args=[matter.pk, "confirm"]), {"resolution": "solved"}
    )
    matter.refresh_from_db()
    assert (matter.state, matter.satisfaction) == (MatterState.CLOSED, 5)
    page = requester.get(reverse("matters:matter_detail", args=[matter.pk])).content.decode()
    assert "已更换灯泡" in page


def test_a_refused_action_on_the_page_says_why_and_changes_nothing(org, login):
    matter = matter_in(org, MatterState.ASSIGNED)
    response = login("cadre_a").post(
        reverse("matters:matter_act", args=[matter.pk, "resolve"]), {"note": "x"}, follow=True
    )
    assert response.status_code == 200
    assert len(list(response.context["messages"])) == 1
    matter.refresh_from_db()
    assert matter.state == MatterState.ASSIGNED


def test_a_supervision_day_and_its_finding_on_the_pages(org, login):
    client = login("supervisor")
    client.post(
        reverse("matters:supervision_create"),
        {
            "held_on": "2026-03-09",
            "unit": org.subdistrict.pk,
            "title": "三月固定监督日",
            "inspected_units": [org.community_a.pk],
            "supervisors": [org.people["supervisor"].pk],
        },
    )
    day = SupervisionDay.objects.get()
    client.post(
        reverse("matters:supervision_finding_add", args=[day.pk]),
        {
            "unit": org.community_a.pk,
            "title": "党务公开栏未及时更新",
            "category": "conduct",
            "deadline": "2026-03-25",
        },
    )
    finding = Matter.objects.get(supervision_day=day)
    assert (finding.state, finding.responsible_unit, finding.rectification_kind) == (
        MatterState.ASSIGNED,
        org.community_a,
        "supervision_day",
    )
    assert (
        login("leader_a")
        .post(
            reverse("matters:supervision_finding_add", args=[day.pk]), {"unit": org.community_a.pk}
        )
        .status_code
        == 403
    )


def test_a_mediation_case_from_filing_to_outcome_on_the_pages(org, login):
    client = login("leader_a")
    client.post(
        reverse("matters:mediation_create"),
        {
            "title": "楼上漏水致楼下天花板受损",
            "category": "neighbour",
            "applicants": "王某 13900001111",
            "respondents": "李某",
            "reporting_unit": org.community_a.pk,
            "handling_unit": org.community_a.pk,
            "deadline": "2026-04-09",
        },
    )
    case = MediationCase.objects.get()
    assert [p.name for p in case.parties.all()] == ["王某", "李某"]
    client.post(
        reverse("matters:mediation_session_add", args=[case.pk]),
        {
            "held_on": "2026-03-10",
            "place": "湘湖社区调解室",
            "mediators": "湘湖书记",
            "summary": "双方陈述",
        },
    )
    client.post(
        reverse("matters:mediation_conclude", args=[case.pk]),
        {
            "outcome": "agreement",
            "agreement_text": "李某承担维修费用2000元",
        },
    )
    case.refresh_from_db()
    assert (case.outcome, case.concluded_month, case.matter.state) == (
        "agreement",
        202603,
        MatterState.RESOLVED,
    )
    register = client.get(reverse("matters:mediation_list")).content.decode()
    assert case.number in register and "100%" in register


def test_coverage_lists_the_enterprises_and_communities_not_visited(org, login):
    services.enterprise_get_or_create(
        actor=org.user("cadre_a"), name="杭州湘湖精密机械有限公司", unit=org.community_a
    )
    visited, _ = services.enterprise_get_or_create(
        actor=org.user("cadre_a"), name="湘湖文旅发展有限公司", unit=org.community_a
    )
    services.visit_create(
        actor=org.user("cadre_a"),
        unit=org.community_a,
        visited_on=dt.date(2026, 3, 2),
        target=VisitTarget(kind="enterprise", enterprise=visited),
        summary="走访",
        visitors=[org.people["cadre_a"]],
    )
    page = (
        login("office")
        .get(
            reverse("matters:coverage"),
            {
                "unit": org.subdistrict.pk,
                "month_from": "2026-03",
                "month_to": "2026-03",
            },
        )
        .content.decode()
    )
    missed = page.split('data-testid="enterprises-missed"')[1].split("</ul>")[0]
    assert "杭州湘湖精密机械有限公司" in missed and "湘湖文旅发展有限公司" not in missed
    assert "湖头陈社区" in page.split('data-testid="communities-missed"')[1].split("</ul>")[0]


def test_the_cockpits_coverage_counts_agree_with_the_coverage_lists(org):
    from zhengxian.matters.selectors.visits import coverage_counts_for, coverage_for

    services.enterprise_get_or_create(
        actor=org.user("cadre_a"), name="杭州湘湖精密机械有限公司", unit=org.community_a
    )
    visited, _ = services.enterprise_get_or_create(
        actor=org.user("cadre_a"), name="湘湖文旅发展有限公司", unit=org.community_a
    )
    for target in (
        VisitTarget(kind="enterprise", enterprise=visited),
        VisitTarget(kind="community", unit=org.community_a),
    ):
        services.visit_create(
            actor=org.user("cadre_a"),
            unit=org.community_a,
            visited_on=dt.date(2026, 3, 2),
            target=target,
            summary="走访",
            visitors=[org.people["cadre_a"]],
        )
    office = org.user("office")
    for unit in (org.subdistrict, org.community_a, org.community_b):
        for months in ((202603, 202603), (202604, 202604)):
            lists = coverage_for(office, unit=unit, first_month=months[0], last_month=months[1])
            counts = coverage_counts_for(
                office, unit=unit, first_month=months[0], last_month=months[1]
            )
            assert (
                counts.communities,
                counts.communities_visited,
                counts.enterprises,
                counts.enterprises_visited,
            ) == (
                len(lists.communities_visited) + len(lists.communities_missed),
                len(lists.communities_visited),
                len(lists.enterprises_visited) + len(lists.enterprises_missed),
                len(lists.enterprises_visited),
            )
            assert counts.community_share == lists.community_share
    march = coverage_counts_for(office, unit=org.subdistrict, first_month=202603, last_month=202603)
    assert (march.communities_visited, march.enterprises_visited) == (1, 1)
