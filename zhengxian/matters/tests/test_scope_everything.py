"""The campaign office of a whole tree (a grant on its root) sees every record with no filter in
its queries; the moment another tree exists beside it, it is filtered again."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from zhengxian.core.actors import SYSTEM
from zhengxian.matters import services
from zhengxian.matters.services import VisitTarget
from zhengxian.orgs.roles import Perm, Role
from zhengxian.orgs.scope import scope_for
from zhengxian.orgs.services import unit_create
from zhengxian.orgs.testing import make_person

from .factories import file_matter, file_mediation_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def root_office(org):
    return make_person("root_office", org.office, [(Role.OFFICE, org.district)], "区考核办")


def _visit(unit, by, summary: str) -> None:
    services.visit_create(
        actor=by,
        unit=unit,
        visited_on=dt.date(2026, 3, 9),
        target=VisitTarget(kind="community", unit=unit),
        summary=summary,
        visitors=[by.person],
    )


def _other_tree_with_a_matter() -> None:
    other = unit_create(actor=SYSTEM, code="YH", name="余杭区", kind="district", parent=None)
    street = unit_create(
        actor=SYSTEM, code="YH-1", name="余杭街道", kind="subdistrict", parent=other
    )
    cadre = make_person("other_cadre", street, [(Role.CADRE, street)], "余杭干部")
    services.matter_create(
        actor=cadre.user,
        title="余杭的路面塌陷",
        description="一个坑。",
        origin="visit",
        reporting_unit=street,
    )
    _visit(street, cadre.user, "余杭走访了解民情")


def test_the_office_of_the_only_tree_sees_every_matter_without_a_unit_filter(
    org, root_office, client
):
    file_matter(org, title="湘湖家园路灯坏了")
    file_matter(org, by="cadre_b", unit="community_b", title="湖头陈井盖缺失")
    scope = scope_for(root_office.user)
    assert scope.sees_everything(Perm.VIEW_ORG)
    assert scope.unit_q(Perm.VIEW_ORG, via="unit").children == [("unit__isnull", False)]
    client.force_login(root_office.user)
    page = client.get(reverse("matters:matter_list")).content.decode()
    assert "湘湖家园路灯坏了" in page and "湖头陈井盖缺失" in page
    _visit(org.community_b, org.user("cadre_b"), "湖头陈走访了解民情")
    assert "湖头陈走访了解民情" in client.get(reverse("matters:visit_list")).content.decode()
    file_mediation_case(org)
    assert "楼上漏水纠纷" in client.get(reverse("matters:mediation_list")).content.decode()


def test_a_second_tree_brings_the_filter_back(org, root_office, client):
    file_matter(org, title="湘湖家园路灯坏了")
    _other_tree_with_a_matter()
    scope = scope_for(root_office.user)
    assert not scope.sees_everything(Perm.VIEW_ORG)
    client.force_login(root_office.user)
    page = client.get(reverse("matters:matter_list")).content.decode()
    assert "湘湖家园路灯坏了" in page
    assert "余杭的路面塌陷" not in page
    _visit(org.community_b, org.user("cadre_b"), "湖头陈走访了解民情")
    visits = client.get(reverse("matters:visit_list")).content.decode()
    assert "湖头陈走访了解民情" in visits and "余杭走访了解民情" not in visits


def test_a_root_grant_without_the_permission_is_not_everything(org):
    viewer = make_person("root_viewer", org.office, [(Role.VIEWER, org.district)])
    scope = scope_for(viewer.user)
    assert scope.sees_everything(Perm.VIEW_ORG)
    assert not scope.sees_everything(Perm.HANDLE_MATTERS)
    # the office below the root is filtered by path as before
    assert not scope_for(org.user("office")).sees_everything(Perm.VIEW_ORG)
