"""Evidence references from the sources turn back into records with links to their pages."""

from __future__ import annotations

import datetime as dt

from zhengxian.engine.evidence import describe_evidence
from zhengxian.matters import services
from zhengxian.matters.services import VisitTarget

from .factories import file_matter


def test_visits_matters_and_cases_are_described_with_one_query_each(org, django_assert_num_queries):
    matter = file_matter(org, title="湘湖家园路灯坏了")
    visit = services.visit_create(
        actor=org.user("cadre_a"),
        unit=org.community_a,
        visited_on=dt.date(2026, 3, 9),
        target=VisitTarget(kind="household", unit=org.community_a, household="3幢王阿姨"),
        summary="了解独居老人情况",
        visitors=[org.people["cadre_a"]],
    ).visit
    case = services.mediation_case_create(
        actor=org.user("cadre_a"),
        reporting_unit=org.community_a,
        title="漏水纠纷",
        category="neighbour",
        applicants=[("王某", "")],
        respondents=[("李某", "")],
    )
    refs = [
        f"matters.matter:{matter.pk}",
        f"matters.visit:{visit.pk}",
        f"matters.mediationcase:{case.pk}",
    ]
    with django_assert_num_queries(3):
        items = describe_evidence(refs)
    assert [i.title for i in items] == [
        "湘湖家园路灯坏了",
        "湘湖社区 · 3幢王阿姨 · 了解独居老人情况",
        f"{case.number} 漏水纠纷",
    ]
    assert items[0].url == f"/matters/{matter.pk}/"
    assert items[1].url == f"/matters/visits/{visit.pk}/" and items[1].day == dt.date(2026, 3, 9)
    assert items[2].url == f"/matters/mediation/{case.pk}/"
