"""Scope rules on every page, for every role, through the URLs a user visits.

The org fixture (zhengxian/core/testing.py):

    萧山区 (district, nobody's scope)
    └── 城厢街道            office, evaluator, leadership, project_lead, supervisor hold roles here
        ├── 湘湖社区        leader_a (unit leader), cadre_a; people 湘湖书记 湘湖干部 无角色
        │   └── 湘湖第一网格  grid_a (cadre over the grid only); person 网格员甲
        ├── 湖头陈社区      cadre_b, viewer_b; people 湖头陈干部 湖头陈观察员
        │   └── 湖头陈第一网格
        └── 党政办          people 办公室干事 考评员小周 街道领导 包联领导老陈 纪检干部

Rule of the scope policy: 404 outside the user's scope, 403 inside it without the permission.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from zhengxian.core.actors import SYSTEM
from zhengxian.orgs import services
from zhengxian.orgs.models import Person, RoleAssignment, Unit
from zhengxian.orgs.roles import Role
from zhengxian.orgs.testing import OrgFixture

# ---------------------------------------------------------------------------------------
# Pages
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Page:
    method: str
    url: Callable[[OrgFixture], str]
    data: Callable[[OrgFixture], dict[str, Any]] | None = None
    headers: dict[str, str] = field(default_factory=dict)


def _unit(attr: str) -> Callable[[OrgFixture], int]:
    return lambda org: getattr(org, attr).pk


def _person(key: str) -> Callable[[OrgFixture], int]:
    return lambda org: org.people[key].pk


def _url(
    name: str, *args: Callable[[OrgFixture], int], query: str = ""
) -> Callable[[OrgFixture], str]:
    def build(org: OrgFixture) -> str:
        url = reverse(name, args=[arg(org) for arg in args])
        if not query:
            return url
        return f"{url}?{query.format(org=org)}"

    return build


def _only_role_of(key: str) -> Callable[[OrgFixture], int]:
    return lambda org: org.people[key].roles.get().pk


PAGES: dict[str, Page] = {
    "home": Page("get", _url("home:home")),
    "unit_tree": Page("get", _url("orgs:unit_tree")),
    "unit_detail:district": Page("get", _url("orgs:unit_detail", _unit("district"))),
    "unit_detail:subdistrict": Page("get", _url("orgs:unit_detail", _unit("subdistrict"))),
    "unit_detail:community_a": Page("get", _url("orgs:unit_detail", _unit("community_a"))),
    "unit_detail:community_b": Page("get", _url("orgs:unit_detail", _unit("community_b"))),
    "unit_detail:grid_a": Page("get", _url("orgs:unit_detail", _unit("grid_a"))),
    "unit_detail:office": Page("get", _url("orgs:unit_detail", _unit("office"))),
    "unit_children:community_a": Page("get", _url("orgs:unit_children", _unit("community_a"))),
    "unit_children:community_b": Page("get", _url("orgs:unit_children", _unit("community_b"))),
    "unit_children(htmx):community_a": Page(
        "get", _url("orgs:unit_children", _unit("community_a")), headers={"HX-Request": "true"}
    ),
    "unit_tree?q=网格": Page("get", _url("orgs:unit_tree", query="q=网格")),
    "unit_create": Page("get", _url("orgs:unit_create")),
    "unit_edit:community_a": Page("get", _url("orgs:unit_edit", _unit("community_a"))),
    "unit_edit:community_b": Page("get", _url("orgs:unit_edit", _unit("community_b"))),
    "unit_edit:grid_a": Page("get", _url("orgs:unit_edit", _unit("grid_a"))),
    "person_list": Page("get", _url("orgs:person_list")),
    "person_list?q=干部": Page("get", _url("orgs:person_list", query="q=干部")),
    "person_list?unit=community_a": Page(
        "get", _url("orgs:person_list", query="unit={org.community_a.pk}")
    ),
    "person_list?unit=community_b": Page(
        "get", _url("orgs:person_list", query="unit={org.community_b.pk}")
    ),
    "person_list(htmx)": Page("get", _url("orgs:person_list"), headers={"HX-Request": "true"}),
    "person_detail:cadre_a": Page("get", _url("orgs:person_detail", _person("cadre_a"))),
    "person_detail:cadre_b": Page("get", _url("orgs:person_detail", _person("cadre_b"))),
    "person_detail:grid_a": Page("get", _url("orgs:person_detail", _person("grid_a"))),
    "person_detail:office": Page("get", _url("orgs:person_detail", _person("office"))),
    "person_create": Page("get", _url("orgs:person_create")),
    "person_edit:cadre_a": Page("get", _url("orgs:person_edit", _person("cadre_a"))),
    "person_edit:cadre_b": Page("get", _url("orgs:person_edit", _person("cadre_b"))),
    "person_edit:grid_a": Page("get", _url("orgs:person_edit", _person("grid_a"))),
    "role_add:cadre_a": Page(
        "post",
        _url("orgs:person_role_add", _person("cadre_a")),
        lambda org: {"role": Role.VIEWER, "unit": org.grid_a.pk},
    ),
    "role_add:cadre_b": Page(
        "post",
        _url("orgs:person_role_add", _person("cadre_b")),
        lambda org: {"role": Role.VIEWER, "unit": org.grid_b.pk},
    ),
    "role_remove:cadre_a": Page(
        "post", _url("orgs:person_role_remove", _person("cadre_a"), _only_role_of("cadre_a"))
    ),
    "role_remove:cadre_b": Page(
        "post", _url("orgs:person_role_remove", _person("cadre_b"), _only_role_of("cadre_b"))
    ),
    "password_reset:cadre_a": Page("post", _url("orgs:person_password_reset", _person("cadre_a"))),
    "password_reset:cadre_b": Page("post", _url("orgs:person_password_reset", _person("cadre_b"))),
    "audit_log": Page("get", _url("audit:entry_list")),
}


def visit(client: Client, org: OrgFixture, page_name: str):
    page = PAGES[page_name]
    data = page.data(org) if page.data else {}
    return getattr(client, page.method)(page.url(org), data, headers=page.headers)


# ---------------------------------------------------------------------------------------
# The table: expected status of every page for every role
# ---------------------------------------------------------------------------------------

ROLES = (
    "office", "evaluator", "leadership", "project_lead", "supervisor",
    "leader_a", "cadre_a", "grid_a", "cadre_b", "viewer_b", "nobody",
)  # fmt: skip

PEOPLE_LIST = (200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 403)
MANAGE_CADRE_A = (302, 403, 403, 403, 403, 302, 403, 404, 404, 404, 404)
MANAGE_CADRE_B = (302, 403, 403, 403, 403, 404, 404, 404, 403, 403, 404)

STATUS: dict[str, tuple[int, ...]] = {
    #                           office eval lead proj sup  ldr_a cad_a grid cad_b vw_b nobody
    "home":                    (200,  200, 200, 200, 200, 200,  200,  200, 200,  200, 200),
    "unit_tree":               (200,  200, 200, 200, 200, 200,  200,  200, 200,  200, 403),
    "unit_detail:district":    (404,  404, 404, 404, 404, 404,  404,  404, 404,  404, 404),
    "unit_detail:subdistrict": (200,  200, 200, 200, 200, 404,  404,  404, 404,  404, 404),
    "unit_detail:community_a": (200,  200, 200, 200, 200, 200,  200,  404, 404,  404, 404),
    "unit_detail:community_b": (200,  200, 200, 200, 200, 404,  404,  404, 200,  200, 404),
    "unit_detail:grid_a":      (200,  200, 200, 200, 200, 200,  200,  200, 404,  404, 404),
    "unit_detail:office":      (200,  200, 200, 200, 200, 404,  404,  404, 404,  404, 404),
    "unit_children:community_a": (200, 200, 200, 200, 200, 200,  200,  404, 404,  404, 404),
    "unit_children:community_b": (200, 200, 200, 200, 200, 404,  404,  404, 200,  200, 404),
    "unit_children(htmx):community_a": (200, 200, 200, 200, 200, 200, 200, 404, 404, 404, 404),
    "unit_tree?q=网格":        (200,  200, 200, 200, 200, 200,  200,  200, 200,  200, 403),
    "unit_create":             (200,  403, 403, 403, 403, 403,  403,  403, 403,  403, 403),
    "unit_edit:community_a":   (200,  403, 403, 403, 403, 403,  403,  404, 404,  404, 404),
    "unit_edit:community_b":   (200,  403, 403, 403, 403, 404,  404,  404, 403,  403, 404),
    "unit_edit:grid_a":        (200,  403, 403, 403, 403, 403,  403,  403, 404,  404, 404),
    "person_list":                  PEOPLE_LIST,
    "person_list?q=干部":            PEOPLE_LIST,
    "person_list?unit=community_a": PEOPLE_LIST,
    "person_list?unit=community_b": PEOPLE_LIST,
    "person_list(htmx)":            PEOPLE_LIST,
    "person_detail:cadre_a":   (200,  200, 200, 200, 200, 200,  200,  404, 404,  404, 404),
    "person_detail:cadre_b":   (200,  200, 200, 200, 200, 404,  404,  404, 200,  200, 404),
    "person_detail:grid_a":    (200,  200, 200, 200, 200, 200,  200,  200, 404,  404, 404),
    "person_detail:office":    (200,  200, 200, 200, 200, 404,  404,  404, 404,  404, 404),
    "person_create":           (200,  403, 403, 403, 403, 200,  403,  403, 403,  403, 403),
    "person_edit:cadre_a":     (200,  403, 403, 403, 403, 200,  403,  404, 404,  404, 404),
    "person_edit:cadre_b":     (200,  403, 403, 403, 403, 404,  404,  404, 403,  403, 404),
    "person_edit:grid_a":      (200,  403, 403, 403, 403, 200,  403,  403, 404,  404, 404),
    "role_add:cadre_a":             MANAGE_CADRE_A,
    "role_add:cadre_b":             MANAGE_CADRE_B,
    "role_remove:cadre_a":          MANAGE_CADRE_A,
    "role_remove:cadre_b":          MANAGE_CADRE_B,
    "password_reset:cadre_a":       MANAGE_CADRE_A,
    "password_reset:cadre_b":       MANAGE_CADRE_B,
    "audit_log":               (200,  403, 403, 403, 403, 403,  403,  403, 403,  403, 403),
}  # fmt: skip

assert set(STATUS) == set(PAGES), "every page has a row in the status table"

# ---------------------------------------------------------------------------------------
# What each role sees on the pages it may open: (roles, page, visible, invisible)
# ---------------------------------------------------------------------------------------

SUB_WIDE = ("office", "evaluator", "leadership", "project_lead", "supervisor")
SIDE_A = ("leader_a", "cadre_a")
SIDE_B = ("cadre_b", "viewer_b")
GRID_A = ("grid_a",)

ALL_UNITS_OF_SUB = (
    "城厢街道",
    "湘湖社区",
    "湖头陈社区",
    "湘湖第一网格",
    "湖头陈第一网格",
    "党政办",
)
PEOPLE_A = ("湘湖书记", "湘湖干部", "无角色", "网格员甲")
PEOPLE_B = ("湖头陈干部", "湖头陈观察员")
PEOPLE_OFFICE = ("办公室干事", "考评员小周", "街道领导", "包联领导老陈", "纪检干部")


def _counts(units: int, people: int) -> tuple[str, str]:
    return (f'data-testid="unit-count">{units}<', f'data-testid="people-count">{people}<')


SEES: list[tuple[tuple[str, ...], str, tuple[str, ...], tuple[str, ...]]] = [
    # home: the counts of what is in scope; a user without roles gets the empty state
    (SUB_WIDE, "home", _counts(6, 11), ("zx-empty",)),
    (SIDE_A, "home", _counts(2, 4), ("zx-empty",)),
    (GRID_A, "home", _counts(1, 1), ("zx-empty",)),
    (SIDE_B, "home", _counts(2, 2), ("zx-empty",)),
    (("nobody",), "home", ("zx-empty",), ('data-testid="unit-count"', "湖头陈社区")),
    # unit tree: the top units of the scope and their children; deeper units load on expanding
    # (unit_children) or are found by the search
    (SUB_WIDE, "unit_tree", ("城厢街道", "湘湖社区", "湖头陈社区", "党政办"),
     ("萧山区", "湘湖第一网格", "湖头陈第一网格")),
    (SIDE_A, "unit_tree", ("湘湖社区", "湘湖第一网格"),
     ("萧山区", "城厢街道", "湖头陈社区", "湖头陈第一网格", "党政办")),
    (GRID_A, "unit_tree", ("湘湖第一网格",), ("城厢街道", "湘湖社区", "湖头陈社区", "党政办")),
    (SIDE_B, "unit_tree", ("湖头陈社区", "湖头陈第一网格"),
     ("城厢街道", "湘湖社区", "湘湖第一网格", "党政办")),
    (SUB_WIDE + SIDE_A, "unit_children:community_a", ("湘湖社区", "湘湖第一网格"),
     ("萧山区", "湖头陈第一网格")),
    (SUB_WIDE + SIDE_B, "unit_children:community_b", ("湖头陈社区", "湖头陈第一网格"),
     ("萧山区", "湘湖第一网格")),
    (SUB_WIDE + SIDE_A, "unit_children(htmx):community_a", ("湘湖第一网格",),
     ("<html", "navbar", "湖头陈第一网格")),
    (SUB_WIDE, "unit_tree?q=网格", ("湘湖第一网格", "湖头陈第一网格"), ("萧山区",)),
    (SIDE_A, "unit_tree?q=网格", ("湘湖第一网格",), ("湖头陈第一网格", "城厢街道")),
    (GRID_A, "unit_tree?q=网格", ("湘湖第一网格",), ("湖头陈第一网格", "湘湖社区")),
    (SIDE_B, "unit_tree?q=网格", ("湖头陈第一网格",), ("湘湖第一网格", "湘湖社区")),
    # unit detail: breadcrumbs stop at the top of the scope; people are the direct members
    (SUB_WIDE, "unit_detail:subdistrict", ("城厢街道", "湘湖社区", "湖头陈社区", "党政办"),
     ("萧山区",)),
    (SUB_WIDE, "unit_detail:community_a", ("城厢街道", "湘湖社区", "湘湖第一网格", "湘湖干部"),
     ("萧山区", "湖头陈干部")),
    (SIDE_A, "unit_detail:community_a", ("湘湖社区", "湘湖第一网格", "湘湖干部", "无角色"),
     ("萧山区", "城厢街道", "湖头陈社区", "湖头陈干部")),
    (SUB_WIDE + SIDE_B, "unit_detail:community_b", ("湖头陈社区", "湖头陈第一网格", "湖头陈干部"),
     ("湘湖干部", "萧山区")),
    (SIDE_B, "unit_detail:community_b", (), ("城厢街道", "湘湖社区")),
    (SIDE_A, "unit_detail:grid_a", ("湘湖社区", "湘湖第一网格", "网格员甲"), ("城厢街道",)),
    (GRID_A, "unit_detail:grid_a", ("湘湖第一网格", "网格员甲"),
     ("城厢街道", "湘湖社区", "湘湖干部")),
    (SUB_WIDE, "unit_detail:office", ("党政办", "考评员小周"), ("萧山区",)),
    # unit forms offer only parents the office may manage, never the unit's own subtree
    (("office",), "unit_create", ("城厢街道", "湘湖社区", "党政办"), ("萧山区",)),
    (("office",), "unit_edit:community_a", ("湘湖社区", "城厢街道", "湖头陈社区"),
     ("萧山区", "湘湖第一网格")),
    # person list, its filters and its htmx partial
    (SUB_WIDE, "person_list", PEOPLE_A + PEOPLE_B + PEOPLE_OFFICE, ("萧山区",)),
    (SIDE_A, "person_list", PEOPLE_A,
     (*PEOPLE_B, "办公室干事", "考评员小周", "湖头陈社区", "党政办", "城厢街道")),
    (GRID_A, "person_list", ("网格员甲",),
     ("湘湖书记", "湘湖干部", "无角色", "湘湖社区", *PEOPLE_B)),
    (SIDE_B, "person_list", PEOPLE_B, (*PEOPLE_A, "办公室干事", "湘湖社区", "党政办")),
    (SUB_WIDE, "person_list?q=干部", ("湘湖干部", "湖头陈干部", "纪检干部"),
     ("湘湖书记", "网格员甲", "无角色", "湖头陈观察员")),
    (SIDE_A, "person_list?q=干部", ("湘湖干部",), ("湖头陈干部", "纪检干部", "网格员甲", "无角色")),
    (GRID_A, "person_list?q=干部", ("zx-empty",), ("湘湖干部", "湖头陈干部", "纪检干部")),
    (("cadre_b",), "person_list?q=干部", ("湖头陈干部",), ("湘湖干部", "纪检干部", "网格员甲")),
    (SUB_WIDE + SIDE_A, "person_list?unit=community_a", PEOPLE_A, PEOPLE_B),
    # a unit outside the scope is not a valid filter: the list stays within the scope
    (GRID_A, "person_list?unit=community_a", ("网格员甲",), ("湘湖干部", "湘湖书记")),
    (SIDE_B, "person_list?unit=community_a", PEOPLE_B, PEOPLE_A),
    (SUB_WIDE + SIDE_B, "person_list?unit=community_b", PEOPLE_B, PEOPLE_A),
    (SIDE_A, "person_list?unit=community_b", PEOPLE_A, PEOPLE_B),
    (SUB_WIDE, "person_list(htmx)", ('data-testid="people-table"', *PEOPLE_A, *PEOPLE_B),
     ("<html", "navbar")),
    (SIDE_A, "person_list(htmx)", ('data-testid="people-table"', *PEOPLE_A),
     ("<html", "navbar", *PEOPLE_B)),
    (GRID_A, "person_list(htmx)", ("网格员甲",), ("<html", "湘湖干部", *PEOPLE_B)),
    (SIDE_B, "person_list(htmx)", PEOPLE_B, ("<html", *PEOPLE_A)),
    # person detail and forms
    (SUB_WIDE + SIDE_A, "person_detail:cadre_a", ("湘湖干部", "湘湖社区", "cadre_a"), ()),
    (SIDE_B, "person_detail:cadre_b", ("湖头陈干部", "湖头陈社区"), ()),
    (GRID_A, "person_detail:grid_a", ("网格员甲", "湘湖第一网格"), ()),
    (("leader_a",), "person_create", ("湘湖社区", "湘湖第一网格"),
     ("湖头陈社区", "党政办", "城厢街道")),
    (("office",), "person_create", ALL_UNITS_OF_SUB, ("萧山区",)),
    (("leader_a",), "person_edit:cadre_a", ("湘湖干部", "湘湖第一网格"), ("湖头陈社区", "党政办")),
    # only the office reads the audit log
    (("office",), "audit_log", ('data-testid="audit-table"',), ()),
]  # fmt: skip


@dataclass(frozen=True)
class Case:
    role: str
    page: str
    status: int
    visible: tuple[str, ...] = ()
    invisible: tuple[str, ...] = ()

    @property
    def id(self) -> str:
        return f"{self.role}-{self.page}-{self.status}"


def _cases() -> list[Case]:
    seen: dict[tuple[str, str], tuple[list[str], list[str]]] = {}
    for roles, page, visible, invisible in SEES:
        for role in roles:
            shown, hidden = seen.setdefault((role, page), ([], []))
            shown.extend(visible)
            hidden.extend(invisible)
    cases = []
    for page, statuses in STATUS.items():
        for role, status in zip(ROLES, statuses, strict=True):
            shown, hidden = seen.pop((role, page), ([], []))
            assert status == 200 or not shown, f"{role} on {page}: content for a {status}"
            cases.append(Case(role, page, status, tuple(shown), tuple(hidden)))
    assert not seen, f"visibility rows for unknown role/page: {sorted(seen)}"
    return cases


CASES = _cases()


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_every_role_gets_the_status_and_content_its_scope_allows_on_every_page(case, org, login):
    response = visit(login(case.role), org, case.page)

    assert response.status_code == case.status
    text = response.text
    for name in case.visible:
        assert name in text, f"{case.role} should see {name} on {case.page}"
    for name in case.invisible:
        assert name not in text, f"{case.role} must not see {name} on {case.page}"


@pytest.mark.parametrize("page_name", list(PAGES))
def test_anonymous_visitor_is_sent_to_login_from_every_page(page_name, org, client):
    response = visit(client, org, page_name)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login") + "?next=")


def test_error_pages_for_out_of_scope_objects_do_not_leak_their_names(org, login):
    client = login("cadre_a")

    response = client.get(reverse("orgs:person_detail", args=[org.people["cadre_b"].pk]))

    assert response.status_code == 404
    assert "湖头陈干部" not in response.text
    assert "湖头陈社区" not in response.text
    # The same page names both for a user whose scope holds the person.
    own = login("cadre_b").get(reverse("orgs:person_detail", args=[org.people["cadre_b"].pk]))
    assert own.status_code == 200 and "湖头陈干部" in own.text and "湖头陈社区" in own.text


# ---------------------------------------------------------------------------------------
# The people list's htmx partial
# ---------------------------------------------------------------------------------------


def test_people_search_over_htmx_returns_only_the_results_partial(org, login):
    client = login("cadre_a")

    response = client.get(
        reverse("orgs:person_list"), {"q": "书记"}, headers={"HX-Request": "true"}
    )

    assert response.status_code == 200
    text = response.text
    assert "<html" not in text and "<form" not in text
    assert 'data-testid="people-table"' in text
    assert "湘湖书记" in text
    assert "湘湖干部" not in text


def test_people_search_matches_account_names_within_scope_only(org, login):
    response = login("cadre_a").get(reverse("orgs:person_list"), {"q": "cadre"})

    people = list(response.context["page"].object_list)
    assert [p.name for p in people] == ["湘湖干部"]


# ---------------------------------------------------------------------------------------
# Writes: managers act inside their scope only
# ---------------------------------------------------------------------------------------


def _person_form(person: Person, **overrides: Any) -> dict[str, Any]:
    data = {
        "name": person.name,
        "unit": person.unit_id,
        "position": person.position,
        "phone": person.phone,
        "is_active": "on" if person.is_active else "",
    }
    data.update(overrides)
    return data


def _unit_form(unit: Unit, **overrides: Any) -> dict[str, Any]:
    data = {
        "code": unit.code,
        "name": unit.name,
        "kind": unit.kind,
        "parent": unit.parent_id or "",
        "sort_order": unit.sort_order,
        "is_active": "on" if unit.is_active else "",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    ("role", "target", "status"),
    [
        ("leader_a", "cadre_b", 404),  # another community: not even there
        ("cadre_b", "cadre_b", 403),  # own person, but a cadre manages nobody
        ("viewer_b", "cadre_b", 403),
        ("evaluator", "cadre_a", 403),
        ("grid_a", "cadre_a", 404),  # the grid's cadre does not see the community
    ],
)
def test_person_edit_outside_permission_is_refused_and_changes_nothing(
    role, target, status, org, login
):
    person = org.people[target]

    response = login(role).post(
        reverse("orgs:person_edit", args=[person.pk]), _person_form(person, name="改名")
    )

    assert response.status_code == status
    person.refresh_from_db()
    assert person.name != "改名"
    # The same form posted by the office over that person is saved.
    allowed = login("office").post(
        reverse("orgs:person_edit", args=[person.pk]), _person_form(person, name="改名")
    )
    assert allowed.status_code == 302
    person.refresh_from_db()
    assert person.name == "改名"


def test_unit_leader_edits_a_person_of_their_community(org, login):
    person = org.people["cadre_a"]

    response = login("leader_a").post(
        reverse("orgs:person_edit", args=[person.pk]), _person_form(person, position="副书记")
    )

    assert response.status_code == 302
    person.refresh_from_db()
    assert person.position == "副书记"


def test_unit_leader_adds_a_person_to_their_community(org, login):
    response = login("leader_a").post(
        reverse("orgs:person_create"),
        {"name": "新网格员", "unit": org.grid_a.pk, "position": "", "phone": "", "is_active": "on"},
    )

    person = Person.objects.get(name="新网格员")
    assert response.status_code == 302
    assert response["Location"] == reverse("orgs:person_detail", args=[person.pk])
    assert person.unit == org.grid_a


def test_unit_leader_cannot_add_a_person_to_another_community(org, login):
    response = login("leader_a").post(
        reverse("orgs:person_create"),
        {
            "name": "越界者",
            "unit": org.community_b.pk,
            "position": "",
            "phone": "",
            "is_active": "on",
        },
    )

    assert response.status_code == 200
    assert "unit" in response.context["form"].errors
    assert not Person.objects.filter(name="越界者").exists()


@pytest.mark.parametrize("page", ["unit_create", "unit_edit:community_a", "unit_edit:grid_a"])
def test_unit_leader_cannot_manage_units_even_in_their_community(page, org, login):
    assert visit(login("leader_a"), org, page).status_code == 403
    assert visit(login("office"), org, page).status_code == 200  # the page itself works


def test_unit_leader_posting_a_unit_edit_is_refused_and_changes_nothing(org, login):
    unit = org.community_a

    response = login("leader_a").post(
        reverse("orgs:unit_edit", args=[unit.pk]), _unit_form(unit, name="改名社区")
    )

    assert response.status_code == 403
    unit.refresh_from_db()
    assert unit.name == "湘湖社区"
    allowed = login("office").post(
        reverse("orgs:unit_edit", args=[unit.pk]), _unit_form(unit, name="改名社区")
    )
    assert allowed.status_code == 302  # the same edit by the office is saved
    unit.refresh_from_db()
    assert unit.name == "改名社区"


def test_unit_leader_cannot_grant_a_role_over_a_unit_outside_their_scope(org, login):
    person = org.people["cadre_a"]

    response = login("leader_a").post(
        reverse("orgs:person_role_add", args=[person.pk]),
        {"role": Role.VIEWER, "unit": org.community_b.pk},
        follow=True,
    )

    assert response.status_code == 200
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    assert not person.roles.filter(unit=org.community_b).exists()
    login("office").post(
        reverse("orgs:person_role_add", args=[person.pk]),
        {"role": Role.VIEWER, "unit": org.community_b.pk},
    )
    assert person.roles.filter(unit=org.community_b).exists()  # the office may grant it


def test_unit_leader_cannot_remove_a_role_held_over_a_unit_above_their_scope(org, login):
    person = org.people["cadre_a"]
    above = services.role_assign(
        actor=SYSTEM, person=person, role=Role.EVALUATOR, unit=org.subdistrict
    )

    response = login("leader_a").post(
        reverse("orgs:person_role_remove", args=[person.pk, above.pk])
    )

    assert response.status_code == 403
    assert RoleAssignment.objects.filter(pk=above.pk).exists()
    allowed = login("office").post(reverse("orgs:person_role_remove", args=[person.pk, above.pk]))
    assert allowed.status_code == 302  # the office, whose scope holds the unit, removes it
    assert not RoleAssignment.objects.filter(pk=above.pk).exists()


def test_role_given_by_a_unit_leader_opens_the_pages_of_that_scope(org, login, client):
    nobody = org.people["nobody"]
    leader = login("leader_a")

    leader.post(
        reverse("orgs:person_role_add", args=[nobody.pk]),
        {"role": Role.CADRE, "unit": org.grid_a.pk},
    )
    client.force_login(org.user("nobody"))
    tree = client.get(reverse("orgs:unit_tree"))

    assert tree.status_code == 200
    assert "湘湖第一网格" in tree.text
    assert "湘湖社区" not in tree.text

    assignment = nobody.roles.get()
    client.force_login(org.user("leader_a"))
    client.post(reverse("orgs:person_role_remove", args=[nobody.pk, assignment.pk]))
    client.force_login(org.user("nobody"))
    assert client.get(reverse("orgs:unit_tree")).status_code == 403


def test_role_remove_with_an_assignment_of_another_person_is_not_found(org, login):
    other = org.people["leader_a"].roles.get()

    response = login("office").post(
        reverse("orgs:person_role_remove", args=[org.people["cadre_a"].pk, other.pk])
    )

    assert response.status_code == 404
    assert RoleAssignment.objects.filter(pk=other.pk).exists()
    allowed = login("office").post(
        reverse("orgs:person_role_remove", args=[org.people["leader_a"].pk, other.pk])
    )
    assert allowed.status_code == 302  # with the person it belongs to, the same removal works
    assert not RoleAssignment.objects.filter(pk=other.pk).exists()


def test_password_reset_by_a_manager_announces_a_one_time_password(org, login):
    person = org.people["cadre_a"]

    response = login("leader_a").post(reverse("orgs:person_password_reset", args=[person.pk]))

    assert response.status_code == 302
    [message] = list(get_messages(response.wsgi_request))
    assert message.level_tag == "warning"
    person.user.refresh_from_db()
    assert person.user.must_change_password


def test_office_cannot_create_a_unit_outside_its_scope(org, login):
    response = login("office").post(
        reverse("orgs:unit_create"),
        {
            "code": "XS-OUT",
            "name": "区外单位",
            "kind": "office",
            "parent": org.district.pk,
            "sort_order": 0,
        },
    )

    assert response.status_code == 200
    assert "parent" in response.context["form"].errors
    assert not Unit.objects.filter(code="XS-OUT").exists()


def test_office_creates_a_unit_inside_its_scope_with_a_materialised_path(org, login):
    response = login("office").post(
        reverse("orgs:unit_create"),
        {"code": "CX-XH-G2", "name": "湘湖第二网格", "kind": "grid", "parent": org.community_a.pk},
    )

    unit = Unit.objects.get(code="CX-XH-G2")
    assert response.status_code == 302
    assert unit.path == f"{org.community_a.path}{unit.pk}/"
    assert unit.depth == org.community_a.depth + 1
    assert "湘湖第二网格" in login("leader_a").get(reverse("orgs:unit_tree")).text


# ---------------------------------------------------------------------------------------
# Moving units
# ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("new_parent", ["grid_a", "community_a"], ids=["own-child", "itself"])
def test_moving_a_unit_under_its_own_subtree_is_refused_with_a_message(new_parent, org, login):
    unit = org.community_a
    old_path = unit.path

    response = login("office").post(
        reverse("orgs:unit_edit", args=[unit.pk]),
        _unit_form(unit, parent=getattr(org, new_parent).pk),
    )

    assert response.status_code == 200
    [message] = response.context["form"].errors["parent"]
    assert escape(message) in response.text
    unit.refresh_from_db()
    assert (unit.parent_id, unit.path) == (org.subdistrict.pk, old_path)


def test_unit_update_service_refuses_a_move_under_the_units_own_child(org):
    with pytest.raises(ValidationError) as refused:
        services.unit_update(actor=SYSTEM, unit=org.community_a, parent=org.grid_a)

    assert "parent" in refused.value.message_dict
    org.community_a.refresh_from_db()
    assert org.community_a.parent_id == org.subdistrict.pk


def test_moving_a_unit_updates_the_path_and_depth_of_its_whole_subtree(org, login):
    office = login("office")
    office.post(
        reverse("orgs:unit_create"),
        {"code": "CX-PQ", "name": "湘湖片区", "kind": "office", "parent": org.subdistrict.pk},
    )
    area = Unit.objects.get(code="CX-PQ")

    response = office.post(
        reverse("orgs:unit_edit", args=[org.community_a.pk]),
        _unit_form(org.community_a, parent=area.pk),
    )

    assert response.status_code == 302
    community, grid = (Unit.objects.get(pk=u.pk) for u in (org.community_a, org.grid_a))
    assert community.path == f"{area.path}{community.pk}/"
    assert grid.path == f"{area.path}{community.pk}/{grid.pk}/"
    assert (area.depth, community.depth, grid.depth) == (2, 3, 4)
    # the untouched sibling keeps its path
    assert Unit.objects.get(pk=org.community_b.pk).path == org.community_b.path


def test_scope_follows_a_moved_unit_and_its_subtree(org, login, client):
    area = services.unit_create(
        actor=SYSTEM, code="CX-PQ", name="湘湖片区", kind="office", parent=org.subdistrict
    )
    watcher, _ = services.person_create(
        actor=SYSTEM,
        name="片区观察员",
        unit=area,
        username="area_viewer",
        password="x-pass-123",
        roles=[(Role.VIEWER, area)],
    )
    client.force_login(watcher.user)
    before = client.get(reverse("orgs:person_list"))
    assert before.status_code == 200 and "片区观察员" in before.text
    assert "湘湖干部" not in before.text

    login("office").post(
        reverse("orgs:unit_edit", args=[org.community_a.pk]),
        _unit_form(org.community_a, parent=area.pk),
    )

    client.force_login(watcher.user)
    people = client.get(reverse("orgs:person_list")).text
    assert all(name in people for name in PEOPLE_A)
    assert client.get(reverse("orgs:unit_detail", args=[org.grid_a.pk])).status_code == 200
    # the people inside the moved subtree keep exactly their old scope
    client.force_login(org.user("leader_a"))
    assert client.get(reverse("orgs:unit_detail", args=[org.grid_a.pk])).status_code == 200
    assert client.get(reverse("orgs:unit_detail", args=[area.pk])).status_code == 404
    client.force_login(org.user("grid_a"))
    assert client.get(reverse("orgs:unit_detail", args=[org.community_a.pk])).status_code == 404
    # Both units refused above are open to the area's viewer.
    client.force_login(watcher.user)
    assert client.get(reverse("orgs:unit_detail", args=[area.pk])).status_code == 200
    assert client.get(reverse("orgs:unit_detail", args=[org.community_a.pk])).status_code == 200


def test_moving_a_grid_to_another_community_moves_its_people_between_scopes(org, login, client):
    response = login("office").post(
        reverse("orgs:unit_edit", args=[org.grid_a.pk]),
        _unit_form(org.grid_a, parent=org.community_b.pk),
    )
    assert response.status_code == 302

    client.force_login(org.user("cadre_b"))
    assert "网格员甲" in client.get(reverse("orgs:person_list")).text
    assert (
        client.get(reverse("orgs:person_detail", args=[org.people["grid_a"].pk])).status_code == 200
    )

    client.force_login(org.user("cadre_a"))
    people = client.get(reverse("orgs:person_list"))
    assert people.status_code == 200 and "湘湖干部" in people.text
    assert "网格员甲" not in people.text
    assert client.get(reverse("orgs:unit_detail", args=[org.grid_a.pk])).status_code == 404

    client.force_login(org.user("grid_a"))
    assert client.get(reverse("orgs:unit_detail", args=[org.grid_a.pk])).status_code == 200
